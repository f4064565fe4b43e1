#include "sasim/unit/fold_timer.hpp"

#include <algorithm>

namespace sasim {

FoldTimer::FoldTimer(const ArrayConfig& config)
    : config_(config), latency_(std::int64_t{config.rows} + config.cols - 1) {}

FoldTiming FoldTimer::next(std::int64_t avail, int north_beats, int west_beats) {
  FoldTiming t;
  if (config_.dataflow == Dataflow::OS) {
    // Joined beats stream from avail (or right after the previous fold); the
    // last beat is held until ROWS cycles after the previous fold's last beat
    // so that its capture misses that fold's drain shifts.
    const std::int64_t start = std::max(avail, west_last_prev_ + 1);
    const std::int64_t last = std::max(start + west_beats - 1, os_last_prev_ + config_.rows);
    t.west_first = t.north_first = west_beats == 1 ? last : start;
    t.west_last = t.north_last = last;
    t.out_first = last + latency_;
    t.out_last = last + latency_ + config_.rows - 1;
    west_last_prev_ = os_last_prev_ = last;
    return t;
  }
  // WS/IS. Preload into bank f%2 needs the bank emptied by fold f-2: its last
  // west beat accepted (loaded flag) and past the last PE (LAT-1 stages later).
  t.north_first = std::max({avail, north_last_prev_ + 1, west_last_prev2_ + latency_});
  t.north_last = t.north_first + north_beats - 1;
  // Streaming needs the whole tile loaded and the previous fold streamed.
  t.west_first = std::max({avail, t.north_last + 1, west_last_prev_ + 1});
  t.west_last = t.west_first + west_beats - 1;
  t.out_first = t.west_first + latency_;
  t.out_last = t.west_last + latency_;
  north_last_prev_ = t.north_last;
  west_last_prev2_ = west_last_prev_;
  west_last_prev_ = t.west_last;
  return t;
}

void FoldTimer::shift(std::int64_t cycles) {
  // kNever stays "never": only times that happened move.
  for (std::int64_t* t : {&north_last_prev_, &west_last_prev_, &west_last_prev2_, &os_last_prev_})
    if (*t > kNever / 2) *t += cycles;
}

}  // namespace sasim
