// sasim run end to end (the built binary, in a fresh directory per test) and
// its two input parsers as library calls: every bad input is one line on
// stderr, exit status 2 and no file in --out; good runs write deterministic
// layers.csv/summary.json whose totals add up, and the RTL agrees with the model.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "error_of.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/support/error.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;
using testing::CliOutput;
using testing::error_of;
using testing::read_text;
using testing::write_text;

// The integer after "key": in summary.json (one key per line, as written).
std::int64_t json_int(const std::string& json, const std::string& key) {
  const std::string needle = "\"" + key + "\": ";
  const auto at = json.find(needle);
  if (at == std::string::npos) ADD_FAILURE() << "no " << key << " in " << json;
  return at == std::string::npos ? -1 : std::stoll(json.substr(at + needle.size()));
}

// sasim run inside a fresh directory per test.
class RunCli : public testing::CliTest {
 protected:
  CliOutput run(const std::vector<std::string>& args) { return sasim("run", args); }

  // layers.csv's data rows, after checking the header.
  std::vector<std::vector<std::string>> csv_rows(const fs::path& out) {
    const std::vector<std::string> lines = testing::lines_of(read_text(out / "layers.csv"));
    EXPECT_FALSE(lines.empty());
    if (lines.empty()) return {};
    EXPECT_EQ(lines[0],
              "layer,m,n,k,folds,cycles,macs,utilization,mapping_efficiency,scalesim_cycles,kind,repeats,"
              "vector_elements,shape,energy_pj,compute_cycles,stall_dram_bandwidth,stall_dram_latency,"
              "stall_interconnect,stall_sram_bank_conflict,stall_array_busy,dram_bytes_read,dram_bytes_written,bound");
    return testing::csv_rows(out / "layers.csv");
  }
};

// --- bad input: exit 2, one line, nothing in --out --------------------------

struct BadInput {
  const char* label;
  std::vector<std::string> args;  // "@DIR@" stands for the test's directory
  const char* message;            // a part of the expected error line
};

// Test names show the label, not the struct's bytes.
void PrintTo(const BadInput& input, std::ostream* os) {
  *os << input.label;
}

class RunCliBadInput : public RunCli, public ::testing::WithParamInterface<BadInput> {};

TEST_P(RunCliBadInput, OneLineExitTwoNoFiles) {
  write_text(dir_ / "unknown_key.ini", "[array]\nrows = 8\nnope = 1\n");
  write_text(dir_ / "bad_rows.ini", "[array]\nrows = abc\n");
  write_text(dir_ / "unknown_section.ini", "[arry]\nrows = 8\n");
  fs::create_directory(dir_ / "out");
  std::vector<std::string> args;
  for (std::string arg : GetParam().args) {
    if (const auto at = arg.find("@DIR@"); at != std::string::npos) arg.replace(at, 5, dir_.string());
    args.push_back(arg);
  }
  args.insert(args.end(), {"--out", "out"});
  const CliOutput r = run(args);
  ASSERT_FALSE(r.err.empty());
  expect_one_line_error(r, GetParam().message);
  EXPECT_TRUE(fs::is_empty(dir_ / "out"));
}

