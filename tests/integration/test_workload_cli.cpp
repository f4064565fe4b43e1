// The workload bad-input corpus (tests/bad_inputs/workloads/) through the CLI:
// each file gives exit status 2, one line naming the file and the line, column
// or node, and nothing in --out. Good runs of files report vector work apart.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;
using testing::CliOutput;
using testing::read_text;
const fs::path kCorpus = SASIM_SOURCE_DIR "/tests/bad_inputs/workloads";

// Every input in the corpus and a part of the one line it must produce.
const std::map<std::string, std::string> kExpected = {
    {"bad_header.csv", "bad_header.csv' line 1: 'name;height;width': expected the header"},
    {"directory.csv", "directory.csv': is a directory, expected a SCALE-Sim topology CSV"},
    {"empty.csv", "empty.csv': empty file: expected the header"},
    {"extra_column.csv", "extra_column.csv' line 2: unexpected column 5 = '12'"},
    {"filter_larger.csv", "filter_larger.csv' line 2: 'Filter Height' = 7 is larger than 'IFMAP Height' = 5"},
    {"gemm_hex.csv", "gemm_hex.csv' line 2: 'N' = '0x10': expected an integer"},
    {"gemm_truncated.csv", "gemm_truncated.csv' line 2: 'K' is empty"},
    {"header_only.csv", "header_only.csv': no layers after the header"},
    {"negative_width.csv", "negative_width.csv' line 2: 'IFMAP Width' = '-224'"},
    {"text_number.csv", "text_number.csv' line 2: 'Filter Height' = 'seven'"},
    {"truncated.csv", "truncated.csv' line 3: 4 columns, missing 'Filter Width'"},
    {"zero_channels.csv", "zero_channels.csv' line 2: 'Channels' = '0'"},
    {"empty.onnx", "empty.onnx': empty file: expected an ONNX model"},
    {"not_onnx.onnx", "not_onnx.onnx': not an ONNX model"},
    {"onnx_conv_channels.onnx", "onnx_conv_channels.onnx': node 'bad_conv' (Conv): input has 3 channels"},
    {"onnx_cycle.onnx", "onnx_cycle.onnx': node 'add_a' (Add): the graph has a cycle"},
    {"onnx_huge_pad.onnx",
     "onnx_huge_pad.onnx': node 'padded_conv' (Conv): attribute pads holds 1099511627776: expected integers in "
     "0..2147483647"},
    {"onnx_dangling_input.onnx", "onnx_dangling_input.onnx': node 'orphan_add' (Add): input 'nowhere' is neither"},
    {"onnx_matmul_mismatch.onnx", "node 'bad_matmul' (MatMul): A 1x5x8 and B 6x4: inner dimensions 8 and 6 differ"},
    {"onnx_unknown_shape.onnx", "node 'matmul_unknown' (MatMul): the shape of input 'z' is unknown"},
    {"missing.onnx", "missing.onnx': no such file"},  // not in the corpus: a missing file
};

class WorkloadCorpus : public testing::CliTest {
 protected:
  void expect_refused(const std::vector<std::string>& args, const std::string& message) {
    fs::create_directory(dir_ / "out");
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--out", "out", "--quiet"});
    expect_one_line_error(sasim("run", all), message);
    EXPECT_TRUE(fs::is_empty(dir_ / "out"));
    fs::remove_all(dir_ / "out");
  }
};

TEST_F(WorkloadCorpus, EveryFileIsOneLineExitTwoNoOutput) {
  for (const auto& [file, message] : kExpected) {
    SCOPED_TRACE(file);
    expect_refused({"--workload", (kCorpus / file).string()}, message);
  }
  for (const auto& entry : fs::directory_iterator(kCorpus)) {  // the corpus has no untested file
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".textproto" || name == "README.md") continue;
    EXPECT_TRUE(kExpected.count(name)) << name << " is in the corpus but not in kExpected";
  }
}

