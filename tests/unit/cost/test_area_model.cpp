// The area model: scaling with array size and capacities, Stillmaker-Baas
// node scaling, the Yosys calibration it reads, and `sasim area`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/cost/area_model.hpp"
#include "sasim/cost/tech_scaling.hpp"

namespace sasim {
namespace {

double component(const AreaReport& r, const std::string& name) {
  for (const AreaComponent& c : r.components)
    if (c.name == name) return c.mm2;
  ADD_FAILURE() << "no component " << name;
  return -1;
}

Architecture arch_with(const std::vector<std::string>& overrides) {
  return load_architecture("default", overrides);
}

TEST(AreaModel, MacArrayScalesWithPeCount) {
  const double a16 = component(estimate_area(arch_with({"array.rows=16", "array.cols=16"})), "mac_array");
  const double a64 = component(estimate_area(arch_with({"array.rows=64", "array.cols=64"})), "mac_array");
  // 16x more PEs; the skew triangles grow a little faster than rows*cols.
  EXPECT_GT(a64 / a16, 16.0);
  EXPECT_LT(a64 / a16, 17.0);
  const double a_wide = component(estimate_area(arch_with({"array.rows=16", "array.cols=64"})), "mac_array");
  EXPECT_GT(a_wide, 3.9 * a16);
}

TEST(AreaModel, PeAreaGrowsWithWidthsAndMatchesTheCalibration) {
  ArrayConfig ws8{32, 32, 8, 32, Dataflow::WS};
  ArrayConfig ws16{32, 32, 16, 32, Dataflow::WS};
  ArrayConfig ws8_acc24{32, 32, 8, 24, Dataflow::WS};
  ArrayConfig ws8_acc40{32, 32, 8, 40, Dataflow::WS};
  EXPECT_GT(pe_cell_area_um2(ws16), 1.5 * pe_cell_area_um2(ws8));
  EXPECT_LT(pe_cell_area_um2(ws8_acc24), pe_cell_area_um2(ws8));
  // 40 bits lies between the calibrated 32 and 48.
  EXPECT_GT(pe_cell_area_um2(ws8_acc40), pe_cell_area_um2(ws8));
  EXPECT_LT(pe_cell_area_um2(ws8_acc40), pe_cell_area_um2(ArrayConfig{32, 32, 8, 48, Dataflow::WS}));
  // IS uses the WS PE; OS has its own.
  EXPECT_EQ(pe_cell_area_um2(ArrayConfig{32, 32, 8, 32, Dataflow::IS}), pe_cell_area_um2(ws8));
  EXPECT_NE(pe_cell_area_um2(ArrayConfig{32, 32, 8, 32, Dataflow::OS}), pe_cell_area_um2(ws8));
  // The committed calibration's value for the int8/acc32 WS PE.
  const std::string cal = testing::read_text(std::string(SASIM_SOURCE_DIR) + "/configs/calibration/pe_area.ini");
  const auto at = cal.find("ws_in8_acc32_um2 = ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_DOUBLE_EQ(pe_cell_area_um2(ws8), std::stod(cal.substr(at + 19)));
}

TEST(AreaModel, SramScalesWithCapacity) {
  EXPECT_DOUBLE_EQ(sram_area_mm2(2048, 28), 2 * sram_area_mm2(1024, 28));
  const AreaReport small = estimate_area(arch_with({"sram.ifmap_kib=128"}));
  const AreaReport big = estimate_area(arch_with({"sram.ifmap_kib=1024"}));
  EXPECT_DOUBLE_EQ(component(big, "sram_ifmap"), 8 * component(small, "sram_ifmap"));
  EXPECT_GT(big.total_mm2, small.total_mm2);
}

TEST(AreaModel, NodeScalingIsMonotone) {
  double previous = 1e9;
  for (int node = kMaxNodeNm; node >= kMinNodeNm; --node) {
    EXPECT_LT(area_factor(node), previous) << node;
    previous = area_factor(node);
  }
  EXPECT_DOUBLE_EQ(area_factor(45), 1.0);
  EXPECT_DOUBLE_EQ(energy_factor(45), 1.0);
  double previous_energy = 1e9, previous_total = 1e9, previous_sram = 1e9;
  for (int node = kMaxNodeNm; node >= kMinNodeNm; --node) {
    EXPECT_LT(energy_factor(node), previous_energy) << node;
    previous_energy = energy_factor(node);
    const AreaReport r = estimate_area(arch_with({"tech.node_nm=" + std::to_string(node)}));
    EXPECT_LT(r.total_mm2, previous_total) << node;
    EXPECT_LT(component(r, "sram_ifmap"), previous_sram) << node;
    previous_total = r.total_mm2;
    previous_sram = component(r, "sram_ifmap");
  }
  // 28 nm lies between the tabulated 32 and 20 nm.
  EXPECT_LT(area_factor(28), area_factor(32));
  EXPECT_GT(area_factor(28), area_factor(20));
}

TEST(AreaModel, ComponentsAddUpAndFollowTheBuffers) {
  const AreaReport r = estimate_area(architecture_preset("tpu_v1"));
  double sum = 0;
  for (const AreaComponent& c : r.components) {
    EXPECT_GT(c.mm2, 0) << c.name;
    sum += c.mm2;
  }
  EXPECT_NEAR(sum, r.total_mm2, 1e-9 * r.total_mm2);
  EXPECT_GT(component(r, "sram_unified"), 0);
  for (const AreaComponent& c : r.components) EXPECT_NE(c.name, "sram_ifmap");  // a unified design has none
  EXPECT_NEAR(component(r, "control") / r.total_mm2, 0.02, 1e-12);
  // More DRAM channels, more PHY area; wider link, more wire.
  const double phy1 = component(estimate_area(arch_with({"dram.channels=1"})), "dram_phy_controller");
  EXPECT_DOUBLE_EQ(component(estimate_area(arch_with({"dram.channels=4"})), "dram_phy_controller"), 4 * phy1);
  EXPECT_GT(component(estimate_area(arch_with({"interconnect.width_bytes=128"})), "interconnect"),
            component(estimate_area(arch_with({"interconnect.width_bytes=64"})), "interconnect"));
}

class AreaCli : public testing::CliTest {};

TEST_F(AreaCli, WritesAreaJsonAndATable) {
  const testing::CliOutput r = sasim({"area", "--arch", "tpu_v1", "--out", "out"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("mac_array"), std::string::npos);
  EXPECT_NE(r.out.find("total"), std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(testing::read_text(dir_ / "out/area.json"));
  ASSERT_TRUE(j.contains("total_mm2"));
  ASSERT_TRUE(j.contains("components"));
  double sum = 0;
  for (const auto& [name, mm2] : j["components"].items()) sum += mm2.get<double>();
  EXPECT_NEAR(sum, j["total_mm2"].get<double>(), 1e-9 * sum);
  for (const char* name :
       {"mac_array", "sram_unified", "sram_accumulator", "dram_phy_controller", "interconnect", "control"})
    EXPECT_TRUE(j["components"].contains(name)) << name;
  EXPECT_EQ(j["node_nm"], 28);
  // Deterministic, byte for byte.
  const std::string first = testing::read_text(dir_ / "out/area.json");
  ASSERT_EQ(sasim({"area", "--arch", "tpu_v1", "--out", "out"}).status, 0);
  EXPECT_EQ(testing::read_text(dir_ / "out/area.json"), first);
  // --set reaches the area.
  ASSERT_EQ(sasim({"area", "--arch", "tpu_v1", "--set", "tech.node_nm=7", "--out", "out7"}).status, 0);
  const nlohmann::json j7 = nlohmann::json::parse(testing::read_text(dir_ / "out7/area.json"));
  EXPECT_LT(j7["total_mm2"].get<double>(), j["total_mm2"].get<double>());
}

TEST_F(AreaCli, BadArgumentsAreOneLineErrors) {
  expect_one_line_error(sasim({"area", "--arch", "tpu9"}), "unknown architecture preset 'tpu9'");
  expect_one_line_error(sasim({"area", "--set", "tech.node_nm=5"}), "--set tech.node_nm = '5'");
  expect_one_line_error(sasim({"area", "--bogus"}), "bogus");
  expect_one_line_error(sasim({"area", "--out", ""}), "--out ''");
  testing::write_text(dir_ / "file", "x");
  expect_one_line_error(sasim({"area", "--out", "file"}), "file");
  EXPECT_EQ(testing::read_text(dir_ / "file"), "x");
  EXPECT_EQ(sasim({"area", "--help"}).status, 0);
}

}  // namespace
}  // namespace sasim