INSTANTIATE_TEST_SUITE_P(
    All, RunCliBadInput,
    ::testing::Values(
        BadInput{"zero_m", {"--workload", "gemm:M=0,N=1,K=1"}, "M = '0': expected an integer >= 1"},
        BadInput{"letter_m", {"--workload", "gemm:M=a,N=1,K=1"}, "M = 'a': expected an integer >= 1"},
        BadInput{"missing_k", {"--workload", "gemm:M=1,N=1"}, "missing K"},
        BadInput{"unknown_kind", {"--workload", "relu:x"}, "unknown layer kind 'relu'"},
        BadInput{"empty_workload", {"--workload", ""}, "no layers"},
        BadInput{"too_many_folds", {"--workload", "gemm:M=1,N=2147483647,K=2147483647"}, "folds"},
        BadInput{"missing_arch_file", {"--arch", "/nonexistent.ini"}, "'/nonexistent.ini': no such file"},
        BadInput{"arch_is_directory", {"--arch", "@DIR@"}, "is a directory"},
        BadInput{
            "arch_unknown_key", {"--arch", "@DIR@/unknown_key.ini"}, "unknown_key.ini' line 3: unknown key 'nope'"},
        BadInput{"arch_bad_rows", {"--arch", "@DIR@/bad_rows.ini"}, "bad_rows.ini' line 2: array.rows = 'abc'"},
        BadInput{"arch_unknown_section", {"--arch", "@DIR@/unknown_section.ini"}, "unknown section [arry]"},
        BadInput{"unknown_preset", {"--arch", "tpu9"}, "expected one of default"},
        BadInput{"set_rows_zero", {"--set", "array.rows=0"}, "--set array.rows = '0': expected an integer in 1..256"},
        BadInput{"set_unknown_key", {"--set", "array.nope=1"}, "--set 'array.nope=1': unknown key"},
        BadInput{"set_acc_too_narrow", {"--set", "array.in_width=16", "--set", "array.acc_width=16"}, "acc_width"},
        BadInput{"engine_foo", {"--engine", "foo"}, "--engine 'foo': expected model, rtl or analytic"},
        BadInput{"stray_argument", {"foo"}, "unexpected argument 'foo'"},
        BadInput{"stray_after_options", {"--engine", "model", "gemm:M=4,N=4,K=4"}, "unexpected argument 'gemm:M=4"},
        BadInput{
            "pe_slots_overflow",
            {"--set", "array.rows=256", "--set", "array.cols=256", "--workload", "gemm:M=2147483647,N=1,K=2147483647"},
            "overflows 64 bits"}),
    [](const auto& info) { return std::string(info.param.label); });

TEST_F(RunCli, OutThatIsAFileIsRefused) {
  write_text(dir_ / "taken", "keep me");
  const CliOutput r = run({"--workload", "gemm:M=4,N=4,K=4", "--out", "taken"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not a directory"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(dir_ / "taken"), "keep me");
}

// --- good runs ----------------------------------------------------------------

TEST_F(RunCli, OneLayerWritesCsvAndJsonThatAgree) {
  const CliOutput r = run({"--workload", "gemm:M=64,N=64,K=64", "--out", "out/new"});  // parents created
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = csv_rows(dir_ / "out/new");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].size(), 24u);
  EXPECT_EQ(rows[0][0], "gemm0");
  EXPECT_EQ(rows[0][6], "262144");  // MACs
  const std::string json = read_text(dir_ / "out/new/summary.json");
  EXPECT_EQ(json_int(json, "total_cycles"), std::stoll(rows[0][5]));
  EXPECT_EQ(json_int(json, "total_macs"), 262144);
  EXPECT_EQ(json_int(json, "layers"), 1);
  EXPECT_NE(json.find("\"engine\": \"model\""), std::string::npos);
  EXPECT_NE(r.out.find("gemm0"), std::string::npos);  // the terminal table
}

TEST_F(RunCli, RunsAreByteIdenticalAndLeaveNoTemporaries) {
  const std::vector<std::string> args = {"--workload", "gemm:M=64,N=64,K=64;gemm:M=7,N=100,K=33",
                                         "--set",      "array.rows=8",
                                         "--set",      "array.freq_mhz=933.3"};
  auto with_out = [&](const char* out) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--out", out});
    return a;
  };
  ASSERT_EQ(run(with_out("a")).status, 0);
  ASSERT_EQ(run(with_out("b")).status, 0);
  for (const char* name : {"layers.csv", "summary.json"}) {
    EXPECT_EQ(read_text(dir_ / "a" / name), read_text(dir_ / "b" / name)) << name;
  }
  const std::string first = read_text(dir_ / "a/summary.json");
  ASSERT_EQ(run(with_out("a")).status, 0);  // overwrites in place
  EXPECT_EQ(read_text(dir_ / "a/summary.json"), first);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "a"), fs::directory_iterator()), 2);
}