TEST_F(WorkloadCorpus, BadSpecsAndOptions) {
  expect_refused({"--workload", "conv:H=8,W=8,C=6,K=8,R=3,groups=4"}, "groups = 4 must divide");
  expect_refused({"--workload", "transformer:preset=gpt2,heads=7"}, "d_model = 768 must be a multiple of heads = 7");
  expect_refused({"--workload", "model.txt"}, "a file must end in .csv or .onnx");
  expect_refused({"--workload", "gemm:M=4,N=4,K=4", "--batch", "2"}, "--batch 2: applies to .onnx models");
  expect_refused({"--workload", SASIM_SOURCE_DIR "/tests/workloads/conv_mini.onnx", "--batch", "two"},
                 "--batch 'two': expected an integer >= 1");
}

TEST_F(WorkloadCorpus, OnnxRunReportsVectorWorkApart) {
  const CliOutput r =
      sasim("run", {"--workload", SASIM_SOURCE_DIR "/tests/workloads/conv_mini.onnx", "--out", "out", "--quiet"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string csv = read_text(dir_ / "out/layers.csv");
  EXPECT_NE(csv.find("\ndw,100,1,9,8,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",conv,8,0,dwconv 8x10x10 k3x3 s1 p1 -> 8x10x10,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",vector,0,800,relu 1x8x10x10,"), std::string::npos) << csv;
  // The vector unit works ceil(800 / 32 lanes) = 25 cycles; its 800 int8
  // elements come from DRAM and go back (separate buffers), which the layer
  // waits for: cycles = 25 + its stall cycles.
  const std::size_t at = csv.find("\nrelu,");
  ASSERT_NE(at, std::string::npos) << csv;
  const std::vector<std::string> f = testing::csv_fields(csv.substr(at + 1, csv.find('\n', at + 1) - at - 1));
  ASSERT_EQ(f.size(), 24u);
  EXPECT_EQ(f[15], "25");   // compute_cycles
  EXPECT_EQ(f[21], "800");  // dram_bytes_read
  EXPECT_EQ(f[22], "800");  // dram_bytes_written
  std::int64_t stalls = 0;
  for (int i = 16; i <= 20; ++i) stalls += std::stoll(f[std::size_t(i)]);
  EXPECT_EQ(std::stoll(f[5]), 25 + stalls);
  EXPECT_GT(stalls, 0);
  const std::string json = read_text(dir_ / "out/summary.json");
  EXPECT_NE(json.find("\"total_macs\": 18880,"), std::string::npos) << json;  // 7200 + 9216 + 2304 + 160
  EXPECT_NE(json.find("\"vector_layers\": 2,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"vector_cycles\": " + f[5] + ","), std::string::npos) << json;
  EXPECT_NE(r.out.find("folded         1 ONNX nodes"), std::string::npos) << r.out;
}

// Every reader gives the same bytes run after run (no hash-order leaks).
TEST_F(WorkloadCorpus, FileWorkloadsAreDeterministic) {
  for (const std::string& workload :
       {std::string(SASIM_SOURCE_DIR "/tests/workloads/attention_mini.onnx"),
        std::string(SASIM_SOURCE_DIR "/configs/topologies/small_cnn.csv"),
        std::string("transformer:layers=2,d_model=64,heads=4,kv_heads=2,seq=8,ffn=96,gated=1")}) {
    SCOPED_TRACE(workload);
    ASSERT_EQ(sasim("run", {"--workload", workload, "--out", "a", "--quiet"}).status, 0);
    ASSERT_EQ(sasim("run", {"--workload", workload, "--out", "b", "--quiet"}).status, 0);
    for (const char* name : {"layers.csv", "summary.json"}) {
      EXPECT_EQ(read_text(dir_ / "a" / name), read_text(dir_ / "b" / name)) << name;
    }
    fs::remove_all(dir_ / "a");
    fs::remove_all(dir_ / "b");
  }
}

}  // namespace
}  // namespace sasim
