#pragma once
// Runs the built sasim binary as a child process (no shell in between, so a
// signal reaches sasim itself) and captures its exit status, stdout and
// stderr: in the foreground, or in the background to be stopped by a signal.
// CliTest runs it in a fresh directory per test (shared by the CLI tests).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include "test_files.hpp"

namespace sasim::testing {

inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

struct CliOutput {
  int status = -1;  // the exit status, -1 if sasim did not exit
  int signal = 0;   // the signal that ended sasim, 0 if it exited
  std::string out, err;
};

// `sasim args...` started in cwd, its stdout and stderr going to cwd/.stdout
// and cwd/.stderr (hidden: comparisons of visible files skip them). env
// entries ("NAME=value") replace or add to this process's environment.
class SasimChild {
 public:
  SasimChild(const std::vector<std::string>& args, const fs::path& cwd, const std::vector<std::string>& env = {})
      : cwd_(cwd) {
    std::vector<std::string> argv_text = {SASIM_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    const auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
    std::vector<std::string> env_text = env;
    for (char** entry = environ; *entry; ++entry) {
      const std::string name = name_of(*entry);
      if (std::none_of(env.begin(), env.end(), [&](const std::string& e) { return name_of(e) == name; }))
        env_text.push_back(*entry);
    }
    std::vector<char*> argv = pointers(argv_text), envp = pointers(env_text);
    const std::string out = (cwd / ".stdout").string(), err = (cwd / ".stderr").string();
    pid_ = fork();
    if (pid_ != 0) return;
    // Child: only async-signal-safe calls until exec.
    const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out_fd < 0 || err_fd < 0 || chdir(cwd.c_str()) != 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(126);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  SasimChild(const SasimChild&) = delete;
  SasimChild& operator=(const SasimChild&) = delete;
  // A child still running (a failed ASSERT left it) is killed, not left behind.
  ~SasimChild() {
    if (pid_ > 0) finish(SIGKILL);
  }

  bool started() const { return pid_ > 0; }

  // Sends sig (none if 0), waits for sasim to end and collects its output.
  CliOutput finish(int sig = 0) {
    CliOutput result;
    if (pid_ <= 0) {
      result.err = "sasim did not start: fork failed";
      return result;
    }
    if (sig != 0) kill(pid_, sig);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    if (WIFEXITED(status)) result.status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    result.out = read_text(cwd_ / ".stdout");
    result.err = read_text(cwd_ / ".stderr");
    fs::remove(cwd_ / ".stdout");
    fs::remove(cwd_ / ".stderr");
    return result;
  }

 private:
  static std::vector<char*> pointers(std::vector<std::string>& texts) {
    std::vector<char*> out;
    for (std::string& text : texts) out.push_back(text.data());
    out.push_back(nullptr);
    return out;
  }

  fs::path cwd_;
  pid_t pid_ = -1;
};

// `sasim args...` run to completion in cwd.
inline CliOutput run_sasim(const std::vector<std::string>& args, const fs::path& cwd,
                           const std::vector<std::string>& env = {}) {
  return SasimChild(args, cwd, env).finish();
}

// sasim run inside a fresh directory per test, dir_.
class CliTest : public TempDirTest {
 protected:
  // `sasim <args...>`.
  CliOutput sasim(const std::vector<std::string>& args) { return run_sasim(args, dir_); }

  // `sasim <command> <args...>`, for fixtures that run one command throughout.
  CliOutput sasim(const char* command, std::vector<std::string> args) {
    args.insert(args.begin(), command);
    return sasim(args);
  }

  // A user error: exit status 2, nothing on stdout, one line on stderr.
  static void expect_one_line_error(const CliOutput& r, const std::string& part) {
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("sasim: error: ", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
    EXPECT_NE(r.err.find(part), std::string::npos) << "expected '" << part << "' in: " << r.err;
  }
};

}  // namespace sasim::testing
