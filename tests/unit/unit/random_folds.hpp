#pragma once
// Random folds with raw beat data for tests of the matrix-unit engines:
// partial preloads (stale bank rows stay in use), streams of 1..40 beats and,
// in one fold list out of four, lanes anywhere in the int32 range (the RTL's
// ports keep the low in_width bits), in one out of three the most negative
// operand everywhere (sums overflow).
#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "sasim/config/array_config.hpp"
#include "sasim/mapping/fold.hpp"

namespace sasim::testing {

inline std::vector<Fold> random_folds(const ArrayConfig& c, std::mt19937_64& rng) {
  const bool wide_lanes = rng() % 4 == 0;
  const std::int32_t hi = (1 << (c.in_width - 1)) - 1, lo = -hi - 1;
  std::uniform_int_distribution<std::int32_t> lane(wide_lanes ? INT32_MIN : lo, wide_lanes ? INT32_MAX : hi);
  std::vector<Fold> folds(1 + rng() % 4);
  for (Fold& f : folds) {
    f.west_beats = 1 + int(rng() % 40);
    f.north_beats = c.dataflow == Dataflow::OS ? f.west_beats : 1 + int(rng() % c.rows);
    f.west.resize(std::size_t(f.west_beats) * c.rows);
    f.north.resize(std::size_t(f.north_beats) * c.cols);
    const bool extreme = rng() % 3 == 0;
    for (auto* v : {&f.west, &f.north})
      for (std::int32_t& x : *v) x = extreme ? lo : lane(rng);
  }
  return folds;
}

}  // namespace sasim::testing
