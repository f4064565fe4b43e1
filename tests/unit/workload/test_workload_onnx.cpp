// ONNX import: every reference graph in ../shared/models/ gives exactly the
// MAC count and the operator counts of its README table; small graphs check
// conv lowering after shape inference, attention MatMuls, folding and --batch.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "test_files.hpp"
#include "workload_test_util.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;
using testing::error_of;
using testing::layer_named;
using testing::total_macs;

const fs::path kModels = SASIM_SOURCE_DIR "/../shared/models";
const std::string kTestModels = SASIM_SOURCE_DIR "/tests/workloads/";

struct ReadmeRow {
  std::string file;
  std::map<std::string, std::int64_t> ops;  // "Conv" -> 53
  std::int64_t macs = 0;
};

// Rows of "| file | source | ops | MACs |" in the models' README.
std::vector<ReadmeRow> readme_rows() {
  std::vector<ReadmeRow> rows;
  std::istringstream in(testing::read_text(kModels / "README.md"));
  const std::regex row(R"(^\|\s*(\S+\.onnx)\s*\|[^|]*\|([^|]*)\|\s*([0-9,]+)\s*\|\s*$)");
  const std::regex op(R"((\d+)\s+(\w+))");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    ReadmeRow r;
    r.file = m[1];
    const std::string ops = m[2];
    for (auto it = std::sregex_iterator(ops.begin(), ops.end(), op); it != std::sregex_iterator(); ++it) {
      r.ops[(*it)[2]] = std::stoll((*it)[1]);
    }
    std::string digits = m[3];
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    r.macs = std::stoll(digits);
    rows.push_back(r);
  }
  return rows;
}

TEST(OnnxReferenceModels, MacsAndMatrixOpsEqualTheReadme) {
  if (!fs::is_directory(kModels)) GTEST_SKIP() << "no reference models at " << kModels << " (../shared/models)";
  const std::vector<ReadmeRow> rows = readme_rows();
  ASSERT_FALSE(rows.empty()) << "no table rows in " << kModels / "README.md";
  std::set<std::string> listed;
  for (const ReadmeRow& row : rows) {
    SCOPED_TRACE(row.file);
    listed.insert(row.file);
    const Workload w = parse_workload((kModels / row.file).string());
    EXPECT_EQ(total_macs(w), row.macs);
    std::map<std::string, std::int64_t> matrix_ops;
    for (const Layer& l : w.layers) {
      if (l.is_matrix()) ++matrix_ops[l.op];
      else EXPECT_EQ(l.macs(), 0);
    }
    EXPECT_EQ(matrix_ops, row.ops);
  }
  for (const auto& entry : fs::directory_iterator(kModels)) {  // every graph is in the table
    if (entry.path().extension() == ".onnx") {
      EXPECT_TRUE(listed.count(entry.path().filename().string())) << entry.path();
    }
  }
}

TEST(OnnxReferenceModels, BatchScalesEveryLayer) {
  if (!fs::is_directory(kModels)) GTEST_SKIP() << "no reference models at " << kModels << " (../shared/models)";
  const std::string resnet = (kModels / "resnet18.onnx").string();
  const Workload one = parse_workload(resnet), four = parse_workload(resnet, WorkloadOptions{4});
  ASSERT_EQ(one.layers.size(), four.layers.size());
  EXPECT_EQ(total_macs(four), 4 * total_macs(one));
  EXPECT_EQ(four.layers[0].shape.m, 4 * one.layers[0].shape.m);
  EXPECT_EQ(four.layers[0].shape_text, "conv b4 3x224x224 k7x7 s2 p3 -> 64x112x112");
  const std::string bert = (kModels / "bert_base_seq128.onnx").string();
  const Workload b2 = parse_workload(bert, WorkloadOptions{2});
  EXPECT_EQ(total_macs(b2), 2 * 11173625856);
  for (const Layer& l : b2.layers) {  // attention: 2 sequences x 12 heads
    if (l.kind == LayerKind::MatMul) {
      EXPECT_EQ(l.repeats, 24) << l.name;
    }
  }
}

