#pragma once
// The bandwidth a long sequential stream gets from a DRAM configuration,
// measured by running the DRAM model itself (DramController) on one: what
// the analytic engine assumes for tile traffic, so that its only memory
// constant comes from the same timing tables as the platform's.
#include <cstdint>

#include "sasim/config/architecture.hpp"
#include "sasim/sysc/dram_config.hpp"

namespace sasim::sysc {

// Fraction of the peak bandwidth (0..1] a sequential read stream sustains
// through the configuration's address mapping, row misses and refreshes
// included: steady_stream_efficiency, measured once per distinct
// configuration and cached (thread-safe).
double sequential_stream_efficiency(const DramConfig& config);

// The long-run rate of a sequential stream of 64 KiB reads, from the bursts
// the DRAM model issues over whole refresh intervals after the first.
double steady_stream_efficiency(const DramConfig& config);

// The rate of a finite stream, bytes_per_channel x channels from the first
// command to the last data beat: what steady_stream_efficiency converges to
// as the stream grows (the reference tests check it against).
double drained_stream_efficiency(const DramConfig& config, std::uint64_t bytes_per_channel);

}  // namespace sasim::sysc
