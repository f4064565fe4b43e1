#include "sasim/cost/area_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "sasim/config/architecture_ini.hpp"
#include "sasim/cost/sram_macros.hpp"
#include "sasim/cost/tech_scaling.hpp"
#include "sasim/support/error.hpp"

namespace sasim {
namespace {

// Placed standard-cell logic covers about 70% of its block: synthesis gives
// cell area, a placed and routed block is larger by 1/utilisation.
// Assumption (a common target row utilisation), not a measured number.
constexpr double kPlacementUtilisation = 0.7;

// Published 6T high-density SRAM bitcell areas in um^2 (process papers at
// IEDM/VLSI; docs/area-energy.md lists each):
struct Bitcell {
  int node_nm;
  double um2;
};
const Bitcell kBitcells[] = {
    {90, 1.0},     // Intel 90 nm, IEDM 2002
    {65, 0.57},    // Intel 65 nm, IEDM 2004
    {45, 0.346},   // Intel 45 nm, IEDM 2007
    {32, 0.171},   // Intel 32 nm, IEDM 2008
    {28, 0.127},   // TSMC 28 nm high-density cell
    {22, 0.092},   // Intel 22 nm tri-gate, VLSI 2012
    {16, 0.07},    // TSMC 16 nm FinFET, IEDM 2013
    {14, 0.0588},  // Intel 14 nm, IEDM 2014
    {10, 0.0312},  // Intel 10 nm, IEDM 2017
    {7, 0.027},    // TSMC 7 nm, IEDM 2016
};

// Bitcells are ~70% of an SRAM macro; decoders, sense amplifiers and I/O
// the rest (CACTI-style array efficiency). Assumption, see docs.
constexpr double kSramArrayEfficiency = 0.7;

// DDR3 memory controller of Intel's 45 nm Core i7 (Nehalem): 13% of its
// 263 mm^2 die for 3 channels (Intel's annotated die photo), i.e. 11.4 mm^2
// per 64-bit channel at 45 nm. sasim takes PHY + controller area per data bit
// from it and scales it like logic (optimistic for the analog PHY).
constexpr double kDdrChannelMm2At45 = 0.13 * 263.0 / 3.0;
constexpr int kDdrChannelBits = 64;

// The rest of the chip's control: 2% of TPU v1's die (Jouppi et al., ISCA
// 2017, Fig. 2 floor plan: "Control 2%").
constexpr double kControlShare = 0.02;

// Long links run on a layer of twice the minimum metal pitch; the minimum
// pitch is ~3.2x the node name (TSMC 28 nm: 90 nm M1 pitch). Assumption.
constexpr double kWirePitchPerNodeNm = 2 * 90.0 / 28.0;

double bitcell_um2(int node_nm) {
  if (node_nm < kMinNodeNm || node_nm > kMaxNodeNm)
    throw UserError(fmt::format("tech.node_nm = {}: expected {}..{}", node_nm, kMinNodeNm, kMaxNodeNm));
  for (std::size_t i = 0; i + 1 < std::size(kBitcells); ++i) {
    const Bitcell& big = kBitcells[i];
    const Bitcell& small = kBitcells[i + 1];
    if (node_nm > big.node_nm || node_nm < small.node_nm) continue;
    if (node_nm == big.node_nm) return big.um2;
    const double t = std::log(double(node_nm) / big.node_nm) / std::log(double(small.node_nm) / big.node_nm);
    return std::exp(std::log(big.um2) + t * (std::log(small.um2) - std::log(big.um2)));
  }
  return kBitcells[std::size(kBitcells) - 1].um2;
}

// configs/calibration/pe_area.ini, built in.
struct Calibration {
  double flop_um2 = 0;
  std::map<std::string, double> pe_um2;  // "ws_in8_acc32" -> um^2
};

const Calibration& calibration() {
  static const Calibration cal = [] {
    const char* text = embedded_config_file("calibration/pe_area.ini");
    if (!text) throw std::logic_error("calibration/pe_area.ini is not built in");
    Calibration c;
    for (const IniEntry& e : parse_ini(text, "calibration/pe_area.ini")) {
      if (e.key.empty() || e.section == "check") continue;
      const double value = std::stod(e.value);
      if (e.section == "cells" && e.key == "flop_um2") c.flop_um2 = value;
      if (e.section == "pe") c.pe_um2[e.key.substr(0, e.key.size() - 4)] = value;  // drop "_um2"
    }
    if (c.flop_um2 <= 0 || c.pe_um2.empty()) throw std::logic_error("calibration/pe_area.ini is incomplete");
    return c;
  }();
  return cal;
}

}  // namespace

double pe_cell_area_um2(const ArrayConfig& array) {
  const std::string kind = array.dataflow == Dataflow::OS ? "os" : "ws";
  const auto& pe = calibration().pe_um2;
  // Calibrated accumulator widths for this kind and input width, ascending.
  std::vector<std::pair<int, double>> points;
  for (int acc = 16; acc <= 64; ++acc) {
    const auto it = pe.find(fmt::format("{}_in{}_acc{}", kind, array.in_width, acc));
    if (it != pe.end()) points.emplace_back(acc, it->second);
  }
  if (points.size() < 2) throw std::logic_error(fmt::format("no PE calibration for {} int{}", kind, array.in_width));
  if (array.acc_width <= points.front().first) return points.front().second;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const auto [a0, v0] = points[i];
    const auto [a1, v1] = points[i + 1];
    if (array.acc_width <= a1) return v0 + (v1 - v0) * (array.acc_width - a0) / double(a1 - a0);
  }
  return points.back().second;
}

