// Architecture presets (configs/arch/, built in), the key table and its
// documentation, and SCALE-Sim .cfg files read as they are.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "error_of.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/support/error.hpp"

namespace sasim {
namespace {

using testing::error_of;
using testing::read_text;
using testing::write_text;

TEST(ArchPresets, AllNamedPresetsExistAndValidate) {
  const std::vector<std::string> names = architecture_preset_names();
  for (const char* wanted : {"default", "tpu_v1", "gemmini", "eyeriss_like", "mtia_v1_like", "edge_32x32"})
    EXPECT_NE(std::find(names.begin(), names.end(), wanted), names.end()) << wanted;
  EXPECT_EQ(names.front(), "default");
  for (const std::string& name : names) {
    const Architecture a = load_architecture(name, {});
    EXPECT_EQ(a.name, name);
    EXPECT_NO_THROW(validate_architecture(a)) << name;
  }
}

TEST(ArchPresets, DefaultIniStatesTheStructDefaults) {
  Architecture expected;
  expected.name = "default";
  const Architecture a = architecture_preset("default");
  EXPECT_EQ(a.array, expected.array);
  EXPECT_EQ(a.freq_mhz, expected.freq_mhz);
  EXPECT_EQ(a.sram.ifmap_kib, expected.sram.ifmap_kib);
  EXPECT_EQ(a.sram.accumulator_kib, expected.sram.accumulator_kib);
  EXPECT_EQ(a.dram.preset, expected.dram.preset);
  EXPECT_EQ(a.interconnect.width_bytes, expected.interconnect.width_bytes);
  EXPECT_EQ(a.tech.node_nm, expected.tech.node_nm);
}

TEST(ArchPresets, TpuV1HasThePublishedResources) {
  const Architecture a = architecture_preset("tpu_v1");
  EXPECT_EQ(a.array, (ArrayConfig{256, 256, 8, 32, Dataflow::WS}));
  EXPECT_EQ(a.freq_mhz, 700.0);
  EXPECT_EQ(a.sram.unified_kib, 24 * 1024);     // 24 MiB Unified Buffer
  EXPECT_EQ(a.sram.accumulator_kib, 4 * 1024);  // 4 MiB accumulators
  EXPECT_EQ(a.dram.preset.rfind("ddr3", 0), 0u);
  EXPECT_EQ(a.dram.channels, 2);
  EXPECT_EQ(a.tech.node_nm, 28);
  const Architecture m = architecture_preset("mtia_v1_like");
  EXPECT_EQ(m.tech.node_nm, 7);
  EXPECT_EQ(m.freq_mhz, 800.0);
  EXPECT_EQ(m.dram.preset, "lpddr5-6400");
  EXPECT_EQ(architecture_preset("gemmini").sram.unified_kib, 256);
  EXPECT_EQ(architecture_preset("eyeriss_like").sram.unified_kib, 108);
}

TEST(ArchPresets, EveryPresetValueHasASourceComment) {
  const std::string dir = std::string(SASIM_SOURCE_DIR) + "/configs/arch/";
  for (const char* name : {"tpu_v1", "gemmini", "eyeriss_like", "mtia_v1_like"}) {
    const std::string text = read_text(dir + name + ".ini");
    ASSERT_FALSE(text.empty()) << name;
    EXPECT_NE(text.find("20"), std::string::npos) << name << ": no publication year in the header";
  }
}

TEST(ArchKeys, EveryKeyIsDocumentedInConfigMd) {
  const std::string doc = read_text(std::string(SASIM_SOURCE_DIR) + "/docs/config.md");
  ASSERT_FALSE(doc.empty());
  for (const ArchitectureKey& key : architecture_keys()) {
    const std::string name = key.name;
    const std::string bare = name.substr(name.find('.') + 1);
    EXPECT_NE(doc.find("`" + bare + "`"), std::string::npos) << name << " is not in docs/config.md";
  }
  for (const std::string& preset : architecture_preset_names())
    EXPECT_NE(doc.find("`" + preset + "`"), std::string::npos) << preset << " is not in docs/config.md";
}

TEST(ArchKeys, OverridesReachEverySection) {
  const Architecture a = load_architecture(
      "default", {"sram.unified_kib=512", "sram.ifmap_kib=0", "sram.ofmap_kib=0", "sram.banks=4", "dram.preset=hbm2",
                  "dram.channels=8", "dram.page_policy=closed", "interconnect.width_bytes=128",
                  "interconnect.length_mm=3.5", "tech.node_nm=7", "sram.double_buffer=false"});
  EXPECT_EQ(a.sram.unified_kib, 512);
  EXPECT_EQ(a.sram.banks, 4);
  EXPECT_EQ(a.dram.preset, "hbm2");
  EXPECT_EQ(a.dram.channels, 8);
  EXPECT_EQ(a.dram.page_policy, "closed");
  EXPECT_EQ(a.interconnect.width_bytes, 128);
  EXPECT_EQ(a.interconnect.length_mm, 3.5);
  EXPECT_EQ(a.tech.node_nm, 7);
  EXPECT_FALSE(a.sram.double_buffer);
}

TEST(ArchKeys, CrossKeyRulesNameTheKeys) {
  EXPECT_NE(error_of([] { load_architecture("default", {"sram.unified_kib=64"}); }).find("sram.unified_kib = 64"),
            std::string::npos);
  EXPECT_NE(error_of([] { load_architecture("default", {"sram.filter_kib=0"}); }).find("sram.filter_kib = 0"),
            std::string::npos);
  EXPECT_NE(error_of([] { load_architecture("default", {"sram.bank_width_bytes=3000"}); }).find("sram.banks"),
            std::string::npos);
  // A unified buffer that holds the weights too (filter_kib = 0) is fine.
  EXPECT_NO_THROW(load_architecture(
      "default", {"sram.unified_kib=64", "sram.ifmap_kib=0", "sram.ofmap_kib=0", "sram.filter_kib=0"}));
}

class ArchFiles : public testing::CliTest {};

TEST_F(ArchFiles, DottedKeysOutsideASectionAreBoostSyntaxToo) {
  write_text(dir_ / "d.ini", "array.rows = 12\n[tech]\nnode_nm=45\n");
  const Architecture a = load_architecture((dir_ / "d.ini").string(), {});
  EXPECT_EQ(a.array.rows, 12);
  EXPECT_EQ(a.tech.node_nm, 45);
}

using ScaleSimCfg = ArchFiles;

TEST_F(ScaleSimCfg, ExampleFilesMapOntoSasimKeys) {
  const std::string dir = std::string(SASIM_SOURCE_DIR) + "/configs/scalesim/";
  const Architecture a = load_architecture(dir + "scale_32x32_os.cfg", {});
  EXPECT_EQ(a.name, "scalesim_32x32_os");
  EXPECT_EQ(a.array, (ArrayConfig{32, 32, 8, 32, Dataflow::OS}));
  EXPECT_EQ(a.sram.ifmap_kib, 64);
  EXPECT_EQ(a.sram.filter_kib, 64);
  EXPECT_EQ(a.sram.ofmap_kib, 64);
  EXPECT_EQ(a.interconnect.width_bytes, 16);  // Bandwidth: 16 words/cycle, USER
  const Architecture t = load_architecture(dir + "tpu_like_ws.cfg", {});
  EXPECT_EQ(t.array, (ArrayConfig{256, 256, 8, 32, Dataflow::WS}));
  EXPECT_EQ(t.sram.ifmap_kib, 6144);
  // CALC: SCALE-Sim sizes the bandwidth itself; the link keeps the default width.
  EXPECT_EQ(t.interconnect.width_bytes, architecture_preset("default").interconnect.width_bytes);
  // SCALE-Sim's SRAMs feed the array every cycle: 256 bytes an edge over
  // 16-byte banks; partial sums live in the ofmap buffer.
  EXPECT_EQ(t.sram.banks, 256 / t.sram.bank_width_bytes);
  EXPECT_EQ(t.sram.accumulator_kib, 0);
  EXPECT_EQ(a.sram.banks, architecture_preset("default").sram.banks);  // 32 bytes an edge: the default 8 suffice
}

TEST_F(ScaleSimCfg, ConfigparserSyntaxVariants) {
  write_text(dir_ / "v.cfg",
             "; semicolon comment\n[general]\nrun_name = v\n\n[architecture_presets]\narrayheight = 8\n"
             "ARRAYWIDTH: 4\nIfmapSramSzkB : 32\nFilterSramSzkB=32\nOfmapSramSzkB:16\nDataflow : IS\n"
             "Bandwidth : 10, 6\nMemoryBanks: 2\nOnChipMemoryBanks: 2\nOnChipMemoryBankPorts: 2\n"
             "IfmapOffset: 0\n[layout]\nIfmapCustomLayout: False\n[sparsity]\nSparsitySupport : false\n"
             "[run_presets]\nInterfaceBandwidth: USER\nUseRamulatorTrace: True\n");
  const Architecture a = load_architecture((dir_ / "v.cfg").string(), {"array.freq_mhz=500"});
  EXPECT_EQ(a.name, "v");
  EXPECT_EQ(a.array, (ArrayConfig{8, 4, 8, 32, Dataflow::IS}));
  EXPECT_EQ(a.interconnect.width_bytes, 16);  // 10 + 6 words of one byte
  EXPECT_EQ(a.sram.banks, 2);
  EXPECT_EQ(a.sram.ports, 2);
  EXPECT_EQ(a.freq_mhz, 500.0);
}

TEST_F(ScaleSimCfg, ErrorsNameTheFileLineAndKey) {
  write_text(dir_ / "e.cfg",
             "[architecture_presets]\nArrayHeight: 8\nArrayWidth: 8\nIfmapSramSzkB: 64\n"
             "FilterSramSzkB: 64\nOfmapSramSzkB: 64\nDataflow: ws\nIfmapOffset: -5\n");
  const std::string e = error_of([&] { load_architecture((dir_ / "e.cfg").string(), {}); });
  EXPECT_NE(e.find("e.cfg' line 8: IfmapOffset = '-5': expected an integer >= 0"), std::string::npos) << e;
  write_text(dir_ / "u.cfg",
             "[architecture_presets]\nArrayHeight: 8\nArrayWidth: 8\nIfmapSramSzkB: 64\n"
             "FilterSramSzkB: 64\nOfmapSramSzkB: 64\nDataflow: ws\n[run_presets]\n"
             "InterfaceBandwidth: USER\n");
  EXPECT_NE(error_of([&] { load_architecture((dir_ / "u.cfg").string(), {}); }).find("has no Bandwidth"),
            std::string::npos);
}

}  // namespace
}  // namespace sasim

namespace sasim {
namespace {

TEST_F(ArchFiles, RunAndAreaHelpListThePresetsAndKeys) {
  for (const char* command : {"run", "area"}) {
    const testing::CliOutput r = sasim({command, "--help"});
    ASSERT_EQ(r.status, 0) << r.err;
    for (const std::string& preset : architecture_preset_names())
      EXPECT_NE(r.out.find(preset), std::string::npos) << command << " --help lacks " << preset;
  }
  const std::string run_help = sasim({"run", "--help"}).out;
  for (const ArchitectureKey& key : architecture_keys())
    EXPECT_NE(run_help.find(key.name), std::string::npos) << key.name;
}

}  // namespace
}  // namespace sasim
