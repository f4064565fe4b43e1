#include "sasim/support/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace sasim {

bool stderr_is_tty() {
  return isatty(STDERR_FILENO) != 0;
}

namespace {
double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

Spinner::Spinner(std::string label, bool quiet)
    : label_(std::move(label)), quiet_(quiet), tty_(stderr_is_tty()), start_(std::chrono::steady_clock::now()) {
  if (quiet_) return;
  if (tty_) {
    fmt::print(stderr, "{} ...", label_);
  } else {
    fmt::print(stderr, "{} ...\n", label_);
  }
  std::fflush(stderr);
}

void Spinner::tick() {
  if (quiet_ || !tty_) return;
  static const char kFrames[] = {'|', '/', '-', '\\'};
  fmt::print(stderr, "\r{} {} {:.0f} s ", label_, kFrames[frame_++ % 4], seconds_since(start_));
  std::fflush(stderr);
}

void Spinner::finish(const std::string& note) {
  if (quiet_) return;
  if (tty_) fmt::print(stderr, "\r{}: {}          \n", label_, note);
  else fmt::print(stderr, "{}: {}\n", label_, note);
  std::fflush(stderr);
}

ProgressBar::ProgressBar(std::string label, std::int64_t total, bool quiet)
    : label_(std::move(label)),
      total_(total),
      active_(!quiet && stderr_is_tty() && total > 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressBar::update(std::int64_t done) {
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total_ && std::chrono::duration<double>(now - last_draw_).count() < 0.1) return;
  last_draw_ = now;
  const double elapsed = seconds_since(start_);
  const double rate = elapsed > 0 ? done / elapsed : 0;
  const double eta = rate > 0 ? (total_ - done) / rate : 0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * done / total_);
  fmt::print(stderr, "\r{} [{}{}] {}/{} {:.1f}/s ETA {:.0f} s ", label_, std::string(filled, '#'),
             std::string(kWidth - filled, ' '), done, total_, rate, eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!active_) return;
  update(total_);
  fmt::print(stderr, "\n");
  active_ = false;
}

}  // namespace sasim
