#pragma once
// Child processes for sweeps: `sasim run` per point, gnuplot, sbatch. Each is
// started with fork + execv (argv as given, no shell; a bare name is looked
// up in PATH), stdin from /dev/null, stdout and stderr into files or
// /dev/null, and is killed if the thread that started it dies.
#include <string>
#include <vector>

namespace sasim {

struct ChildStatus {
  bool exited = false;      // else killed by a signal (or could not start: start_error)
  int code = 0;             // exit code, or the signal number
  std::string start_error;  // why it could not start, if it did not
};

// Runs argv[0] and waits for it.
// stdout_path / stderr_path: "" for /dev/null.
ChildStatus run_child(const std::vector<std::string>& argv, const std::string& stdout_path,
                      const std::string& stderr_path);

// argv0 as given when it holds a '/', else the first executable of that name
// in PATH; "" when there is none.
std::string find_program(const std::string& argv0);

// The file's text, "" when it cannot be read.
std::string read_text_file(const std::string& path);

// The absolute path of the running executable (/proc/self/exe).
std::string current_executable();

// "exit status N" or "signal N (NAME)", for messages.
std::string describe(const ChildStatus& status);

}  // namespace sasim
