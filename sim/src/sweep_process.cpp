#include "sasim/sweep_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace sasim {

ChildStatus run_child(const std::vector<std::string>& argv, const std::string& stdout_path,
                      const std::string& stderr_path) {
  ChildStatus status;
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const int out_flags = O_WRONLY | O_CREAT | O_TRUNC;
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.empty() ? "/dev/null" : stdout_path.c_str(),
                                   out_flags, 0666);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.empty() ? "/dev/null" : stderr_path.c_str(),
                                   out_flags, 0666);
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    status.start_error = std::strerror(error);
    return status;
  }
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) {
      status.start_error = std::strerror(errno);
      return status;
    }
  }
  status.exited = WIFEXITED(wstatus);
  status.code = status.exited ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus);
  // posix_spawnp reports a missing program only through the child (exit 127).
  if (status.exited && status.code == 127 && argv[0].find('/') == std::string::npos) {
    status.start_error = fmt::format("'{}' exited with 127 (not found in PATH?)", argv[0]);
  }
  return status;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string current_executable() {
  std::string path(4096, '\0');
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  path.resize(n > 0 ? std::size_t(n) : 0);
  return path;
}

std::string describe(const ChildStatus& status) {
  if (!status.start_error.empty()) return "could not start: " + status.start_error;
  if (status.exited) return fmt::format("exit status {}", status.code);
  return fmt::format("signal {} ({})", status.code, strsignal(status.code));
}

}  // namespace sasim
