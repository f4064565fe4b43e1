#pragma once
// Die area of an architecture, per component, at its tech.node_nm
// (docs/area-energy.md has every number's source):
//   mac_array          rows*cols PEs, area from Yosys synthesis of sasim's own
//                      RTL (configs/calibration/pe_area.ini), plus the input
//                      skew and output de-skew registers
//   sram_<buffer>      each on-chip buffer, from published SRAM bitcell areas
//   dram_phy_controller PHY and controller of every DRAM channel
//   interconnect       the DMA <-> DRAM-controller link's wire tracks
//   control            the rest of the chip's control, a fixed share of the die
// Logic is scaled from 45 nm by Stillmaker-Baas (tech_scaling.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/config/architecture.hpp"

namespace sasim {

struct AreaComponent {
  std::string name;  // stable key of area.json ("mac_array", "sram_unified", ...)
  double mm2 = 0;
  std::string basis;  // how it was computed, for the terminal table
};

struct AreaReport {
  std::string arch_name;
  int node_nm = 0;
  std::vector<AreaComponent> components;  // in a fixed order; buffers of size 0 are left out
  double total_mm2 = 0;
};

AreaReport estimate_area(const Architecture& arch);

// One PE's standard-cell area at 45 nm in um^2 for the array's dataflow and
// widths, interpolated linearly in acc_width between calibrated widths.
double pe_cell_area_um2(const ArrayConfig& array);

// Area of one SRAM macro of kib KiB at node_nm, in mm^2.
double sram_area_mm2(std::int64_t kib, int node_nm);

// Data bits of one channel of a DRAM preset (64 for DDR3/DDR4, 16 for
// LPDDR5, 64 for an HBM2 pseudo-channel), as configs/dram/ counts channels.
int dram_channel_bits(const std::string& preset);

std::string format_area(const AreaReport& report);  // aligned table for the terminal
std::string area_json(const AreaReport& report);    // docs/output-formats.md, "area.json"

}  // namespace sasim