TEST_F(RunCli, TotalCyclesAreTheSumOfTheLayers) {
  const CliOutput r =
      run({"--workload", "gemm:name=big,M=100,N=70,K=90; GEMM:n=5,m=3,k=200,NAME=small;", "--out", "out"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = csv_rows(dir_ / "out");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "big");
  EXPECT_EQ(rows[1][0], "small");
  EXPECT_EQ(rows[1][1] + "," + rows[1][2] + "," + rows[1][3], "3,5,200");
  const std::string json = read_text(dir_ / "out/summary.json");
  EXPECT_EQ(json_int(json, "total_cycles"), std::stoll(rows[0][5]) + std::stoll(rows[1][5]));
  EXPECT_EQ(json_int(json, "total_macs"), 100 * 70 * 90 + 3 * 5 * 200);
  EXPECT_EQ(json_int(json, "layers"), 2);
}

TEST_F(RunCli, DefaultsRunTheEmbeddedWorkloadOnTheDefaultArchitecture) {
  const CliOutput r = run({"--out", "out"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string json = read_text(dir_ / "out/summary.json");
  EXPECT_EQ(json_int(json, "layers"), 3);
  EXPECT_NE(json.find(std::string("\"workload\": \"") + kDefaultWorkload + "\""), std::string::npos);
  EXPECT_NE(json.find("\"name\": \"default\""), std::string::npos);
  EXPECT_EQ(json_int(json, "rows"), 32);
  EXPECT_NE(r.out.find("32x32 ws int8/acc32 @ 700 MHz"), std::string::npos) << r.out;
}

TEST_F(RunCli, RtlAndModelGiveTheSameCycles) {
  const std::vector<std::string> common = {"--workload", "gemm:M=20,N=9,K=7", "--set",  "array.rows=4",
                                           "--set",      "array.cols=4",      "--quiet"};
  std::vector<std::string> rtl = common, model = common;
  rtl.insert(rtl.end(), {"--engine", "rtl", "--out", "rtl"});
  model.insert(model.end(), {"--engine", "model", "--out", "model"});
  const CliOutput r = run(rtl);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(run(model).status, 0);
  const std::string rtl_json = read_text(dir_ / "rtl/summary.json");
  EXPECT_NE(rtl_json.find("\"engine\": \"rtl\""), std::string::npos);
  EXPECT_EQ(json_int(rtl_json, "total_cycles"), json_int(read_text(dir_ / "model/summary.json"), "total_cycles"));
  EXPECT_EQ(read_text(dir_ / "rtl/layers.csv"), read_text(dir_ / "model/layers.csv"));
}

// --- the workload parser -------------------------------------------------------

TEST(WorkloadParser, NamesShapesAndDefaults) {
  const Workload w = parse_workload(" gemm:M=512,N=256,K=128 ; Gemm: name=fc1, k=3, n=2, m=1 ;; gemm:M=2,N=2,K=2");
  ASSERT_EQ(w.layers.size(), 3u);
  EXPECT_EQ(w.layers[0].name, "gemm0");
  EXPECT_EQ(w.layers[0].shape.m, 512);
  EXPECT_EQ(w.layers[0].shape.n, 256);
  EXPECT_EQ(w.layers[0].shape.k, 128);
  EXPECT_EQ(w.layers[1].name, "fc1");
  EXPECT_EQ(w.layers[1].shape.m, 1);
  EXPECT_EQ(w.layers[1].shape.k, 3);
  EXPECT_EQ(w.layers[2].name, "gemm2");  // names follow the layer's position
  EXPECT_EQ(parse_workload(kDefaultWorkload).layers.size(), 3u);
  EXPECT_EQ(parse_workload("gemm:M=2147483647,N=1,K=1").layers[0].shape.m, 2147483647);
}

TEST(WorkloadParser, ErrorsNameTheFragmentAndWhatIsExpected) {
  EXPECT_EQ(error_of([] { parse_workload("gemm:M=5,N=x,K=3"); }),
            "workload 'gemm:M=5,N=x,K=3': N = 'x': expected an integer >= 1");
  EXPECT_EQ(error_of([] { parse_workload("gemm:M=1,N=1,K=1;gemm:M=-1,N=1,K=1"); }),
            "workload 'gemm:M=-1,N=1,K=1': M = '-1': expected an integer >= 1");
  EXPECT_NE(error_of([] { parse_workload("gemm:M=2147483648,N=1,K=1"); }).find("<= 2147483647"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("gemm:M=2000000000,N=2000000000,K=2000000000"); }).find("overflows"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("gemm:M=1,N=1,K=1,Q=2"); }).find("unknown key 'Q'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("gemm:M=1,N=1,K=1,M=2"); }).find("M is given twice"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("gemm:name=a,M=1,N=1,K=1;gemm:name=a,M=1,N=1,K=1"); }).find("already used"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("gemm:name=a\"b,M=1,N=1,K=1"); }).find("name = 'a\"b'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("relu:C=3"); }).find("unknown layer kind 'relu'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload(" ; "); }).find("no layers"), std::string::npos);
  // A newline in the input stays escaped: the message is one line.
  EXPECT_EQ(error_of([] { parse_workload("gemm:M=1\n2,N=1,K=1"); }).find('\n'), std::string::npos);
}

