// conv: specs and their im2col lowering: GEMM dimensions, grouped and
// depthwise convolutions as repeated small GEMMs, and how the model engine
// runs the repeats back to back.
#include <gtest/gtest.h>

#include "sasim/workload/workload_conv.hpp"
#include "workload_test_util.hpp"

namespace sasim {
namespace {

using testing::error_of;

TEST(ConvLowering, ResNetStemIsOneGemm) {
  const Workload w = parse_workload("conv:H=224,W=224,C=3,K=64,R=7,stride=2,pad=3,name=stem");
  ASSERT_EQ(w.layers.size(), 1u);
  const Layer& l = w.layers[0];
  EXPECT_EQ(l.name, "stem");
  EXPECT_EQ(l.kind, LayerKind::Conv);
  EXPECT_EQ(l.shape.m, 112 * 112);  // output pixels: (224 + 6 - 7) / 2 + 1 = 112
  EXPECT_EQ(l.shape.k, 3 * 7 * 7);
  EXPECT_EQ(l.shape.n, 64);
  EXPECT_EQ(l.repeats, 1);
  EXPECT_EQ(l.macs(), 118013952);  // output elements x C_in x kH x kW
  EXPECT_EQ(l.shape_text, "conv 3x224x224 k7x7 s2 p3 -> 64x112x112");
  EXPECT_EQ(l.a_source, OperandSource::Activation);
  EXPECT_EQ(l.b_source, OperandSource::Weight);
  ASSERT_TRUE(l.conv.has_value());
  EXPECT_EQ(l.conv->out_size, (std::vector<std::int64_t>{112, 112}));
  const OperandElements e = operand_elements(l);
  EXPECT_EQ(e.a, 3 * 224 * 224);  // the feature map, not the im2col matrix
  EXPECT_EQ(e.b, 64 * 3 * 7 * 7);
  EXPECT_EQ(e.c, 64 * 112 * 112);
}

TEST(ConvLowering, DepthwiseIsOneTinyGemmPerChannel) {
  const Layer l = parse_workload("conv:H=112,W=112,C=32,K=32,R=3,pad=1,groups=32").layers[0];
  EXPECT_EQ(l.name, "conv0");
  EXPECT_EQ(l.repeats, 32);
  EXPECT_EQ(l.shape.m, 112 * 112);
  EXPECT_EQ(l.shape.k, 9);
  EXPECT_EQ(l.shape.n, 1);
  EXPECT_EQ(l.macs(), 32LL * 112 * 112 * 9);
  EXPECT_EQ(l.shape_text, "dwconv 32x112x112 k3x3 s1 p1 -> 32x112x112");
}

TEST(ConvLowering, GroupedBatchedRectangularKernel) {
  const Layer l = parse_workload("conv:H=20,W=30,C=64,K=128,R=1,S=5,stride=2,groups=4,batch=3").layers[0];
  // out = (20 - 1) / 2 + 1 = 10 rows, (30 - 5) / 2 + 1 = 13 columns
  EXPECT_EQ(l.shape.m, 3 * 10 * 13);
  EXPECT_EQ(l.shape.k, 16 * 1 * 5);
  EXPECT_EQ(l.shape.n, 32);
  EXPECT_EQ(l.repeats, 4);
  EXPECT_EQ(l.macs(), 3LL * 128 * 10 * 13 * 16 * 5);
  EXPECT_EQ(l.shape_text, "conv b3 64x20x30 k1x5 s2 g4 -> 128x10x13");
  EXPECT_EQ(operand_elements(l).a, 3 * 64 * 20 * 30);
}

TEST(ConvLowering, DilationAndAsymmetricPads) {
  ConvGeometry g;
  g.in_channels = 2;
  g.out_channels = 4;
  g.in_size = {9, 9};
  g.kernel = {3, 3};
  g.dilations = {2, 2};  // spans 5
  g.pads_begin = {0, 1};
  g.pads_end = {0, 2};
  const Layer l = lower_conv("d", g, "test");
  EXPECT_EQ(l.conv->out_size, (std::vector<std::int64_t>{5, 8}));  // 9-5+1, 12-5+1
  EXPECT_EQ(l.shape.m, 40);
  EXPECT_EQ(l.shape.k, 18);
  g.out_size = {5, 7};
  EXPECT_NE(error_of([&] { lower_conv("d", g, "node 'x'"); }).find("node 'x': output size 5x7 does not follow"),
            std::string::npos);
}

TEST(ConvLowering, ErrorsNameTheSpecAndTheKey) {
  EXPECT_EQ(error_of([] { parse_workload("conv:H=8,W=8,C=6,K=8,R=3,groups=4"); }),
            "workload 'conv:H=8,W=8,C=6,K=8,R=3,groups=4': groups = 4 must divide the input channels (6) and the "
            "filters (8)");
  EXPECT_NE(error_of([] { parse_workload("conv:H=2,W=8,C=1,K=1,R=3"); }).find("larger than the padded input 2"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("conv:W=8,C=1,K=1,R=3"); }).find("missing H"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("conv:H=8,W=8,C=0,K=1,R=3"); }).find("C = '0': expected an integer >= 1"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("conv:H=8,W=8,C=1,K=1,R=3,pad=-1"); }).find("pad = '-1'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("conv:H=8,W=8,C=1,K=1,R=x"); }).find("R = 'x'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_workload("conv:H=8,W=8,C=1,K=1,R=3,T=2"); }).find("unknown key 'T'"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              parse_workload("conv:H=8,W=8,C=1,K=1,R=3;conv:H=8,W=8,C=1,K=1,R=3,name=conv0");
            }).find("already used"),
            std::string::npos);
}

}  // namespace
}  // namespace sasim
