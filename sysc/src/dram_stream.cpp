#include "sasim/sysc/dram_stream.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "sasim/sysc/dram_controller.hpp"

namespace sasim::sysc {
namespace {

// Long enough to cross many rows in every bank (a DDR4 row is 8 KiB per
// channel) and to include refreshes (one per tREFI = 7.8 us moves ~190 KiB
// at DDR4-3200): 4 MiB per channel, in 64 KiB transfers as the DMA issues
// tiles. The result changes by less than 0.1% beyond that.
constexpr std::uint64_t kBytesPerChannel = 4ull << 20;
constexpr std::uint64_t kTransferBytes = 64ull << 10;

double measure(const DramConfig& config) {
  DramController dram(config);
  const std::uint64_t total = kBytesPerChannel * std::uint64_t(config.channels);
  for (std::uint64_t address = 0; address < total; address += kTransferBytes)
    dram.submit(address, kTransferBytes, false, 0);
  Cycle end = 0;
  while (!dram.idle()) {
    end = dram.run_to_next_completion(kNever);
    dram.take_completions(end);
  }
  const double seconds = double(end) * config.tck_ps * 1e-12;
  return double(total) / seconds / config.peak_bytes_per_second();
}

}  // namespace

double sequential_stream_efficiency(const DramConfig& config) {
  static std::mutex mutex;
  static std::map<std::tuple<std::string, int, int, std::string>, double> cache;
  const auto key = std::make_tuple(config.preset, config.channels, int(config.page_policy), config.address_mapping);
  {
    const std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  const double efficiency = measure(config);
  const std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(key, efficiency).first->second;
}

AnalyticMemory analytic_memory(const Architecture& arch) {
  const DramConfig config = dram_config(arch.dram);
  const double cycles_per_second = arch.freq_mhz * 1e6;
  AnalyticMemory memory;
  memory.peak_bytes_per_cycle = config.peak_bytes_per_second() / cycles_per_second;
  memory.sustained_bytes_per_cycle = std::min(memory.peak_bytes_per_cycle * sequential_stream_efficiency(config),
                                              double(arch.interconnect.width_bytes));
  if (arch.dram.bandwidth_limit_gbps > 0) {
    const double limit = arch.dram.bandwidth_limit_gbps * 1e9 / cycles_per_second;
    memory.peak_bytes_per_cycle = std::min(memory.peak_bytes_per_cycle, limit);
    memory.sustained_bytes_per_cycle = std::min(memory.sustained_bytes_per_cycle, limit);
  }
  return memory;
}

}  // namespace sasim::sysc
