#pragma once
// The matrix unit's cycle contract (docs/matrix-unit.md) as a recurrence:
// given folds in order, when each one's beats enter and its outputs leave.
// Incremental, so event-driven platform models can ask fold by fold.
#include <cstdint>
#include <limits>

#include "sasim/config/array_config.hpp"
#include "sasim/mapping/fold.hpp"

namespace sasim {

class FoldTimer {
 public:
  explicit FoldTimer(const ArrayConfig& config);

  // Timing of the next fold, which may enter from cycle avail on.
  FoldTiming next(std::int64_t avail, int north_beats, int west_beats);

  // Moves every remembered time `cycles` later, as if the folds so far had
  // all run that much later: analytic_compute.cpp skips identical periods.
  void shift(std::int64_t cycles);

  // Cycles from a west beat entering to its output beat (WS/IS), or from the
  // last beat of an OS fold to its first output beat: ROWS + COLS - 1.
  std::int64_t latency() const { return latency_; }

 private:
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min() / 4;
  ArrayConfig config_;
  std::int64_t latency_;
  std::int64_t north_last_prev_ = -1;      // WS/IS: last preload beat of fold f-1
  std::int64_t west_last_prev_ = kNever;   // last west beat of fold f-1
  std::int64_t west_last_prev2_ = kNever;  // WS/IS: last west beat of fold f-2
  std::int64_t os_last_prev_ = kNever;     // OS: last beat of fold f-1 (hold rule)
};

}  // namespace sasim
