#pragma once
// A fold is one pass of work through the matrix unit, described as the beats
// that enter its two input channels (see docs/matrix-unit.md):
//   WS/IS: north = rows of the stationary tile (preloaded, double-buffered),
//          west  = streamed vectors, one output beat per west beat;
//   OS   : north and west stream together, beat for beat; ROWS output beats.
// Beat data is raw lane data in sending order; the tiler (mapping.hpp) does
// the GEMM-to-lane mapping. Empty data vectors mean "timing only".
#include <cstdint>
#include <vector>

namespace sasim {

struct Fold {
  std::int64_t avail = 0;           // earliest cycle its beats may enter
  int north_beats = 0;              // WS/IS: 1..rows; OS: equals west_beats
  int west_beats = 0;               // >= 1
  std::vector<std::int32_t> north;  // north_beats x cols, or empty
  std::vector<std::int32_t> west;   // west_beats x rows, or empty
};

// Cycle numbers count from 0, the first cycle after reset.
struct FoldTiming {
  std::int64_t north_first = -1;  // first north beat accepted
  std::int64_t north_last = -1;   // last north beat accepted
  std::int64_t west_first = -1;   // first west beat accepted
  std::int64_t west_last = -1;    // last west beat accepted
  std::int64_t out_first = -1;    // first output beat presented
  std::int64_t out_last = -1;     // last output beat presented
  bool operator==(const FoldTiming& other) const;
};

struct RunResult {
  std::vector<FoldTiming> timing;                  // one per fold
  std::vector<std::vector<std::int64_t>> outputs;  // per fold: out_beats x cols (if data)
  std::int64_t total_cycles = 0;                   // last output cycle + 1
};

// Output beats one fold produces: west_beats (WS/IS) or rows (OS).
int output_beats(const struct ArrayConfig& config, const Fold& fold);

}  // namespace sasim
