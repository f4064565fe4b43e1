// sasim run on the platform: impossible memory-system configurations are
// one error line naming the key and its value (exit 2, no files); a good
// run's stall columns add up and its totals agree with summary.json; double
// buffering is never slower than single buffering; a memory-bound layer is
// reported as such.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "sasim/config/architecture.hpp"

namespace sasim::testing {
namespace {

struct BadPlatformInput {
  const char* label;
  std::vector<std::string> args;
  const char* message;  // a part of the expected error line
};

void PrintTo(const BadPlatformInput& input, std::ostream* os) {
  *os << input.label;
}

class PlatformCliBadInput : public CliTest, public ::testing::WithParamInterface<BadPlatformInput> {};

TEST_P(PlatformCliBadInput, OneLineExitTwoNoFiles) {
  std::vector<std::string> args = {"run", "--quiet", "--out", "out"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  expect_one_line_error(sasim(args), GetParam().message);
  EXPECT_FALSE(fs::exists(dir_ / "out" / "layers.csv"));
}

INSTANTIATE_TEST_SUITE_P(
    All, PlatformCliBadInput,
    ::testing::Values(
        BadPlatformInput{"weight_tile_too_big",
                         {"--set", "sram.filter_kib=1", "--workload", "gemm:M=64,N=64,K=64"},
                         "sram.filter_kib = 1 is too small for layer 'gemm0'"},
        BadPlatformInput{
            "accumulator_too_small",
            {"--set", "array.dataflow=os", "--set", "sram.accumulator_kib=1", "--workload", "gemm:M=64,N=64,K=64"},
            "sram.accumulator_kib = 1 is too small"},
        BadPlatformInput{"unified_too_small",
                         {"--set", "array.dataflow=is", "--set", "sram.unified_kib=1", "--set", "sram.ifmap_kib=0",
                          "--set", "sram.ofmap_kib=0", "--workload", "gemm:M=64,N=64,K=64"},
                         "sram.unified_kib = 1 is too small"},
        BadPlatformInput{
            "banks_cannot_feed_the_array",
            {"--set", "sram.banks=1", "--set", "sram.bank_width_bytes=4", "--workload", "gemm:M=8,N=8,K=8"},
            "sram.banks = 1"},
        BadPlatformInput{"zero_width_link", {"--set", "interconnect.width_bytes=0"}, "interconnect.width_bytes"},
        BadPlatformInput{"unknown_dram_preset", {"--set", "dram.preset=ddr9"}, "dram.preset"},
        BadPlatformInput{"unknown_memory", {"--memory", "sram"}, "--memory 'sram': expected dram or ideal"}),
    [](const auto& info) { return std::string(info.param.label); });

class PlatformCli : public CliTest {
 protected:
  // summary.json and layers.csv rows of `sasim run args --out out`.
  nlohmann::json run(const std::vector<std::string>& extra, const std::string& out,
                     std::vector<std::vector<std::string>>* rows = nullptr) {
    std::vector<std::string> args = {"run", "--quiet", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliOutput r = sasim(args);
    EXPECT_EQ(r.status, 0) << r.err;
    if (rows) *rows = csv_rows(dir_ / out / "layers.csv");
    return nlohmann::json::parse(read_text(dir_ / out / "summary.json"));
  }
};

// Columns of layers.csv (docs/output-formats.md).
constexpr int kCycles = 5, kComputeCycles = 15, kFirstStall = 16, kDramRead = 21, kDramWritten = 22, kBound = 23;

TEST_F(PlatformCli, EveryPresetRunsOnBothEnginesWithTheSameTraffic) {
  // A conv, a GEMM and a vector layer (the ONNX mini model) on every preset:
  // both engines run, and their DRAM bytes agree (one blocking).
  const std::string model = SASIM_SOURCE_DIR "/tests/workloads/conv_mini.onnx";
  for (const std::string& preset : architecture_preset_names()) {
    SCOPED_TRACE(preset);
    const nlohmann::json platform = run({"--arch", preset, "--workload", model}, preset + "_model");
    const nlohmann::json analytic =
        run({"--arch", preset, "--engine", "analytic", "--workload", model}, preset + "_an");
    ASSERT_TRUE(platform.contains("dram_bytes_read") && analytic.contains("dram_bytes_read"));
    EXPECT_EQ(platform["dram_bytes_read"], analytic["dram_bytes_read"]);
    EXPECT_EQ(platform["dram_bytes_written"], analytic["dram_bytes_written"]);
    EXPECT_EQ(platform["compute_cycles"], analytic["compute_cycles"]);
  }
}

TEST_F(PlatformCli, ASmallFeatureMapsSliversCostWhatTheAnalyticEngineCounts) {
  // 7x7x512 feature map, 3x3 conv on 8x8 IS: the last M tile has one row,
  // whose A tiles' feature-map share rounds to 0 bytes for some K tiles.
  const std::vector<std::string> args = {"--workload", "conv:H=7,W=7,C=512,K=512,R=3,pad=1",
                                         "--set",      "array.rows=8",
                                         "--set",      "array.cols=8",
                                         "--set",      "array.dataflow=is"};
  std::vector<std::string> analytic = args;
  analytic.insert(analytic.end(), {"--engine", "analytic"});
  const nlohmann::json m = run(args, "m"), a = run(analytic, "a");
  EXPECT_EQ(m["dram_bytes_read"], a["dram_bytes_read"]);
  EXPECT_EQ(m["dram_bytes_written"], a["dram_bytes_written"]);
}

TEST_F(PlatformCli, StallsAddUpAndTotalsAgree) {
  std::vector<std::vector<std::string>> rows;
  const nlohmann::json j = run({"--workload", "gemm:M=64,N=48,K=80;gemm:M=1,N=256,K=256"}, "out", &rows);
  ASSERT_EQ(rows.size(), 2u);
  std::int64_t cycles = 0, read = 0, written = 0, stalls = 0;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 24u);
    std::int64_t stall = 0;
    for (int c = kFirstStall; c < kFirstStall + 5; ++c) stall += std::stoll(row[std::size_t(c)]);
    EXPECT_EQ(std::stoll(row[kCycles]), std::stoll(row[kComputeCycles]) + stall);
    EXPECT_GT(std::stoll(row[kDramRead]), 0);
    EXPECT_GT(std::stoll(row[kDramWritten]), 0);
    cycles += std::stoll(row[kCycles]);
    read += std::stoll(row[kDramRead]);
    written += std::stoll(row[kDramWritten]);
    stalls += stall;
  }
  EXPECT_EQ(j["total_cycles"].get<std::int64_t>(), cycles);
  EXPECT_EQ(j["dram_bytes_read"].get<std::int64_t>(), read);
  EXPECT_EQ(j["dram_bytes_written"].get<std::int64_t>(), written);
  EXPECT_EQ(j["stall_cycles"]["total"].get<std::int64_t>(), stalls);
  EXPECT_EQ(j["total_cycles"].get<std::int64_t>() - j["compute_cycles"].get<std::int64_t>(), stalls);
  // C is written once, requantised to 1 byte an element (in_width 8).
  EXPECT_EQ(written, 64 * 48 + 256);
  for (const auto& row : rows) EXPECT_TRUE(row[kBound] == "memory" || row[kBound] == "compute") << row[kBound];
}

TEST_F(PlatformCli, DoubleBufferingIsNeverSlowerAndRemovesArrayBusyStalls) {
  // Short folds (32 rows) leave a single-buffered weight tile little time to load.
  const std::vector<std::string> workload = {"--workload", "gemm:M=32,N=512,K=512", "--set", "dram.channels=4"};
  std::vector<std::string> single = workload;
  single.insert(single.end(), {"--set", "sram.double_buffer=false"});
  const nlohmann::json db = run(workload, "db");
  const nlohmann::json sb = run(single, "sb");
  EXPECT_LT(db["total_cycles"].get<std::int64_t>(), sb["total_cycles"].get<std::int64_t>());
  EXPECT_GT(sb["stall_cycles"]["array_busy"].get<std::int64_t>(), db["stall_cycles"]["array_busy"].get<std::int64_t>());
}

TEST_F(PlatformCli, AWeightStreamIsChargedToDramBandwidth) {
  // M = 1 on 64x64: a 4 KiB weight tile takes ~112 cycles of DDR4-3200 and
  // 64 cycles to preload, so the layer waits for the weight stream; loads
  // waiting for their region behind earlier loads of the same channel are
  // not the array's fault.
  const nlohmann::json j = run({"--workload", "gemm:M=1,N=1024,K=1024", "--set", "array.rows=64", "--set",
                                "array.cols=64", "--set", "sram.banks=16"},
                               "mv");
  const nlohmann::json& stalls = j["stall_cycles"];
  EXPECT_EQ(stalls["array_busy"].get<std::int64_t>(), 0);
  EXPECT_GT(stalls["dram_bandwidth"].get<std::int64_t>(), 8 * stalls["dram_latency"].get<std::int64_t>());
  const double roofline =
      double(j["dram_bytes_read"].get<std::int64_t>() + j["dram_bytes_written"].get<std::int64_t>()) /
      (25.6e9 / 700e6);  // DDR4-3200 x64 at the 700 MHz array clock
  EXPECT_LT(double(j["total_cycles"].get<std::int64_t>()), 1.10 * roofline);
  EXPECT_GT(double(j["total_cycles"].get<std::int64_t>()), roofline);
}

TEST_F(PlatformCli, IdealMemoryIsAtLeastAsFastAsTheDram) {
  const std::vector<std::string> workload = {"--workload", "gemm:M=1,N=512,K=512"};
  std::vector<std::string> ideal = workload;
  ideal.insert(ideal.end(), {"--memory", "ideal"});
  const nlohmann::json dram = run(workload, "dram");
  const nlohmann::json fast = run(ideal, "ideal");
  EXPECT_EQ(dram["dram_bytes_read"], fast["dram_bytes_read"]);
  EXPECT_LE(fast["total_cycles"].get<std::int64_t>(), dram["total_cycles"].get<std::int64_t>());
  EXPECT_NE(fast["memory"].get<std::string>().find("ideal"), std::string::npos);
}

}  // namespace
}  // namespace sasim::testing
