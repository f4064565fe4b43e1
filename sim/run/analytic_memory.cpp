#include "sasim/run/analytic_memory.hpp"

#include <algorithm>

#include "sasim/sysc/dram_config.hpp"
#include "sasim/sysc/dram_stream.hpp"

namespace sasim {

AnalyticMemory measure_analytic_memory(const Architecture& arch) {
  const sysc::DramConfig config = sysc::dram_config(arch.dram);
  const double cycles_per_second = arch.freq_mhz * 1e6;
  AnalyticMemory memory;
  memory.peak_bytes_per_cycle = config.peak_bytes_per_second() / cycles_per_second;
  memory.sustained_bytes_per_cycle = std::min(memory.peak_bytes_per_cycle * sysc::sequential_stream_efficiency(config),
                                              double(arch.interconnect.width_bytes));
  memory.link_bytes_per_cycle = arch.interconnect.width_bytes;
  if (arch.dram.bandwidth_limit_gbps > 0) {
    const double limit = arch.dram.bandwidth_limit_gbps * 1e9 / cycles_per_second;
    memory.peak_bytes_per_cycle = std::min(memory.peak_bytes_per_cycle, limit);
    memory.sustained_bytes_per_cycle = std::min(memory.sustained_bytes_per_cycle, limit);
  }
  return memory;
}

}  // namespace sasim
