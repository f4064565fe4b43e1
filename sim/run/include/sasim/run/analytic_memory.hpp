#pragma once
// The analytic engine's memory model taken from the platform's DRAM model:
// the preset's peak bandwidth and what a sequential stream sustains
// (sysc/dram_stream.hpp measures it), capped by the interconnect and by
// dram.bandwidth_limit_gbps. It sits in run because it joins the two
// engines, which do not know each other.
#include "sasim/analytic/analytic_run.hpp"
#include "sasim/config/architecture.hpp"

namespace sasim {

// The analytic engine's memory for an architecture: the [dram] peak in
// bytes per array cycle, and the sustained rate = peak x the sequential
// stream efficiency, capped by the interconnect's width_bytes per cycle.
// Throws UserError for an unknown preset or mapping (naming the dram key).
AnalyticMemory measure_analytic_memory(const Architecture& arch);

}  // namespace sasim
