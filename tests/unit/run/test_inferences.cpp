// Inferences per second (report.cpp, docs/output-formats.md): the batch a
// workload states, carried from its parser to the totals, and the number
// batch / time_s on the terminal and in summary.json.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/run/report.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {
namespace {

const std::string kTestModels = SASIM_SOURCE_DIR "/tests/workloads/";

TEST(WorkloadBatch, StatedBySpecsAndOnnx) {
  EXPECT_EQ(parse_workload(kDefaultWorkload).batch, 1);  // a GEMM list is one inference
  EXPECT_EQ(parse_workload("conv:H=8,W=8,C=4,K=4,R=3").batch, 1);
  EXPECT_EQ(parse_workload("conv:H=8,W=8,C=4,K=4,R=3,batch=4").batch, 4);
  // A GEMM beside a batched conv is part of the same inferences (a classifier head).
  EXPECT_EQ(parse_workload("conv:H=8,W=8,C=4,K=4,R=3,batch=4;gemm:M=4,N=10,K=16").batch, 4);
  EXPECT_EQ(parse_workload("transformer:preset=gpt2,mode=decode,kv_len=8,batch=16").batch, 16);
  EXPECT_EQ(parse_workload("transformer:preset=gpt2,mode=decode,kv_len=8").batch, 1);
  EXPECT_EQ(parse_workload(kTestModels + "conv_mini.onnx").batch, 1);
  EXPECT_EQ(parse_workload(kTestModels + "conv_mini.onnx", WorkloadOptions{3}).batch, 3);
  EXPECT_EQ(parse_workload(kTestModels + "dynamic_batch.onnx", WorkloadOptions{5}).batch, 5);  // symbolic N
  EXPECT_EQ(parse_workload(kTestModels + "conv_mini.onnx").batch_note, "");
}

TEST(WorkloadBatch, NoneWhenAmbiguous) {
  const Workload mixed = parse_workload("conv:H=8,W=8,C=4,K=4,R=3,batch=4;conv:H=8,W=8,C=4,K=4,R=3,batch=2");
  EXPECT_EQ(mixed.batch, 0);
  EXPECT_EQ(mixed.batch_note, "the specs run at different batches: 2, 4");
  // [seq, batch, input]: the leading 5 is not the batch, so no batch is guessed.
  const Workload lstm = parse_workload(kTestModels + "lstm_mini.onnx");
  EXPECT_EQ(lstm.batch, 0);
  EXPECT_NE(lstm.batch_note.find("the data input 'x' has leading dimension 5"), std::string::npos) << lstm.batch_note;
}

LayerResult layer_of(std::int64_t cycles) {
  LayerResult l;
  l.name = "l";
  l.cycles = cycles;
  return l;
}

TEST(RunTotals, InferencesPerSecondIsBatchOverTime) {
  RunReport report;
  report.arch = load_architecture("default", {});    // 700 MHz
  report.layers = {layer_of(3500), layer_of(3500)};  // 7000 cycles = 10 us
  report.batch = 1;
  EXPECT_DOUBLE_EQ(*run_totals(report).inferences_per_s, 1e5);
  report.batch = 4;  // the same time for four inferences
  EXPECT_DOUBLE_EQ(*run_totals(report).inferences_per_s, 4e5);
  report.layers.push_back(layer_of(7000));  // twice the time
  EXPECT_DOUBLE_EQ(*run_totals(report).inferences_per_s, 2e5);
  report.batch = 0;
  EXPECT_FALSE(run_totals(report).inferences_per_s.has_value());
  report.batch = 1;
  report.layers = {layer_of(0)};  // views only: no time, no rate
  EXPECT_FALSE(run_totals(report).inferences_per_s.has_value());
}

class InferencesCli : public testing::CliTest {
 protected:
  nlohmann::json summary(const std::vector<std::string>& args, std::string* out = nullptr) {
    std::vector<std::string> all = {"run", "--quiet", "--out", "o"};
    all.insert(all.end(), args.begin(), args.end());
    const testing::CliOutput r = sasim(all);
    EXPECT_EQ(r.status, 0) << r.err;
    if (out) *out = r.out;
    return nlohmann::json::parse(testing::read_text(dir_ / "o" / "summary.json"));
  }
};

TEST_F(InferencesCli, SummaryAndTerminalGiveBatchOverTime) {
  for (const char* engine : {"model", "analytic"}) {
    std::string out1, out4;
    const nlohmann::json one = summary({"--engine", engine, "--workload", kTestModels + "conv_mini.onnx"}, &out1);
    const nlohmann::json four =
        summary({"--engine", engine, "--workload", kTestModels + "conv_mini.onnx", "--batch", "4"}, &out4);
    EXPECT_EQ(one["batch"], 1);
    EXPECT_EQ(four["batch"], 4);
    const double time1 = one["time_s"], time4 = four["time_s"];
    // Exactly batch / time_s: the JSON doubles read back as written.
    EXPECT_EQ(one["inferences_per_s"].get<double>(), 1.0 / time1) << engine;
    EXPECT_EQ(four["inferences_per_s"].get<double>(), 4.0 / time4) << engine;
    // Batching amortizes the weights: four inferences take less than four times one.
    EXPECT_LT(time4, 4 * time1) << engine;
    EXPECT_GT(four["inferences_per_s"].get<double>(), one["inferences_per_s"].get<double>()) << engine;
    EXPECT_NE(out4.find(fmt::format("inferences/s   {:.1f} (batch 4)\n", 4.0 / time4)), std::string::npos) << out4;
  }
}

TEST_F(InferencesCli, NullWithoutASingleBatch) {
  std::string out;
  const nlohmann::json j = summary({"--workload", "conv:H=8,W=8,C=4,K=4,R=3,batch=4;conv:H=8,W=8,C=4,K=4,R=3"}, &out);
  EXPECT_TRUE(j["batch"].is_null());
  EXPECT_TRUE(j["inferences_per_s"].is_null());
  EXPECT_NE(out.find("inferences/s   - (the specs run at different batches: 1, 4)\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace sasim
