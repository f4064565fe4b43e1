#pragma once
// Stall causes and how a stall is split among them (docs/platform.md,
// "Stall attribution").
#include <array>
#include <cstdint>

#include "sasim/sysc/dma_channel.hpp"

namespace sasim::sysc {

enum StallCause : int {
  kDramBandwidth = 0,  // moving the bytes at the memory's peak bandwidth
  kDramLatency,        // the rest of the memory's time: access latency, row misses, refresh, queueing
  kInterconnect,       // link latency, a link narrower than the memory, waiting for another initiator
  kSramBankConflict,   // DMA writes waiting for banks the array was reading
  kArrayBusy,          // a load waiting for its SRAM region while the array still read it
  kStallCauseCount
};
const char* stall_cause_name(int cause);  // "dram_bandwidth", ...

using StallCycles = std::array<std::int64_t, kStallCauseCount>;
using StallShares = std::array<double, kStallCauseCount>;

struct LinkTiming {
  double memory_bytes_per_cycle = 1;  // peak bandwidth of the memory, in array cycles
  int width_bytes = 1;                // interconnect link width
  int latency_cycles = 0;             // interconnect flight time
};

// Where one transfer's time went, from the cycle the controller reached it
// (or, if later, `channel_free`: the cycle its DMA channel finished the
// transfer before it) to the cycle its last byte was in place; the five
// parts add up to that. Waiting for its SRAM region counts as array_busy
// only while the channel had nothing else to do.
StallCycles transfer_cost(const TransferRecord& record, bool read, const LinkTiming& link, std::int64_t channel_free);

// total cycles split in proportion to shares by largest remainder (ties to
// the lower cause): the parts add up to total exactly. With all shares
// zero, everything goes to kDramLatency.
StallCycles split_stall(std::int64_t total, const StallShares& shares);

}  // namespace sasim::sysc
