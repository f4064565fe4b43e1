#pragma once
// Energy per action, node-scaled, and the energy of a layer from its action
// counts (docs/area-energy.md has every number's source):
//   MAC           Horowitz, ISSCC 2014: integer multiply by in_width plus add by acc_width, 45 nm
//   vector op     Horowitz, ISSCC 2014: one integer add by acc_width per element, 45 nm
//   SRAM access   Horowitz, ISSCC 2014: 64-bit access of an 8 KB / 32 KB / 1 MB SRAM, 45 nm,
//                 interpolated by the size of one bank of the buffer
//   DRAM          pJ/bit by DRAM type (off-chip: not node-scaled)
//   interconnect  pJ/bit/mm of on-chip wire times interconnect.length_mm
// On-chip energies are scaled from 45 nm to tech.node_nm by Stillmaker-Baas.
#include <string>
#include <utility>
#include <vector>

#include "sasim/config/architecture.hpp"
#include "sasim/cost/action_counts.hpp"

namespace sasim {

struct SramMacroEnergy {
  std::string name;        // "sram_ifmap", "sram_unified", ... as in area.json
  double pj_per_byte = 0;  // read or write
};

struct EnergyModel {
  double mac_pj = 0;                     // one multiply-accumulate
  double vector_op_pj = 0;               // one element operation of the vector unit
  std::vector<SramMacroEnergy> buffers;  // the architecture's SRAM macros
  // Index into buffers of the macro each role lives in.
  int ifmap = 0, filter = 0, ofmap = 0, accumulator = 0;
  double dram_pj_per_byte = 0;
  double interconnect_pj_per_byte = 0;
};

EnergyModel make_energy_model(const Architecture& arch);

// Energy of one 64-bit access of an SRAM macro of kib KiB at 45 nm, in pJ.
double sram_access_pj_45nm(double kib);

// DRAM access energy in pJ per bit for a dram.preset.
double dram_pj_per_bit(const std::string& preset);

// Energy per component in pJ: "mac", "vector" (the vector unit's operations;
// its SRAM accesses are the macros'), each SRAM macro, "dram",
// "interconnect", in that order.
struct EnergyBreakdown {
  std::vector<std::pair<std::string, double>> components;
  double total_pj = 0;
};

EnergyBreakdown estimate_energy(const EnergyModel& model, const ActionCounts& counts);

// Sum of breakdowns with the same components (a run's total over layers).
EnergyBreakdown add_energy(const EnergyBreakdown& a, const EnergyBreakdown& b);

}  // namespace sasim
