#pragma once
// Progress on a terminal: a spinner with elapsed time, or a done/total bar.
// Silent when stderr is not a TTY (logs and CI stay clean) or when quiet.
#include <chrono>
#include <cstdint>
#include <string>

namespace sasim {

bool stderr_is_tty();

class Spinner {
 public:
  Spinner(std::string label, bool quiet);
  void tick();                           // redraws at most ~5 times a second
  void finish(const std::string& note);  // final line (also printed off a TTY)

 private:
  std::string label_;
  bool quiet_, tty_;
  int frame_ = 0;
  std::chrono::steady_clock::time_point start_;
};

class ProgressBar {
 public:
  ProgressBar(std::string label, std::int64_t total, bool quiet);
  void update(std::int64_t done);
  void finish();

 private:
  std::string label_;
  std::int64_t total_;
  bool active_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace sasim
