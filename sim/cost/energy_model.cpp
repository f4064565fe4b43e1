#include "sasim/cost/energy_model.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "sasim/cost/sram_macros.hpp"
#include "sasim/cost/tech_scaling.hpp"
#include "sasim/support/error.hpp"

namespace sasim {
namespace {

// M. Horowitz, "Computing's Energy Problem (and what we can do about it)",
// ISSCC 2014, Fig. 1.1.9 (45 nm, 0.9 V), integer operations in pJ:
//   8-bit add 0.03, 16-bit add 0.05, 32-bit add 0.1, 8-bit mult 0.2, 32-bit mult 3.1.
struct WidthEnergy {
  int bits;
  double pj;
};
const WidthEnergy kAdd[] = {{8, 0.03}, {16, 0.05}, {32, 0.1}};
// A multiplier's energy grows with the square of its width: 8-bit 0.2 pJ
// scales to 0.2 * 16 = 3.2 pJ at 32 bits, Horowitz's 3.1. sasim takes
// 16-bit as 0.2 * 4 = 0.8 pJ (no published 16-bit integer figure).
constexpr double kMult8Pj = 0.2;

// Same source: a 64-bit access of an 8 KB SRAM 10 pJ, 32 KB 20 pJ, 1 MB 100 pJ.
struct SizeEnergy {
  double kib;
  double pj;
};
const SizeEnergy kSram64Bit[] = {{8, 10}, {32, 20}, {1024, 100}};

// Wire energy: about 0.1 pJ per bit per mm of on-chip wire (W. Dally's
// figures: 256 bits over 1 mm ~ 26 pJ at 28 nm), taken at 28 nm.
constexpr double kWirePjPerBitMm = 26.0 / 256.0;
constexpr int kWireNodeNm = 28;

// DRAM, pJ per bit read or written, interface included:
//   DDR3   30.5: Horowitz ISSCC 2014, 1.3-2.6 nJ per 64-bit DRAM access, midpoint
//   DDR4   19.5: DDR3 scaled by supply squared, 1.5 V (JESD79-3) -> 1.2 V (JESD79-4)
//   LPDDR5 14.9: DDR4 scaled by VDD2H 1.05 V (JESD209-5) over 1.2 V, squared
//   HBM2    3.9: O'Connor et al., "Fine-Grained DRAM", MICRO 2017 (HBM2 ~3.9 pJ/bit)
// First-order numbers; an IDD-based DRAM power model replaces them (docs).
constexpr double kDdr3PjPerBit = 1.95e3 / 64;
constexpr double kDdr4PjPerBit = kDdr3PjPerBit * (1.2 * 1.2) / (1.5 * 1.5);
constexpr double kLpddr5PjPerBit = kDdr4PjPerBit * (1.05 * 1.05) / (1.2 * 1.2);
constexpr double kHbm2PjPerBit = 3.9;

// Linear interpolation in width, extrapolated past the ends with the end slopes.
double add_pj(int bits) {
  const WidthEnergy* lo = &kAdd[0];
  const WidthEnergy* hi = &kAdd[1];
  if (bits > kAdd[1].bits) {
    lo = &kAdd[1];
    hi = &kAdd[2];
  }
  return lo->pj + (hi->pj - lo->pj) * (bits - lo->bits) / double(hi->bits - lo->bits);
}

double mult_pj(int bits) {
  return kMult8Pj * (bits / 8.0) * (bits / 8.0);
}

// A vector-unit element operation (ReLU's compare, a residual or pooling add,
// a max) is about one integer add at the accumulator width the unit computes
// in: Horowitz's add above (32 bits: 0.1 pJ at 45 nm). Operators doing
// several operations per element (softmax's exponent, a normalisation's
// multiply and divide) are undercounted by it; the element's SRAM read and
// write, which cost 10-100x more, are charged to the buffers.
double vector_op_pj(int acc_bits) {
  return add_pj(acc_bits);
}

const char* role_buffer(const SramConfig& s, const char* role) {
  const std::string r = role;
  if (r == "accumulator") return s.accumulator_kib > 0 ? "sram_accumulator" : role_buffer(s, "ofmap");
  if (s.unified_kib == 0) return r == "ifmap" ? "sram_ifmap" : r == "filter" ? "sram_filter" : "sram_ofmap";
  if (r == "filter" && s.filter_kib > 0) return "sram_filter";
  return "sram_unified";
}

}  // namespace

double sram_access_pj_45nm(double kib) {
  // Log-log interpolation between Horowitz's three sizes, end slopes beyond.
  const SizeEnergy* lo = &kSram64Bit[0];
  const SizeEnergy* hi = &kSram64Bit[1];
  if (kib > kSram64Bit[1].kib) {
    lo = &kSram64Bit[1];
    hi = &kSram64Bit[2];
  }
  const double slope = std::log(hi->pj / lo->pj) / std::log(hi->kib / lo->kib);
  return lo->pj * std::pow(kib / lo->kib, slope);
}

double dram_pj_per_bit(const std::string& preset) {
  if (preset.rfind("ddr3", 0) == 0) return kDdr3PjPerBit;
  if (preset.rfind("ddr4", 0) == 0) return kDdr4PjPerBit;
  if (preset.rfind("lpddr5", 0) == 0) return kLpddr5PjPerBit;
  if (preset.rfind("hbm2", 0) == 0) return kHbm2PjPerBit;
  throw UserError(fmt::format("dram.preset '{}': expected one of ddr3-*, ddr4-*, lpddr5-*, hbm2*", preset));
}

EnergyModel make_energy_model(const Architecture& arch) {
  const double scale = energy_factor(arch.tech.node_nm);
  const SramConfig& s = arch.sram;
  EnergyModel m;
  m.mac_pj = (mult_pj(arch.array.in_width) + add_pj(arch.array.acc_width)) * scale;
  m.vector_op_pj = vector_op_pj(arch.array.acc_width) * scale;
  for (const auto& [name, kib] : sram_macros(s)) {
    if (kib == 0) continue;
    // An access touches one bank: its energy follows the bank's size.
    const double bank_kib = double(kib) / s.banks;
    m.buffers.push_back({name, sram_access_pj_45nm(bank_kib) / 8 * scale});
  }
  auto index_of = [&](const char* role) {
    const std::string name = role_buffer(s, role);
    for (std::size_t i = 0; i < m.buffers.size(); ++i)
      if (m.buffers[i].name == name) return int(i);
    throw std::logic_error("energy model: no SRAM macro for role " + std::string(role));
  };
  m.ifmap = index_of("ifmap");
  m.filter = index_of("filter");
  m.ofmap = index_of("ofmap");
  m.accumulator = index_of("accumulator");
  m.dram_pj_per_byte = 8 * dram_pj_per_bit(arch.dram.preset);
  m.interconnect_pj_per_byte =
      8 * kWirePjPerBitMm * arch.interconnect.length_mm * energy_factor(arch.tech.node_nm) / energy_factor(kWireNodeNm);
  return m;
}

EnergyBreakdown estimate_energy(const EnergyModel& model, const ActionCounts& c) {
  std::vector<double> sram(model.buffers.size(), 0.0);
  auto charge = [&](int buffer, const BufferTraffic& t) {
    sram[std::size_t(buffer)] += (t.read_bytes + t.write_bytes) * model.buffers[std::size_t(buffer)].pj_per_byte;
  };
  charge(model.ifmap, c.ifmap);
  charge(model.filter, c.filter);
  charge(model.ofmap, c.ofmap);
  charge(model.accumulator, c.accumulator);
  EnergyBreakdown e;
  e.components.emplace_back("mac", c.macs * model.mac_pj);
  e.components.emplace_back("vector", c.vector_ops * model.vector_op_pj);
  for (std::size_t i = 0; i < sram.size(); ++i) e.components.emplace_back(model.buffers[i].name, sram[i]);
  e.components.emplace_back("dram", (c.dram_read_bytes + c.dram_write_bytes) * model.dram_pj_per_byte);
  e.components.emplace_back("interconnect", c.interconnect_bytes * model.interconnect_pj_per_byte);
  for (const auto& [name, pj] : e.components) e.total_pj += pj;
  return e;
}

EnergyBreakdown add_energy(const EnergyBreakdown& a, const EnergyBreakdown& b) {
  if (a.components.empty()) return b;
  EnergyBreakdown sum = a;
  for (std::size_t i = 0; i < sum.components.size() && i < b.components.size(); ++i)
    sum.components[i].second += b.components[i].second;
  sum.total_pj = a.total_pj + b.total_pj;
  return sum;
}

}  // namespace sasim
