// Energy per action (Horowitz ISSCC 2014 at 45 nm, node-scaled), the
// first-order action counts, and energy in `sasim run`'s report.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/cost/energy_model.hpp"
#include "sasim/cost/tech_scaling.hpp"

namespace sasim {
namespace {

double part(const EnergyBreakdown& e, const std::string& name) {
  for (const auto& [n, pj] : e.components)
    if (n == name) return pj;
  ADD_FAILURE() << "no component " << name;
  return -1;
}

TEST(EnergyModel, HorowitzNumbersAt45nm) {
  Architecture a = load_architecture("default", {"tech.node_nm=45"});
  // int8 multiply 0.2 pJ + 32-bit add 0.1 pJ.
  EXPECT_NEAR(make_energy_model(a).mac_pj, 0.3, 1e-12);
  a = load_architecture("default", {"tech.node_nm=45", "array.in_width=16"});
  EXPECT_NEAR(make_energy_model(a).mac_pj, 0.8 + 0.1, 1e-12);
  EXPECT_NEAR(sram_access_pj_45nm(8), 10, 1e-9);
  EXPECT_NEAR(sram_access_pj_45nm(32), 20, 1e-9);
  EXPECT_NEAR(sram_access_pj_45nm(1024), 100, 1e-9);
  // Bigger banks cost more per access, also outside the published points.
  EXPECT_LT(sram_access_pj_45nm(2), sram_access_pj_45nm(8));
  EXPECT_GT(sram_access_pj_45nm(4096), sram_access_pj_45nm(1024));
}

TEST(EnergyModel, DramByTypeAndNodeScaling) {
  EXPECT_GT(dram_pj_per_bit("ddr3-1600"), dram_pj_per_bit("ddr4-3200"));
  EXPECT_GT(dram_pj_per_bit("ddr4-3200"), dram_pj_per_bit("lpddr5-6400"));
  EXPECT_GT(dram_pj_per_bit("lpddr5-6400"), dram_pj_per_bit("hbm2"));
  for (const std::string& preset : dram_preset_names()) EXPECT_GT(dram_pj_per_bit(preset), 0) << preset;
  const EnergyModel m45 = make_energy_model(load_architecture("default", {"tech.node_nm=45"}));
  const EnergyModel m7 = make_energy_model(load_architecture("default", {"tech.node_nm=7"}));
  EXPECT_NEAR(m7.mac_pj / m45.mac_pj, energy_factor(7), 1e-12);
  EXPECT_LT(m7.buffers[0].pj_per_byte, m45.buffers[0].pj_per_byte);
  EXPECT_EQ(m7.dram_pj_per_byte, m45.dram_pj_per_byte);  // off-chip: not node-scaled
}

TEST(EnergyModel, RolesChargeTheBuffersThatHoldThem) {
  ActionCounts c;
  c.filter.read_bytes = 1000;
  // Separate buffers: weights in sram_filter.
  EnergyBreakdown e = estimate_energy(make_energy_model(architecture_preset("default")), c);
  EXPECT_GT(part(e, "sram_filter"), 0);
  EXPECT_EQ(part(e, "sram_ifmap"), 0);
  // Gemmini: weights live in the unified scratchpad.
  e = estimate_energy(make_energy_model(architecture_preset("gemmini")), c);
  EXPECT_GT(part(e, "sram_unified"), 0);
  EXPECT_NEAR(e.total_pj, part(e, "sram_unified"), 1e-9);
  // TPU v1: weights in the weight FIFO, activations in the unified buffer.
  e = estimate_energy(make_energy_model(architecture_preset("tpu_v1")), c);
  EXPECT_GT(part(e, "sram_filter"), 0);
  EXPECT_EQ(part(e, "sram_unified"), 0);
}

TEST(EnergyModel, OperandCountsFollowTheFolds) {
  const ArrayConfig ws{32, 32, 8, 32, Dataflow::WS};
  const ActionCounts c = operand_action_counts(ws, GemmShape{64, 96, 100});
  EXPECT_EQ(c.macs, 64.0 * 96 * 100);
  EXPECT_EQ(c.dram_read_bytes, 64.0 * 100 + 100.0 * 96);
  EXPECT_EQ(c.dram_write_bytes, 64.0 * 96 * 4);
  EXPECT_EQ(c.filter.read_bytes, 100.0 * 96);               // stationary weights read once
  EXPECT_EQ(c.ifmap.read_bytes, 64.0 * 100 * 3);            // A streamed once per N tile (96/32)
  EXPECT_EQ(c.accumulator.write_bytes, 64.0 * 96 * 4 * 4);  // 4 K tiles (100/32)
  EXPECT_EQ(c.accumulator.read_bytes, 64.0 * 96 * 4 * 3);
  const ActionCounts os = operand_action_counts(ArrayConfig{32, 32, 8, 32, Dataflow::OS}, GemmShape{64, 96, 100});
  EXPECT_EQ(os.accumulator.write_bytes, 0);
  EXPECT_EQ(os.filter.read_bytes, 100.0 * 96 * 2);  // once per M tile (64/32)
  EXPECT_FALSE(os.measured);
}

TEST(EnergyModel, BreakdownSumsAndAdds) {
  const EnergyModel m = make_energy_model(architecture_preset("default"));
  const EnergyBreakdown e = estimate_energy(m, operand_action_counts(ArrayConfig{}, GemmShape{128, 128, 128}));
  double sum = 0;
  for (const auto& [name, pj] : e.components) sum += pj;
  EXPECT_NEAR(sum, e.total_pj, 1e-9 * sum);
  EXPECT_EQ(e.components.front().first, "mac");
  EXPECT_EQ(e.components[1].first, "vector");
  EXPECT_EQ(part(e, "vector"), 0);  // a GEMM has no vector work
  const EnergyBreakdown twice = add_energy(e, e);
  EXPECT_NEAR(twice.total_pj, 2 * e.total_pj, 1e-9 * e.total_pj);
  EXPECT_NEAR(part(twice, "dram"), 2 * part(e, "dram"), 1e-9 * part(e, "dram"));
}

TEST(EnergyModel, VectorOpIsOneAddAtAccWidth) {
  // Horowitz at 45 nm: 32-bit add 0.1 pJ, 16-bit 0.05 pJ.
  EXPECT_NEAR(make_energy_model(load_architecture("default", {"tech.node_nm=45"})).vector_op_pj, 0.1, 1e-12);
  EXPECT_NEAR(make_energy_model(load_architecture("default", {"tech.node_nm=45", "array.acc_width=16"})).vector_op_pj,
              0.05, 1e-12);
  const EnergyModel m7 = make_energy_model(load_architecture("default", {"tech.node_nm=7"}));
  EXPECT_NEAR(m7.vector_op_pj, 0.1 * energy_factor(7), 1e-12);
}

TEST(EnergyModel, VectorLayerChargesItsOpsAndTheActivationBuffer) {
  const ActionCounts c = vector_action_counts(ArrayConfig{32, 32, 8, 32, Dataflow::WS}, 1000);
  EXPECT_EQ(c.vector_ops, 1000);
  EXPECT_EQ(c.ifmap.read_bytes, 1000);  // each int8 element read once and written once
  EXPECT_EQ(c.ifmap.write_bytes, 1000);
  EXPECT_EQ(c.macs + c.dram_read_bytes + c.dram_write_bytes + c.filter.read_bytes, 0);
  EXPECT_EQ(vector_action_counts(ArrayConfig{32, 32, 16, 32, Dataflow::WS}, 1000).ifmap.read_bytes, 2000);

  const EnergyModel m = make_energy_model(load_architecture("default", {"tech.node_nm=45"}));
  const EnergyBreakdown e = estimate_energy(m, c);
  EXPECT_NEAR(part(e, "vector"), 1000 * 0.1, 1e-9);
  EXPECT_NEAR(part(e, "sram_ifmap"), 2000 * m.buffers[std::size_t(m.ifmap)].pj_per_byte, 1e-9);
  EXPECT_NEAR(e.total_pj, part(e, "vector") + part(e, "sram_ifmap"), 1e-9);
  // TPU v1 keeps activations in its unified buffer.
  const EnergyBreakdown tpu = estimate_energy(make_energy_model(architecture_preset("tpu_v1")), c);
  EXPECT_GT(part(tpu, "sram_unified"), 0);
  EXPECT_GT(part(tpu, "vector"), 0);
}

class EnergyCli : public testing::CliTest {};

// conv_mini.onnx has a Relu between its convolutions: vector work with energy
// of its own, per layer and as the `vector` component of the total.
TEST_F(EnergyCli, VectorLayersCarryEnergy) {
  for (const char* engine : {"model", "analytic"}) {
    const testing::CliOutput r = sasim({"run", "--engine", engine, "--workload",
                                        SASIM_SOURCE_DIR "/tests/workloads/conv_mini.onnx", "--out", "out", "-q"});
    ASSERT_EQ(r.status, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(testing::read_text(dir_ / "out/summary.json"));
    const EnergyModel m = make_energy_model(architecture_preset("default"));
    const double elements = j["vector_elements"].get<double>();
    ASSERT_GT(elements, 0);
    EXPECT_NEAR(j["energy_pj"]["vector"].get<double>(), elements * m.vector_op_pj, 1e-9 * elements) << engine;
    EXPECT_NE(r.out.find(", vector "), std::string::npos) << r.out;  // in the terminal's breakdown
    // Each vector layer's energy: its ops, an int8 read and write per element
    // in the ifmap buffer, and the DRAM traffic the engine moved for it
    // (the default architecture keeps no activations on chip), which also
    // crosses the interconnect.
    const std::vector<std::string> lines = testing::lines_of(testing::read_text(dir_ / "out/layers.csv"));
    std::map<std::string, std::size_t> column;
    if (!lines.empty())
      for (const std::string& name : testing::csv_fields(lines[0])) column.emplace(name, column.size());
    int vector_layers = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const std::string& line = lines[i];
      const std::vector<std::string> f = testing::csv_fields(line);
      ASSERT_EQ(f.size(), column.size()) << line;
      if (f[column.at("kind")] != "vector") continue;
      ++vector_layers;
      const double n = std::stod(f[column.at("vector_elements")]);
      const double dram = std::stod(f[column.at("dram_bytes_read")]) + std::stod(f[column.at("dram_bytes_written")]);
      EXPECT_EQ(dram > 0, n > 0) << engine << ": " << line;  // views (Flatten) move nothing
      const double expected = n * (m.vector_op_pj + 2 * m.buffers[std::size_t(m.ifmap)].pj_per_byte) +
                              dram * (m.dram_pj_per_byte + m.interconnect_pj_per_byte);
      EXPECT_NEAR(std::stod(f[column.at("energy_pj")]), expected, 1e-6 * expected) << engine << ": " << line;
    }
    EXPECT_GT(vector_layers, 0);
  }
}

TEST_F(EnergyCli, RunReportsEnergyPerLayerAndInTotal) {
  const testing::CliOutput r =
      sasim({"run", "--workload", "gemm:name=a,M=64,N=64,K=64;gemm:name=b,M=128,N=64,K=256", "--out", "out", "-q"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("energy uJ"), std::string::npos);
  EXPECT_NE(r.out.find("\nenergy "), std::string::npos);
  EXPECT_NE(r.out.find("\narea "), std::string::npos);
  const nlohmann::json j = nlohmann::json::parse(testing::read_text(dir_ / "out/summary.json"));
  ASSERT_TRUE(j.contains("total_energy_pj"));
  EXPECT_EQ(j["energy_counts"], "measured");  // the platform counts DRAM and SRAM traffic
  double parts = 0;
  for (const auto& [name, pj] : j["energy_pj"].items()) parts += pj.get<double>();
  EXPECT_NEAR(parts, j["total_energy_pj"].get<double>(), 1e-9 * parts);
  EXPECT_GT(j["area_mm2"].get<double>(), 0);
  // layers.csv's energy_pj column sums to the total.
  std::istringstream csv(testing::read_text(dir_ / "out/layers.csv"));
  std::string line;
  std::getline(csv, line);
  // The energy_pj column, found by name.
  std::size_t column = 0;
  {
    std::istringstream header(line);
    std::string name;
    while (std::getline(header, name, ',') && name != "energy_pj") ++column;
    ASSERT_EQ(name, "energy_pj");
  }
  double layers = 0;
  while (std::getline(csv, line)) {
    std::istringstream row(line);
    std::string field;
    for (std::size_t i = 0; i <= column; ++i) std::getline(row, field, ',');
    layers += std::stod(field);
  }
  EXPECT_NEAR(layers, j["total_energy_pj"].get<double>(), 1e-5 * layers);
}

}  // namespace
}  // namespace sasim
