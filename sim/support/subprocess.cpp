#include "sasim/support/subprocess.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sasim {

std::string find_program(const std::string& argv0) {
  if (argv0.find('/') != std::string::npos) return argv0;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + argv0;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

ChildStatus run_child(const std::vector<std::string>& argv, const std::string& stdout_path,
                      const std::string& stderr_path) {
  ChildStatus status;
  const std::string program = find_program(argv[0]);
  if (program.empty()) {
    status.start_error = fmt::format("'{}' not found in PATH", argv[0]);
    return status;
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const char* out = stdout_path.empty() ? "/dev/null" : stdout_path.c_str();
  const char* err = stderr_path.empty() ? "/dev/null" : stderr_path.c_str();

  // exec's errno comes back through a close-on-exec pipe: no bytes, it ran.
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    status.start_error = std::strerror(errno);
    return status;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    status.start_error = std::strerror(errno);
    ::close(report[0]);
    ::close(report[1]);
    return status;
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec. The child dies with the thread
    // that started it, so a sweep killed with kill -9 leaves no point running
    // on (it would write into a scratch directory a resumed sweep reuses).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int in_fd = ::open("/dev/null", O_RDONLY);
    const int out_fd = ::open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    const int err_fd = ::open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (in_fd >= 0 && out_fd >= 0 && err_fd >= 0 && dup2(in_fd, STDIN_FILENO) >= 0 &&
        dup2(out_fd, STDOUT_FILENO) >= 0 && dup2(err_fd, STDERR_FILENO) >= 0) {
      execv(program.c_str(), args.data());
    }
    const int error = errno;
    (void)!::write(report[1], &error, sizeof error);
    _exit(127);
  }
  ::close(report[1]);
  int exec_error = 0;
  ssize_t got = 0;
  do {
    got = ::read(report[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  ::close(report[0]);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) {
      status.start_error = std::strerror(errno);
      return status;
    }
  }
  if (got > 0) {
    status.start_error = fmt::format("'{}': {}", program, std::strerror(exec_error));
    return status;
  }
  status.exited = WIFEXITED(wstatus);
  status.code = status.exited ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus);
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
