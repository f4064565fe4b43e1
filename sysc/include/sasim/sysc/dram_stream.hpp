#pragma once
// The bandwidth a long sequential stream gets from a DRAM configuration,
// measured by running the DRAM model itself (DramController) on one: what
// the analytic engine assumes for tile traffic, so that its only memory
// constant comes from the same timing tables as the platform's.
#include "sasim/analytic_run.hpp"
#include "sasim/architecture.hpp"
#include "sasim/sysc/dram_config.hpp"

namespace sasim::sysc {

// Fraction of the peak bandwidth (0..1] a sequential read stream sustains
// through the configuration's address mapping, row misses and refreshes
// included. Measured once per distinct configuration and cached
// (thread-safe).
double sequential_stream_efficiency(const DramConfig& config);

// The analytic engine's memory for an architecture: the [dram] peak in
// bytes per array cycle, and the sustained rate = peak x the sequential
// stream efficiency, capped by the interconnect's width_bytes per cycle.
// Throws UserError for an unknown preset or mapping (naming the dram key).
AnalyticMemory analytic_memory(const Architecture& arch);

}  // namespace sasim::sysc
