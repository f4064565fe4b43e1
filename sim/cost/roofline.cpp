#include "sasim/cost/roofline.hpp"

#include <algorithm>

namespace sasim {

double roofline_memory_cycles(double dram_peak_bytes_per_cycle, double link_bytes_per_cycle, std::int64_t read_bytes,
                              std::int64_t write_bytes) {
  double cycles = double(read_bytes + write_bytes) / dram_peak_bytes_per_cycle;
  if (link_bytes_per_cycle > 0)
    cycles = std::max(cycles, double(std::max(read_bytes, write_bytes)) / link_bytes_per_cycle);
  return cycles;
}

}  // namespace sasim
