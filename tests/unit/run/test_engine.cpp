// A layer timed on the matrix unit alone (engine.hpp: simulate_layer).
#include <gtest/gtest.h>

#include "sasim/mapping/mapping.hpp"
#include "sasim/run/engine.hpp"
#include "sasim/unit/cycle_formula.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {
namespace {

// The repeats of a grouped conv run as one back-to-back stream of folds: the
// model engine's cycles are the closed form of that stream.
TEST(ConvSimulation, RepeatsRunBackToBack) {
  const ArrayConfig config{8, 8, 8, 32, Dataflow::WS};
  // Per group: M = 100 pixels, K = 8 channels, N = 8 filters: one full 8x8 fold.
  const Layer l = parse_workload("conv:H=10,W=10,C=96,K=96,R=1,groups=12").layers[0];
  const auto unit = make_model_unit(config);
  const LayerResult r = simulate_layer(*unit, l);
  const std::vector<Fold> one = make_folds(config, l.shape, nullptr);
  std::vector<Fold> all;
  for (int g = 0; g < 12; ++g) all.insert(all.end(), one.begin(), one.end());
  const auto expected = closed_form_cycles(config, all);
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(r.cycles, *expected);
  EXPECT_EQ(r.folds, 12 * plan_folds(config, l.shape).count);
  EXPECT_EQ(r.repeats, 12);
  EXPECT_EQ(r.macs, 12 * 100 * 8 * 8);
  EXPECT_EQ(r.scalesim_cycles, scalesim_cycles(config, all));
  // Overlapped preloads: less than twelve separate runs of one group.
  EXPECT_LT(r.cycles, 12 * simulate_layer(*unit, parse_workload("gemm:M=100,N=8,K=8").layers[0]).cycles);
}

}  // namespace
}  // namespace sasim
