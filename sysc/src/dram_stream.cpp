#include "sasim/sysc/dram_stream.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "sasim/sysc/dram_controller.hpp"

namespace sasim::sysc {
namespace {

// The DMA issues tiles as 64 KiB transfers.
constexpr std::uint64_t kTransferBytes = 64ull << 10;

// A sequential stream settles within a few hundred cycles (the first ACTs,
// the windows filling); after that its only loss that recurs slower than a
// row is the refresh, one tRFC per tREFI. Counting the bursts issued over a
// whole number of refresh intervals, after the first, gives the long-run rate
// without the start and without a partial refresh interval at the end, which
// is what made a stream of fixed length converge slowly (4 MiB per channel
// was still off by up to 0.08 %, docs/analytic.md, "Memory bandwidth").
// 16 intervals stay within 0.04 % of a 64 MiB stream for every preset, page
// policy and a bank-group-unfriendly mapping (tests/unit/sysc/test_dram_stream.cpp
// checks 0.15 % against 32 MiB), at a quarter to a half of the old cost.
constexpr int kWarmupIntervals = 1;
constexpr int kMeasuredIntervals = 16;

}  // namespace

double steady_stream_efficiency(const DramConfig& config) {
  const Cycle start = Cycle{kWarmupIntervals} * config.t.tREFI;
  const Cycle end = start + Cycle{kMeasuredIntervals} * config.t.tREFI;
  // Enough bytes that the stream outlasts the window even at the peak rate
  // of every channel (plus one transfer per channel): the controller never runs dry.
  const double peak_per_cycle = double(config.burst_bytes()) / config.burst_cycles * config.channels;
  const auto transfers = std::uint64_t(std::ceil(peak_per_cycle * double(end) / kTransferBytes)) + config.channels;
  DramController dram(config);
  for (std::uint64_t i = 0; i < transfers; ++i) dram.submit(i * kTransferBytes, kTransferBytes, false, 0);
  dram.run_until(start);
  const std::uint64_t before = dram.stats().read_bursts;
  dram.run_until(end);
  const std::uint64_t bursts = dram.stats().read_bursts - before;
  const double seconds = double(end - start) * config.tck_ps * 1e-12;
  return double(bursts) * config.burst_bytes() / seconds / config.peak_bytes_per_second();
}

double drained_stream_efficiency(const DramConfig& config, std::uint64_t bytes_per_channel) {
  DramController dram(config);
  const std::uint64_t total = bytes_per_channel * std::uint64_t(config.channels);
  for (std::uint64_t address = 0; address < total; address += kTransferBytes)
    dram.submit(address, std::min(kTransferBytes, total - address), false, 0);
  Cycle end = 0;
  while (!dram.idle()) {
    end = dram.run_to_next_completion(kNever);
    dram.take_completions(end);
  }
  const double seconds = double(end) * config.tck_ps * 1e-12;
  return double(total) / seconds / config.peak_bytes_per_second();
}

double sequential_stream_efficiency(const DramConfig& config) {
  static std::mutex mutex;
  static std::map<std::tuple<std::string, int, int, std::string>, double> cache;
  const auto key = std::make_tuple(config.preset, config.channels, int(config.page_policy), config.address_mapping);
  {
    const std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  const double efficiency = steady_stream_efficiency(config);
  const std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(key, efficiency).first->second;
}

}  // namespace sasim::sysc
