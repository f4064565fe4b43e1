#pragma once
// A DRAM table for the timing and scheduler tests: every timing distinct, so
// each boundary test knows which constraint holds a command back.
#include <string>

#include "sasim/sysc/dram_config.hpp"

namespace sasim::sysc::testing {

// tBURST = 2 nCK (BL4 at 2000 MT/s with tCK = 1 ns), 32-byte bursts,
// 16 bursts per row, 2 ranks x 4 bank groups x 2 banks.
inline std::string test_dram_table(const std::string& mapping = "ro-ra-ba-co-bg-ch") {
  return R"([clock]
tck_ps = 1000
data_rate_mts = 2000
[organisation]
channel_width_bits = 64
burst_length = 4
ranks = 2
bank_groups = 4
banks_per_group = 2
rows = 1024
columns = 64
[timing]
tCL = 10
tCWL = 6
tRCD = 11
tRP = 12
tRAS = 25
tRC = 40
tCCD_S = 3
tCCD_L = 7
tRRD_S = 5
tRRD_L = 9
tFAW = 30
tWR = 13
tWTR_S = 4
tWTR_L = 8
tRTP = 6
tRFC = 100
tREFI = 1000
[controller]
address_mapping = )" +
         mapping + R"(
queue_depth = 8
)";
}

inline DramConfig test_dram_config(PagePolicy policy = PagePolicy::Open) {
  DramConfig config = parse_dram_preset(test_dram_table(), "test.ini");
  config.page_policy = policy;
  return config;
}

}  // namespace sasim::sysc::testing
