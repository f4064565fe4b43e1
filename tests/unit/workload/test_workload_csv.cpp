// SCALE-Sim topology CSVs: the sample files in configs/topologies/ and the
// format's quirks as SCALE-Sim v2 writes and reads them (trailing comma,
// no padding, 'DP' depthwise marker, '#' comments after the last column).
#include <gtest/gtest.h>

#include "test_files.hpp"
#include "workload_test_util.hpp"

namespace sasim {
namespace {

using testing::error_of;
using testing::layer_named;

const std::string kTopologies = SASIM_SOURCE_DIR "/configs/topologies/";
const std::string kConvHeader =
    "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";

// SCALE-Sim's output size: ceil((H - R + S) / S), no padding.
std::int64_t scalesim_ofmap(std::int64_t in, std::int64_t filter, std::int64_t stride) {
  return (in - filter + stride + stride - 1) / stride;
}

TEST(TopologyCsv, SampleConvNet) {
  const Workload w = parse_workload(kTopologies + "small_cnn.csv");
  ASSERT_EQ(w.layers.size(), 5u);
  const Layer& stem = layer_named(w, "stem_conv");
  EXPECT_EQ(stem.shape.m, scalesim_ofmap(66, 3, 2) * scalesim_ofmap(66, 3, 2));
  EXPECT_EQ(stem.shape.m, 33 * 33);  // ceil(65 / 2): one more row than floor((66 - 3) / 2) + 1
  EXPECT_EQ(stem.shape.k, 27);
  EXPECT_EQ(stem.shape.n, 16);
  EXPECT_EQ(stem.shape_text, "conv 3x66x66 k3x3 s2 p0x0x1x1 -> 16x33x33");
  // "DP" in the name: depthwise, one 3x3 filter per channel.
  const Layer& dw = layer_named(w, "block1_DP");
  EXPECT_EQ(dw.repeats, 16);
  EXPECT_EQ(dw.shape.m, 30 * 30);
  EXPECT_EQ(dw.shape.k, 9);
  EXPECT_EQ(dw.shape.n, 1);
  EXPECT_EQ(dw.macs(), 16 * 30 * 30 * 9);
  EXPECT_EQ(layer_named(w, "head_fc").macs(), 12544 * 10);
  std::int64_t macs = 0;
  for (const Layer& l : w.layers) macs += l.macs();
  EXPECT_EQ(macs, 1089 * 16 * 27 + 16 * 900 * 9 + 900 * 32 * 16 +
                      225 * 64 * 288 +  // block2: ceil((30 - 3 + 2) / 2) = 15 rows
                      12544 * 10);
}

TEST(TopologyCsv, SampleGemmList) {
  const Workload w = parse_workload(kTopologies + "mlp_gemms.csv");
  ASSERT_EQ(w.layers.size(), 3u);
  const Layer& fc1 = layer_named(w, "fc1");
  EXPECT_EQ(fc1.kind, LayerKind::Gemm);
  EXPECT_EQ(fc1.shape.m, 64);  // Layer, M, N, K
  EXPECT_EQ(fc1.shape.n, 1024);
  EXPECT_EQ(fc1.shape.k, 784);
  EXPECT_EQ(fc1.shape_text, "gemm 64x784 * 784x1024");
}

class TopologyQuirks : public testing::TempDirTest {
 protected:
  Workload load(const std::string& text) {
    write_file(text);
    return parse_workload(path());
  }
  std::string error(const std::string& text) {
    write_file(text);
    return error_of([&] { parse_workload(path()); });
  }
  void write_file(const std::string& text) { testing::write_text(dir_ / "t.csv", text); }
  std::string path() const { return (dir_ / "t.csv").string(); }
};

TEST_F(TopologyQuirks, AsScaleSimWritesThem) {
  const Workload w = load(kConvHeader +
                          "\n"
                          "Conv1, 224, 224, 3, 3, 3, 32, 2,\r\n"
                          "\tConv2_dw, 112, 112, 3, 3, 1, 1, 1,#dw\n"
                          "Conv11,28,28,1,1,256,256,1\n"       // no trailing comma
                          "Rect, 20, 30, 3, 5, 4, 8, 1, 2,\n"  // separate column stride
                          "Conv1, 7, 7, 1, 1, 8, 8, 1,\n"      // a repeated name
                          "\n");
  ASSERT_EQ(w.layers.size(), 5u);
  EXPECT_EQ(w.layers[0].shape.m, 112 * 112);  // ceil((224 - 3 + 2) / 2)
  EXPECT_EQ(w.layers[0].shape.m, scalesim_ofmap(224, 3, 2) * scalesim_ofmap(224, 3, 2));
  EXPECT_EQ(w.layers[1].name, "Conv2_dw");
  EXPECT_EQ(w.layers[1].repeats, 1);  // no "DP": SCALE-Sim reads it as a 1-channel conv
  EXPECT_EQ(w.layers[2].shape.k, 256);
  EXPECT_EQ(w.layers[3].conv->out_size, (std::vector<std::int64_t>{18, 14}));  // ceil((30 - 5 + 2) / 2)
  EXPECT_EQ(w.layers[4].name, "Conv1_2");
}

TEST_F(TopologyQuirks, SparsityColumnIsCheckedNotModeled) {
  const std::string header =
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides, Sparsity,\n";
  const Workload w =
      load(header + "CONV_1,     5,            5,           3,             3,            2,        6,  1,  2:4,");
  ASSERT_EQ(w.layers.size(), 1u);
  EXPECT_EQ(w.layers[0].macs(), 3 * 3 * 6 * 2 * 3 * 3);  // dense
  EXPECT_NE(error(header + "c, 5, 5, 3, 3, 2, 6, 1, 4:2,\n").find("line 2: 'Sparsity' = '4:2': expected N:M"),
            std::string::npos);
  EXPECT_NE(error(header + "c, 5, 5, 3, 3, 2, 6, 1, 2\n").find("'Sparsity' = '2'"), std::string::npos);
}

TEST_F(TopologyQuirks, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(error(kConvHeader + "c1, 8, 8, 3, 3, 4, 4, 1,\nc2, 8, 8, 3, 3, 4, four, 1,\n"),
            "topology '" + path() + "' line 3: 'Num Filter' = 'four': expected an integer in 1..2147483647");
  EXPECT_NE(error(kConvHeader + "c1, 8, 8\n").find("line 2: 3 columns, missing 'Filter Height'"), std::string::npos);
  EXPECT_NE(error(kConvHeader + "c1, 8, 8, 3, 3, 4, 4, 1, 1, 7,\n").find("unexpected column 10 = '7'"),
            std::string::npos);
  EXPECT_NE(error("Layer, M, N, K,\nfc, 1, 2, 0,\n").find("line 2: 'K' = '0'"), std::string::npos);
  EXPECT_NE(error("\n\n").find("empty file"), std::string::npos);
  EXPECT_NE(error(std::string("Layer, M, N, K,\nfc,1,\0,3\n", 22)).find("NUL"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("/nonexistent/t.csv"); }).find("'/nonexistent/t.csv': no such file"),
            std::string::npos);
  EXPECT_NE(error_of([&] { parse_workload(dir_.string() + "/"); }).find("a file must end in .csv or .onnx"),
            std::string::npos);
}

}  // namespace
}  // namespace sasim
