#pragma once
// `sasim run --engine analytic`: every layer of a workload through the
// closed forms of analytic.hpp, into the same LayerResult the simulating
// engines fill (docs/analytic.md).
#include <functional>
#include <vector>

#include "sasim/config/architecture.hpp"
#include "sasim/cost/layer_result.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {

// DRAM bandwidth in bytes per array cycle: the peak of the [dram] preset
// and channels, and what a sequential stream sustains through the
// interconnect (sysc/include/sasim/sysc/dram_stream.hpp measures it).
struct AnalyticMemory {
  double peak_bytes_per_cycle = 0;
  double sustained_bytes_per_cycle = 0;  // <= peak
  double link_bytes_per_cycle = 0;       // each interconnect direction (0: no limit)
};

// How a caller that can see the DRAM model (sysc/) turns an architecture
// into its AnalyticMemory: measure_analytic_memory (sasim/run/analytic_memory.hpp).
using AnalyticMemoryModel = std::function<AnalyticMemory(const Architecture&)>;

// Throws UserError for a layer that cannot be mapped (a tile that does not
// fit its buffer names the sram key).
std::vector<LayerResult> analyze_workload(const Architecture& arch, const Workload& workload,
                                          const AnalyticMemory& memory);

}  // namespace sasim
