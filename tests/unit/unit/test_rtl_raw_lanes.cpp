// The Verilated RTL against the model on raw fold data that no GEMM mapping
// produces: lanes outside the in_width range (both keep the low in_width
// bits), partial preloads that leave stale bank rows in use, and overflowing
// sums. Same per-fold timing, same outputs. Uses the 4x4 variants the
// regression list prebuilds.
#include <gtest/gtest.h>

#include <random>

#include "random_folds.hpp"
#include "sasim/unit/matrix_unit.hpp"

namespace sasim {
namespace {

class RtlRawLanes : public ::testing::TestWithParam<Dataflow> {};

TEST_P(RtlRawLanes, ModelMatchesRtlOnRawLanes) {
  const ArrayConfig config{4, 4, 8, 32, GetParam()};
  auto rtl = make_rtl_unit(config, RtlOptions{"", true});
  auto model = make_model_unit(config);
  std::mt19937_64 rng(4242);
  int wide = 0;
  for (int i = 0; i < 30; ++i) {
    const std::vector<Fold> folds = testing::random_folds(config, rng);
    for (const Fold& f : folds)
      for (std::int32_t x : f.west) wide += x < -128 || x > 127;
    const RunResult r = rtl->run(folds), m = model->run(folds);
    ASSERT_EQ(r.timing, m.timing) << "case " << i;
    ASSERT_EQ(r.total_cycles, m.total_cycles) << "case " << i;
    ASSERT_EQ(r.outputs, m.outputs) << "case " << i;
  }
  EXPECT_GT(wide, 0);  // the cases did exercise out-of-range lanes
}

INSTANTIATE_TEST_SUITE_P(AllDataflows, RtlRawLanes, ::testing::Values(Dataflow::WS, Dataflow::OS, Dataflow::IS),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace sasim