// --- the architecture loader -----------------------------------------------------

class ArchitectureLoader : public RunCli {};

TEST_F(ArchitectureLoader, DefaultPreset) {
  const Architecture a = load_architecture("default", {});
  EXPECT_EQ(a.name, "default");
  EXPECT_EQ(a.array, (ArrayConfig{32, 32, 8, 32, Dataflow::WS}));
  EXPECT_EQ(a.freq_mhz, 700.0);
  EXPECT_NE(error_of([] { load_architecture("tpu9", {}); }).find("expected one of default"), std::string::npos);
}

TEST_F(ArchitectureLoader, FileKeysThenOverridesInOrder) {
  const fs::path ini = dir_ / "edge.ini";
  write_text(ini, "# an edge accelerator\n[array]\nrows = 16\ncols = 8   # narrow\ndataflow = OS\nfreq_mhz = 1000.5\n");
  const Architecture a = load_architecture(ini.string(), {"array.rows=12", "array.in_width = 16", "array.rows=4"});
  EXPECT_EQ(a.name, "edge");
  EXPECT_EQ(a.array, (ArrayConfig{4, 8, 16, 32, Dataflow::OS}));
  EXPECT_EQ(a.freq_mhz, 1000.5);
  write_text(dir_ / "tiny.ini", "[tech]\nnode_nm = 16\n");  // every other key keeps the default preset's value
  EXPECT_EQ(load_architecture((dir_ / "tiny.ini").string(), {}).array, (ArrayConfig{32, 32, 8, 32, Dataflow::WS}));
}

TEST_F(ArchitectureLoader, ErrorsNameTheSourceTheKeyAndTheValue) {
  auto load_text = [&](const std::string& text) {
    write_text(dir_ / "a.ini", text);
    return error_of([&] { load_architecture((dir_ / "a.ini").string(), {}); });
  };
  EXPECT_NE(load_text("[array]\ncols = 300\n").find("a.ini' line 2: array.cols = '300': expected an integer in 1..256"),
            std::string::npos);
  EXPECT_NE(load_text("[array]\nfreq_mhz = 0\n").find("array.freq_mhz = '0': expected a number > 0"),
            std::string::npos);
  EXPECT_NE(load_text("[array]\nfreq_mhz = fast\n").find("'fast'"), std::string::npos);
  EXPECT_NE(load_text("[array]\nrows = 4\nrows = 5\n").find("more than once"), std::string::npos);
  EXPECT_NE(load_text("rows = 4\n").find("outside any section"), std::string::npos);
  EXPECT_NE(load_text("[array]\nrows\n").find("a.ini'"), std::string::npos);
  EXPECT_NE(error_of([] {
              load_architecture("default", {"array.dataflow=diagonal"});
            }).find("--set array.dataflow = 'diagonal': expected ws, os or is"),
            std::string::npos);
  EXPECT_NE(error_of([] { load_architecture("default", {"array.rows"}); }).find("expected section.key=value"),
            std::string::npos);
  // Cross-key rule, checked once every key is known.
  EXPECT_NE(error_of([] {
              load_architecture("default", {"array.in_width=16", "array.acc_width=24"});
            }).find("acc_width = 24"),
            std::string::npos);
}

TEST(ArchitectureKeys, EveryKeyIsSectionDotKeyAndDocumented) {
  for (const ArchitectureKey& key : architecture_keys()) {
    const std::string name = key.name;
    EXPECT_NE(name.find('.'), std::string::npos) << name;
    EXPECT_NE(key.set, nullptr) << name;
    EXPECT_GT(std::string(key.description).size(), 5u) << name;
  }
}

}  // namespace
}  // namespace sasim
