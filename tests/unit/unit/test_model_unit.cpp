// The C++ model alone: bit-exact against the reference GEMM for every
// dataflow over shapes around the array size, and its cycles equal to the
// closed forms of docs/matrix-unit.md where they apply.
#include <gtest/gtest.h>

#include "sasim/mapping/mapping.hpp"
#include "sasim/support/error.hpp"
#include "sasim/unit/cycle_formula.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/unit/regression.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {
namespace {

class ModelVsReference : public ::testing::TestWithParam<Dataflow> {};

TEST_P(ModelVsReference, RandomShapesAreBitExact) {
  for (const auto& [rows, cols] : {std::pair{4, 4}, {3, 5}, {1, 1}, {7, 2}}) {
    const ArrayConfig config{rows, cols, 8, 32, GetParam()};
    auto model = make_model_unit(config);
    for (const RegressCase& c : random_cases(config, 40, 7)) {
      const GemmOperands ops = make_operands(c, config.in_width);
      const RunResult r = model->run(make_folds(config, c.shape, &ops));
      EXPECT_EQ(assemble_output(config, c.shape, r.outputs), reference_gemm(c.shape, ops, config.acc_width))
          << rows << "x" << cols << " M=" << c.shape.m << " N=" << c.shape.n << " K=" << c.shape.k;
    }
  }
}

TEST_P(ModelVsReference, AccumulatorWrapsAtAccWidth) {
  // 16-bit accumulators: (-128)*(-128) = 16384, two of them overflow to -32768.
  const ArrayConfig config{2, 2, 8, 16, GetParam()};
  const GemmShape shape{1, 1, 2};
  const GemmOperands ops{{-128, -128}, {-128, -128}};
  auto model = make_model_unit(config);
  const RunResult r = model->run(make_folds(config, shape, &ops));
  EXPECT_EQ(assemble_output(config, shape, r.outputs), std::vector<std::int64_t>{-32768});
  EXPECT_EQ(reference_gemm(shape, ops, 16), std::vector<std::int64_t>{-32768});
}

TEST_P(ModelVsReference, UniformFoldsMatchClosedForm) {
  const ArrayConfig config{4, 6, 8, 32, GetParam()};
  auto model = make_model_unit(config);
  int checked = 0;
  for (std::int64_t m : {1, 4, 8, 24, 40, 64}) {
    for (std::int64_t k : {4, 12, 30}) {
      const GemmShape shape{m, 12, k};
      const std::vector<Fold> folds = make_folds(config, shape, nullptr);
      const auto closed = closed_form_cycles(config, folds);
      if (!closed) continue;
      EXPECT_EQ(model->run(folds).total_cycles, *closed) << "M=" << m << " K=" << k;
      ++checked;
    }
  }
  EXPECT_GE(checked, 5);
}

INSTANTIATE_TEST_SUITE_P(AllDataflows, ModelVsReference, ::testing::Values(Dataflow::WS, Dataflow::OS, Dataflow::IS),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// The repeats of a grouped conv (independent GEMMs of one shape) run back to
// back as one stream of folds, each group's preload overlapping the previous
// one's streaming: the model's cycles are the closed form of that stream,
// fewer than twelve separate runs of one group.
TEST(ClosedForm, GroupedConvRepeatsRunBackToBack) {
  const ArrayConfig config{8, 8, 8, 32, Dataflow::WS};
  // Per group: M = 100 pixels, K = 8 channels, N = 8 filters: one full 8x8 fold.
  const Layer l = parse_workload("conv:H=10,W=10,C=96,K=96,R=1,groups=12").layers[0];
  ASSERT_EQ(l.repeats, 12);
  ASSERT_EQ(l.shape.m, 100);
  ASSERT_EQ(l.shape.n, 8);
  ASSERT_EQ(l.shape.k, 8);
  const std::vector<Fold> one = make_folds(config, l.shape, nullptr);
  std::vector<Fold> all;
  for (std::int64_t g = 0; g < l.repeats; ++g) all.insert(all.end(), one.begin(), one.end());
  auto model = make_model_unit(config);
  const auto expected = closed_form_cycles(config, all);
  ASSERT_TRUE(expected.has_value());
  const std::int64_t cycles = model->run(all).total_cycles;
  EXPECT_EQ(cycles, *expected);
  EXPECT_LT(cycles, l.repeats * model->run(one).total_cycles);
}

TEST(ClosedForm, SingleFoldAgainstScaleSim) {
  // OS charges exactly SCALE-Sim's 2R + C + T - 2; WS/IS one cycle more plus
  // the preload beats' difference (K instead of R): see docs/matrix-unit.md.
  Fold fold;
  fold.west_beats = fold.north_beats = 10;
  const ArrayConfig os{8, 8, 8, 32, Dataflow::OS};
  EXPECT_EQ(*closed_form_cycles(os, {fold}), scalesim_cycles(os, {fold}));
  const ArrayConfig ws{8, 8, 8, 32, Dataflow::WS};
  fold.north_beats = 8;
  EXPECT_EQ(*closed_form_cycles(ws, {fold}), scalesim_cycles(ws, {fold}) + 1);
}

TEST(ArrayConfig, RejectsImpossibleParameters) {
  EXPECT_THROW((ArrayConfig{0, 4, 8, 32, Dataflow::WS}.validate()), UserError);
  EXPECT_THROW((ArrayConfig{4, 257, 8, 32, Dataflow::WS}.validate()), UserError);
  EXPECT_THROW((ArrayConfig{4, 4, 7, 32, Dataflow::WS}.validate()), UserError);
  EXPECT_THROW((ArrayConfig{4, 4, 16, 24, Dataflow::WS}.validate()), UserError);
  EXPECT_THROW(parse_dataflow("rs"), UserError);
  EXPECT_NO_THROW((ArrayConfig{256, 1, 16, 64, Dataflow::IS}.validate()));
}

TEST(CheckFolds, RejectsFoldsThatDoNotFit) {
  const ArrayConfig config{4, 4, 8, 32, Dataflow::WS};
  Fold fold;
  fold.west_beats = 3;
  fold.north_beats = 5;  // more stationary rows than the array has
  EXPECT_THROW(check_folds(config, {fold}), UserError);
  fold.north_beats = 4;
  fold.west = {1, 2, 3};  // data of the wrong size
  EXPECT_THROW(check_folds(config, {fold}), UserError);
}

}  // namespace
}  // namespace sasim
