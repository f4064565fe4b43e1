// Determinism: the same inputs give byte-identical outputs in separate
// processes (different address-space layout, different working directory).
// Each case runs `sasim run --out out` twice, each time in a fresh directory,
// and compares the list of files and every file's bytes, and the terminal
// output. Covers both engines, all dataflows, an INI architecture and the
// built-in defaults.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "cli_runner.hpp"

namespace sasim::testing {
namespace {

// Same file names, then same bytes (one by one, so a failure names the file).
void expect_same_files(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  std::vector<std::string> names[2];
  for (const auto& [name, bytes] : a) names[0].push_back(name);
  for (const auto& [name, bytes] : b) names[1].push_back(name);
  ASSERT_EQ(names[0], names[1]);
  for (const auto& [name, bytes] : a) EXPECT_EQ(bytes, b.at(name)) << name << " differs";
}

struct DeterminismCase {
  const char* label;
  std::vector<std::string> args;  // "@ARCH@" stands for an INI file the test writes
};

void PrintTo(const DeterminismCase& c, std::ostream* os) {
  *os << c.label;
}

class Determinism : public CliTest, public ::testing::WithParamInterface<DeterminismCase> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(CliTest::SetUp());
    std::ofstream(dir_ / "arch.ini") << "[array]\nrows = 12\ncols = 20\ndataflow = os\nin_width = 16\n"
                                        "acc_width = 40\nfreq_mhz = 812.5\n";
  }
};

TEST_P(Determinism, TwoProcessesWriteIdenticalFiles) {
  std::vector<std::string> args = {"run", "--quiet", "--out", "out"};
  for (std::string arg : GetParam().args) {
    if (arg == "@ARCH@") arg = (dir_ / "arch.ini").string();
    args.push_back(arg);
  }
  std::vector<std::map<std::string, std::string>> outputs;
  std::vector<std::string> terminal;
  for (const char* run : {"first", "second"}) {
    const fs::path cwd = dir_ / run;
    fs::create_directories(cwd);
    const CliOutput r = run_sasim(args, cwd);
    ASSERT_EQ(r.status, 0) << run << ": " << r.err;
    outputs.push_back(visible_files(cwd / "out"));
    terminal.push_back(r.out);
  }
  ASSERT_FALSE(outputs[0].empty());
  EXPECT_TRUE(outputs[0].count("layers.csv") && outputs[0].count("summary.json"));
  expect_same_files(outputs[0], outputs[1]);
  EXPECT_EQ(terminal[0], terminal[1]);
}

INSTANTIATE_TEST_SUITE_P(
    All, Determinism,
    ::testing::Values(
        DeterminismCase{"defaults", {}},
        DeterminismCase{"ws_many_layers",
                        {"--workload", "gemm:M=300,N=17,K=1000;gemm:M=1,N=4096,K=4096,name=gemv;gemm:M=33,N=33,K=33",
                         "--set", "array.rows=16", "--set", "array.cols=8"}},
        DeterminismCase{"os_wide_accumulator",
                        {"--workload", "gemm:M=129,N=65,K=257;gemm:M=7,N=7,K=7", "--set", "array.dataflow=os", "--set",
                         "array.in_width=16", "--set", "array.acc_width=64", "--set", "array.freq_mhz=1234.5678"}},
        DeterminismCase{"is_odd_array",
                        {"--workload", "gemm:M=1000,N=3,K=77", "--set", "array.dataflow=is", "--set", "array.rows=5",
                         "--set", "array.cols=3"}},
        DeterminismCase{"arch_file", {"--arch", "@ARCH@", "--workload", "gemm:M=48,N=48,K=480"}},
        // A variant the test build prebuilds (tests/rtl/regression.list).
        DeterminismCase{"rtl_engine",
                        {"--engine", "rtl", "--set", "array.rows=4", "--set", "array.cols=4", "--workload",
                         "gemm:M=9,N=10,K=11;gemm:M=4,N=4,K=4"}}),
    [](const auto& info) { return std::string(info.param.label); });

// A sweep run with one worker and with three, in separate processes: every
// output (results.csv, pareto.csv, summary.md, sweep.json, plots/ with the
// gnuplot-drawn PNG and SVG) is byte-identical. Points finish in a different
// order with three workers; the outputs must not show it.
using SweepDeterminism = CliTest;

TEST_F(SweepDeterminism, OneAndThreeJobsWriteIdenticalFiles) {
  std::ofstream(dir_ / "spec.ini") << "[sweep]\n"
                                      "objectives = latency, energy, area\n"
                                      "constraint = array.rows * array.cols <= 2048\n"
                                      "[workloads]\n"
                                      "mlp = gemm:name=fc1,M=64,N=512,K=256; gemm:name=fc2,M=64,N=128,K=512\n"
                                      "conv = conv:H=28,W=28,C=32,K=64,R=3,S=3\n"
                                      "[axes]\n"
                                      "array.rows = 8..64 *2\n"
                                      "array.cols = 8, 24, 64\n"
                                      "array.dataflow = ws, os, is\n"
                                      "sram.ifmap_kib = 64, 512\n";
  std::vector<std::map<std::string, std::string>> outputs;
  for (const char* jobs : {"1", "3"}) {
    const fs::path cwd = dir_ / (std::string("jobs") + jobs);
    fs::create_directories(cwd);
    const CliOutput r =
        run_sasim({"sweep", (dir_ / "spec.ini").string(), "--out", "out", "--jobs", jobs, "--quiet"}, cwd);
    ASSERT_EQ(r.status, 0) << "--jobs " << jobs << ": " << r.err;
    outputs.push_back(visible_files(cwd / "out"));
  }
  for (const char* name : {"results.csv", "pareto.csv", "summary.md", "sweep.json"})
    EXPECT_TRUE(outputs[0].count(name)) << name;
  expect_same_files(outputs[0], outputs[1]);
}

}  // namespace
}  // namespace sasim::testing