TEST(OnnxImport, ConvolutionsAfterShapeInference) {
  const Workload w = parse_workload(kTestModels + "conv_mini.onnx");
  EXPECT_EQ(w.folded_ops, 1);  // Identity of a weight
  ASSERT_EQ(w.layers.size(), 6u);
  const Layer& dw = layer_named(w, "dw");
  EXPECT_EQ(dw.kind, LayerKind::Conv);
  EXPECT_EQ((std::vector<std::int64_t>{dw.repeats, dw.shape.m, dw.shape.k, dw.shape.n}),
            (std::vector<std::int64_t>{8, 100, 9, 1}));
  EXPECT_EQ(dw.shape_text, "dwconv 8x10x10 k3x3 s1 p1 -> 8x10x10");
  const Layer& g2 = layer_named(w, "grouped");  // 16 filters in 2 groups of 4 channels, stride 2
  EXPECT_EQ((std::vector<std::int64_t>{g2.repeats, g2.shape.m, g2.shape.k, g2.shape.n}),
            (std::vector<std::int64_t>{2, 16, 36, 8}));
  const Layer& same = layer_named(w, "same");  // SAME_UPPER on 4x4, stride 2: pad 0 before, 1 after
  EXPECT_EQ(same.conv->pads_begin, (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(same.conv->pads_end, (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(same.shape.m, 4);
  const Layer& fc = layer_named(w, "fc");  // transB: B is 10 x 16
  EXPECT_EQ((std::vector<std::int64_t>{fc.shape.m, fc.shape.k, fc.shape.n}), (std::vector<std::int64_t>{1, 16, 10}));
  EXPECT_EQ(fc.b_source, OperandSource::Weight);
  EXPECT_EQ(layer_named(w, "relu").vector_elements, 800);
  EXPECT_EQ(layer_named(w, "flatten").vector_elements, 0);  // a view moves no data
}

TEST(OnnxImport, AttentionMatMulsAndBroadcasting) {
  const Workload w = parse_workload(kTestModels + "attention_mini.onnx");
  const Layer& q = layer_named(w, "q_proj");  // [1,4,6,8] x weight [8,8]: batch dims fold into M
  EXPECT_EQ(q.kind, LayerKind::Gemm);
  EXPECT_EQ((std::vector<std::int64_t>{q.repeats, q.shape.m, q.shape.k, q.shape.n}),
            (std::vector<std::int64_t>{1, 24, 8, 8}));
  const Layer& qk = layer_named(w, "qk");  // [1,4,6,8] x [1,4,8,6]: 4 heads
  EXPECT_EQ(qk.kind, LayerKind::MatMul);
  EXPECT_EQ(qk.b_source, OperandSource::Activation);
  EXPECT_EQ((std::vector<std::int64_t>{qk.repeats, qk.shape.m, qk.shape.k, qk.shape.n}),
            (std::vector<std::int64_t>{4, 6, 8, 6}));
  const Layer& av = layer_named(w, "av");
  EXPECT_EQ((std::vector<std::int64_t>{av.repeats, av.shape.m, av.shape.k, av.shape.n}),
            (std::vector<std::int64_t>{4, 6, 6, 8}));
  const Layer& bc = layer_named(w, "broadcast");  // B [1,1,8,8] broadcast over A's batch
  EXPECT_EQ((std::vector<std::int64_t>{bc.repeats, bc.shape.m}), (std::vector<std::int64_t>{1, 24}));
  const Layer& mv = layer_named(w, "vector_b");  // 1-D B: N = 1
  EXPECT_EQ((std::vector<std::int64_t>{mv.shape.m, mv.shape.k, mv.shape.n}), (std::vector<std::int64_t>{24, 8, 1}));
  EXPECT_EQ(layer_named(w, "softmax").vector_elements, 4 * 6 * 6);
}

TEST(OnnxImport, QuantizedOperatorsAreMatrixWork) {
  const Workload w = parse_workload(kTestModels + "quant_mini.onnx");
  const Layer& conv = layer_named(w, "conv_int");  // ConvInteger: x and w at inputs 0 and 1
  EXPECT_EQ(conv.kind, LayerKind::Conv);
  EXPECT_EQ(conv.op, "ConvInteger");
  EXPECT_EQ(conv.macs(), 8 * 4 * 4 * 4 * 3 * 3);
  const Layer& fc = layer_named(w, "fc_q");  // QLinearMatMul: a and b at inputs 0 and 3
  EXPECT_EQ(fc.kind, LayerKind::Gemm);
  EXPECT_EQ(fc.b_source, OperandSource::Weight);
  EXPECT_EQ((std::vector<std::int64_t>{fc.shape.m, fc.shape.k, fc.shape.n}), (std::vector<std::int64_t>{1, 128, 10}));
  EXPECT_EQ(total_macs(w), 4608 + 1280);
}

TEST(OnnxImport, ConvTransposeIsMatrixWork) {
  const Workload w = parse_workload(kTestModels + "upsample_mini.onnx");
  const Layer& up = layer_named(w, "up");
  EXPECT_EQ(up.kind, LayerKind::Gemm);
  EXPECT_EQ(up.op, "ConvTranspose");
  // col2im: per group M = 5x5 input pixels, K = 8/2 channels, N = 2 filters x 3x3
  EXPECT_EQ((std::vector<std::int64_t>{up.repeats, up.shape.m, up.shape.k, up.shape.n}),
            (std::vector<std::int64_t>{2, 25, 4, 18}));
  EXPECT_EQ(up.macs(), 8 * 5 * 5 * 2 * 3 * 3);  // input elements x C_out/group x kernel
  EXPECT_EQ(up.shape_text, "convtranspose 8x5x5 k3x3 g2 -> 4x11x11");
}

TEST(OnnxImport, RecurrentStepsAreRepeatedGemms) {
  const Workload w = parse_workload(kTestModels + "lstm_mini.onnx");
  const Layer& lstm = layer_named(w, "lstm");  // 2 directions x 5 steps of [x_t, h] x [W; R]^T
  EXPECT_EQ((std::vector<std::int64_t>{lstm.repeats, lstm.shape.m, lstm.shape.k, lstm.shape.n}),
            (std::vector<std::int64_t>{10, 3, 6 + 4, 4 * 4}));
  EXPECT_EQ(lstm.macs(), 2 * 5 * 3 * 16 * (6 + 4));
  // Its data input leads with the sequence, not the batch: --batch is refused, not misapplied.
  EXPECT_NE(error_of([] {
              parse_workload(kTestModels + "lstm_mini.onnx", WorkloadOptions{2});
            }).find("the data input 'x' has leading dimension 5: expected a model exported at batch 1"),
            std::string::npos);
}

TEST(OnnxImport, EinsumAsBatchedGemm) {
  const Workload w = parse_workload(kTestModels + "einsum_mini.onnx");
  const Layer& scores = layer_named(w, "scores");  // bhqd,bhkd->bhqk on [2,3,5,4]
  EXPECT_EQ(scores.kind, LayerKind::MatMul);
  EXPECT_EQ((std::vector<std::int64_t>{scores.repeats, scores.shape.m, scores.shape.k, scores.shape.n}),
            (std::vector<std::int64_t>{6, 5, 4, 5}));
  const Layer& proj = layer_named(w, "proj");  // ...d,de->...e with a weight: the ellipsis is rows
  EXPECT_EQ(proj.kind, LayerKind::Gemm);
  EXPECT_EQ((std::vector<std::int64_t>{proj.repeats, proj.shape.m, proj.shape.k, proj.shape.n}),
            (std::vector<std::int64_t>{1, 30, 4, 6}));
  // bhqk,bhqd->bhq sums k in one operand only: vector work, costed by the
  // [2,3,5,5] scores whose size ONNX 1.12 could not infer and sasim did.
  const Layer& reduce = layer_named(w, "reduce");
  EXPECT_EQ(reduce.kind, LayerKind::Vector);
  EXPECT_EQ(reduce.vector_elements, 2 * 3 * 5 * 5);
}

TEST(OnnxImport, SymbolicBatchIsOne) {
  const Workload w = parse_workload(kTestModels + "dynamic_batch.onnx");
  const Layer& proj = layer_named(w, "proj");  // [N=1, 16, 8] x [8, 4]
  EXPECT_EQ((std::vector<std::int64_t>{proj.shape.m, proj.shape.k, proj.shape.n}),
            (std::vector<std::int64_t>{16, 8, 4}));
  EXPECT_EQ(layer_named(w, "custom").vector_elements, 128);
  EXPECT_EQ(total_macs(parse_workload(kTestModels + "dynamic_batch.onnx", WorkloadOptions{5})), 5 * 16 * 8 * 4);
}

TEST(OnnxImport, BatchNeedsABatchOneModel) {
  EXPECT_NE(error_of([] { parse_workload("gemm:M=1,N=1,K=1", WorkloadOptions{2}); }).find("applies to .onnx models"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_workload(kTestModels + "conv_mini.onnx", WorkloadOptions{0}); }).find("--batch 0"),
            std::string::npos);
  EXPECT_EQ(total_macs(parse_workload(kTestModels + "conv_mini.onnx", WorkloadOptions{3})),
            3 * total_macs(parse_workload(kTestModels + "conv_mini.onnx")));
}

}  // namespace
}  // namespace sasim
