#include "sasim/sysc/stall.hpp"

#include <algorithm>
#include <cmath>

namespace sasim::sysc {

const char* stall_cause_name(int cause) {
  static const char* const kNames[kStallCauseCount] = {"dram_bandwidth", "dram_latency", "interconnect",
                                                       "sram_bank_conflict", "array_busy"};
  return kNames[cause];
}

StallCycles transfer_cost(const TransferRecord& r, bool read, const LinkTiming& link, std::int64_t channel_free) {
  StallCycles cost{};
  const std::int64_t bytes = r.transfer.bytes();
  // Waiting behind the same channel's earlier transfers is theirs, not this
  // one's: its time runs from when it could have used the channel.
  const std::int64_t begin = std::max(r.want, channel_free);
  const std::int64_t active = std::max(r.start, channel_free);
  const std::int64_t duration = std::max<std::int64_t>(0, r.done - active);
  const auto at_peak = static_cast<std::int64_t>(std::ceil(double(bytes) / link.memory_bytes_per_cycle));
  const std::int64_t on_link = (bytes + link.width_bytes - 1) / link.width_bytes;
  // A read crosses the link twice (command, then data), a write once.
  const std::int64_t flight = read ? 2 * std::int64_t{link.latency_cycles} + 1 : link.latency_cycles;
  cost[kArrayBusy] = std::max<std::int64_t>(0, r.start - begin);
  cost[kDramBandwidth] = std::min(duration, at_peak);
  std::int64_t left = duration - cost[kDramBandwidth];
  cost[kInterconnect] = std::min(left, r.contention + flight + std::max<std::int64_t>(0, on_link - at_peak));
  left -= cost[kInterconnect];
  cost[kSramBankConflict] = std::min(left, r.sram_conflict);
  cost[kDramLatency] = left - cost[kSramBankConflict];
  return cost;
}

StallCycles split_stall(std::int64_t total, const StallShares& shares) {
  StallCycles out{};
  double sum = 0;
  for (const double s : shares) sum += s;
  if (total <= 0) return out;
  if (!(sum > 0)) {
    out[kDramLatency] = total;
    return out;
  }
  std::array<double, kStallCauseCount> remainder{};
  std::int64_t given = 0;
  for (int c = 0; c < kStallCauseCount; ++c) {
    const double exact = double(total) * shares[std::size_t(c)] / sum;
    out[std::size_t(c)] = static_cast<std::int64_t>(std::floor(exact));
    remainder[std::size_t(c)] = exact - double(out[std::size_t(c)]);
    given += out[std::size_t(c)];
  }
  for (int c = kStallCauseCount - 1; given > total && c >= 0; --c) {  // rounding guard
    const std::int64_t take = std::min(out[std::size_t(c)], given - total);
    out[std::size_t(c)] -= take;
    given -= take;
  }
  while (given < total) {
    int best = 0;
    for (int c = 1; c < kStallCauseCount; ++c)
      if (remainder[std::size_t(c)] > remainder[std::size_t(best)]) best = c;
    ++out[std::size_t(best)];
    remainder[std::size_t(best)] = -1;
    ++given;
  }
  return out;
}

}  // namespace sasim::sysc
