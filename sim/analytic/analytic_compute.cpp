// Exact matrix-unit cycles of a layer without building its folds.
//
// mapping.cpp visits folds as outer tiles x inner tiles. A fold's timing
// depends only on its beat counts (north, west), and those depend only on
// the inner index: WS/IS north = rows of the K tile (the last may be short),
// west = M or N for every fold; OS north = west = K for every fold. The fold
// sequence is therefore one period (the inner tiles) repeated outer_tiles x
// repeat times. FoldTimer's recurrence is shift-invariant once the avail = 0
// terms stop mattering, so when whole periods start advancing every output
// time by the same amount, every later period does too: the rest is
// extrapolated exactly.
#include <algorithm>
#include <vector>

#include "sasim/analytic/analytic.hpp"
#include "sasim/mapping/dataflow.hpp"
#include "sasim/mapping/mapping.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/int_math.hpp"
#include "sasim/unit/fold_timer.hpp"

namespace sasim {
namespace {

struct Beats {
  int north, west;
};

struct Period {
  std::vector<Beats> folds;  // the inner tiles, in order
  std::int64_t count = 0;    // periods in the whole sequence
};

Period fold_period(const ArrayConfig& c, const GemmShape& s, std::int64_t repeat, std::int64_t os_k_chunk) {
  const DataflowTraits& t = dataflow_traits(c.dataflow);
  const std::int64_t outer = ceil_div(extent(s, t.outer), fold_tile(c, s, t.outer));
  const std::int64_t inner = ceil_div(extent(s, t.inner), fold_tile(c, s, t.inner));
  Period p;
  if (!t.has_stationary) {
    // OS: every fold streams its K joined beats; one output tile (one fold,
    // or one per K chunk) is a period.
    const std::int64_t chunk = os_k_chunk > 0 ? std::min(os_k_chunk, s.k) : s.k;
    for (std::int64_t k0 = 0; k0 < s.k; k0 += chunk) {
      const int beats = int(std::min(chunk, s.k - k0));
      p.folds.push_back({beats, beats});
    }
    p.count = outer * inner * repeat;
    return p;
  }
  // WS/IS: the inner loop walks K in tiles of `rows` (the stationary tile's
  // height); every fold streams the whole stream dimension.
  const std::int64_t stream = extent(s, t.stream);
  for (std::int64_t k0 = 0; k0 < s.k; k0 += c.rows)
    p.folds.push_back({int(std::min<std::int64_t>(c.rows, s.k - k0)), int(stream)});
  p.count = outer * repeat;
  return p;
}

}  // namespace

std::int64_t analytic_compute_cycles(const ArrayConfig& config, const std::vector<ComputeSegment>& segments) {
  FoldTimer timer(config);
  // FoldTimer's state after a period is the last fold's north_last and
  // west_last and the fold before's west_last. If it is the previous
  // period's state shifted by the step of out_last, every later period of
  // the segment shifts by that step too (avail = 0 never binds after the
  // first fold): the timer jumps over them.
  struct State {
    std::int64_t north_last, west_last, west_last_prev;
    bool operator==(const State& o) const {
      return north_last == o.north_last && west_last == o.west_last && west_last_prev == o.west_last_prev;
    }
  };
  std::int64_t last_out = -1, west_last = -1, west_last_prev = -1;
  for (const ComputeSegment& segment : segments) {
    if (segment.count < 1) throw UserError("analytic_compute_cycles: a segment must repeat >= 1 times");
    const Period period = fold_period(config, segment.shape, segment.count, segment.os_k_chunk);
    State prev_relative{-1, -1, -1};
    for (std::int64_t p = 0; p < period.count; ++p) {
      const std::int64_t start_out = last_out;
      std::int64_t north_last = -1;
      for (const Beats& b : period.folds) {
        const FoldTiming t = timer.next(0, b.north, b.west);
        west_last_prev = west_last;
        west_last = t.west_last;
        north_last = t.north_last;
        last_out = t.out_last;
      }
      const State relative{north_last - last_out, west_last - last_out, west_last_prev - last_out};
      if (p > 0 && relative == prev_relative) {
        const std::int64_t step = last_out - start_out, remaining = period.count - 1 - p;
        std::int64_t skip = 0;
        if (__builtin_mul_overflow(remaining, step, &skip) || __builtin_add_overflow(last_out, skip, &last_out))
          throw UserError("layer too long: its cycle count does not fit in 64 bits");
        timer.shift(skip);
        west_last += skip;
        west_last_prev += skip;
        break;
      }
      prev_relative = relative;
    }
  }
  return last_out + 1;
}

std::int64_t analytic_compute_cycles(const ArrayConfig& config, const GemmShape& shape, std::int64_t repeat) {
  if (repeat < 1) throw UserError("analytic_compute_cycles: repeat must be >= 1");
  return analytic_compute_cycles(config, {ComputeSegment{shape, repeat}});
}

}  // namespace sasim
