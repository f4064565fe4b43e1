#pragma once
// The built sasim binary as a child process, for tests that need more than
// std::system gives: a chosen working directory, no shell in between (so a
// signal reaches sasim itself), and the pid to kill. Used by the determinism
// and result-integrity tests.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace sasim::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every file below dir whose name does not start with '.' (relative path ->
// bytes): the results, without lock files, logs and temporaries.
inline std::map<std::string, std::string> visible_files(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
      files[std::filesystem::relative(entry.path(), dir).string()] = read_file(entry.path());
  }
  return files;
}

// Starts `sasim args...` in cwd with stdout and stderr sent to the given files
// (created or truncated). Returns the child's pid, or -1 if fork failed.
inline pid_t spawn_sasim(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                         const std::filesystem::path& out, const std::filesystem::path& err) {
  std::vector<std::string> argv_text = {SASIM_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // Child: only async-signal-safe calls until exec.
  const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out_fd < 0 || err_fd < 0 || chdir(cwd.c_str()) != 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(126);
  execv(argv[0], argv.data());
  _exit(127);
}

// Waits for pid; returns its raw wait status.
inline int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

struct SasimResult {
  int exit_code = -1;  // -1 if it did not exit normally
  std::string out, err;
};

// Runs sasim to completion in cwd; its output goes through cwd/.stdout and
// cwd/.stderr, hidden so directory comparisons can skip them.
inline SasimResult run_sasim(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  const pid_t pid = spawn_sasim(args, cwd, cwd / ".stdout", cwd / ".stderr");
  SasimResult result;
  if (pid < 0) return result;
  const int status = wait_for(pid);
  result.exit_code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(cwd / ".stdout");
  result.err = read_file(cwd / ".stderr");
  return result;
}

}  // namespace sasim::testing