double sram_area_mm2(std::int64_t kib, int node_nm) {
  const double bits = double(kib) * 1024 * 8;
  return bits * bitcell_um2(node_nm) / kSramArrayEfficiency / 1e6;
}

int dram_channel_bits(const std::string& preset) {
  if (preset.rfind("ddr3", 0) == 0 || preset.rfind("ddr4", 0) == 0) return 64;  // JESD79-3/-4 DIMM channel
  if (preset.rfind("lpddr5", 0) == 0) return 16;                                // JESD209-5 x16 channel
  if (preset.rfind("hbm2", 0) == 0) return 64;  // JESD235 pseudo-channel, as configs/dram/hbm2.ini counts channels
  throw UserError(fmt::format("dram.preset '{}': expected one of ddr3-*, ddr4-*, lpddr5-*, hbm2*", preset));
}

AreaReport estimate_area(const Architecture& arch) {
  const int node = arch.tech.node_nm;
  const double logic_scale = area_factor(node) / kPlacementUtilisation;  // 45 nm cell area -> placed area at node
  AreaReport r;
  r.arch_name = arch.name;
  r.node_nm = node;

  const ArrayConfig& a = arch.array;
  const double pe_um2 = pe_cell_area_um2(a);
  // Input skew (in_width bits, a triangle of rows*(rows-1)/2 registers) and
  // output de-skew (acc_width bits, cols*(cols-1)/2), as in rtl/sa_skew.sv and sa_deskew.sv.
  const double delay_bits =
      double(a.in_width) * a.rows * (a.rows - 1) / 2 + double(a.acc_width) * a.cols * (a.cols - 1) / 2;
  const double array_um2 = double(a.rows) * a.cols * pe_um2 + delay_bits * calibration().flop_um2;
  r.components.push_back({"mac_array", array_um2 * logic_scale / 1e6,
                          fmt::format("{}x{} PEs of {:.0f} um2 at 45 nm + skew registers", a.rows, a.cols, pe_um2)});

  const SramConfig& s = arch.sram;
  for (const auto& [name, kib] : sram_macros(s)) {
    if (kib == 0) continue;
    r.components.push_back(
        {name, sram_area_mm2(kib, node), fmt::format("{} KiB, {:.3g} um2 bitcell", kib, bitcell_um2(node))});
  }

  const int bits = dram_channel_bits(arch.dram.preset);
  const double per_channel = kDdrChannelMm2At45 * bits / kDdrChannelBits * area_factor(node);
  r.components.push_back({"dram_phy_controller", per_channel * arch.dram.channels,
                          fmt::format("{} x {}-bit channel of {:.3g} mm2", arch.dram.channels, bits, per_channel)});

  const double pitch_mm = kWirePitchPerNodeNm * node * 1e-6;
  const double wires = 2.0 * 8 * arch.interconnect.width_bytes;  // both directions
  r.components.push_back({"interconnect", wires * pitch_mm * arch.interconnect.length_mm,
                          fmt::format("{:.0f} wires x {} mm", wires, arch.interconnect.length_mm)});

  double rest = 0;
  for (const AreaComponent& c : r.components) rest += c.mm2;
  const double control = rest * kControlShare / (1 - kControlShare);
  r.components.push_back({"control", control, fmt::format("{:.0f}% of the die", 100 * kControlShare)});
  r.total_mm2 = rest + control;
  return r;
}

std::string format_area(const AreaReport& report) {
  std::vector<std::array<std::string, 4>> rows = {{"component", "mm2", "share %", "basis"}};
  for (const AreaComponent& c : report.components) {
    rows.push_back(
        {c.name, fmt::format("{:.4f}", c.mm2), fmt::format("{:.1f}", 100 * c.mm2 / report.total_mm2), c.basis});
  }
  rows.push_back({"total", fmt::format("{:.4f}", report.total_mm2), "100.0", fmt::format("at {} nm", report.node_nm)});
  std::array<std::size_t, 4> width{};
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  std::string out = fmt::format("area of {} at {} nm\n\n", report.arch_name, report.node_nm);
  for (const auto& row : rows) {
    out += fmt::format("{:<{}}  {:>{}}  {:>{}}  {}\n", row[0], width[0], row[1], width[1], row[2], width[2], row[3]);
  }
  return out;
}

std::string area_json(const AreaReport& report) {
  nlohmann::ordered_json components;
  for (const AreaComponent& c : report.components) components[c.name] = c.mm2;
  nlohmann::ordered_json j;
  j["architecture"] = report.arch_name;
  j["node_nm"] = report.node_nm;
  j["total_mm2"] = report.total_mm2;
  j["components"] = components;
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace sasim
