#pragma once
// The roofline bound of a layer's DRAM traffic, shared by the engines that
// model memory (analytic and platform) for the `memory_bound` verdict.
#include <cstdint>

namespace sasim {

// The roofline time of a layer's DRAM traffic in array cycles: reads and
// writes share the DRAM bus at its peak rate, and each crosses its own
// interconnect direction (link_bytes_per_cycle; 0: no limit). A layer is
// memory-bound when this exceeds its compute cycles (both engines).
double roofline_memory_cycles(double dram_peak_bytes_per_cycle, double link_bytes_per_cycle, std::int64_t read_bytes,
                              std::int64_t write_bytes);

}  // namespace sasim
