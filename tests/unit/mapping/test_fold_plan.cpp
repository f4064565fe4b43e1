// plan_folds: fold and beat counts without building the folds, and a clear
// refusal (not a wrapped int64) when a legal-looking shape is too large.
#include <gtest/gtest.h>

#include <string>

#include "sasim/mapping/mapping.hpp"
#include "sasim/support/error.hpp"

namespace sasim {
namespace {

TEST(PlanFolds, CountsMatchTheFoldsBuilt) {
  for (Dataflow dataflow : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) {
    const ArrayConfig config{4, 3, 8, 32, dataflow};
    const GemmShape shape{7, 5, 9};
    const FoldPlan plan = plan_folds(config, shape);
    const std::vector<Fold> folds = make_folds(config, shape, nullptr);
    std::int64_t beats = 0;
    for (const Fold& fold : folds) beats += fold.west_beats;
    EXPECT_EQ(plan.count, std::int64_t(folds.size())) << to_string(dataflow);
    EXPECT_EQ(plan.stream_beats, beats) << to_string(dataflow);
    EXPECT_EQ(plan.pe_slots, beats * 4 * 3) << to_string(dataflow);
  }
}

TEST(PlanFolds, LargestRepresentableShapeIsCounted) {
  // N = K = 2^31-1, M = 1 on 32x32 WS: 2^52 folds of one beat, 2^62 PE slots.
  const ArrayConfig config{32, 32, 8, 32, Dataflow::WS};
  const FoldPlan plan = plan_folds(config, GemmShape{1, 2147483647, 2147483647});
  EXPECT_EQ(plan.count, std::int64_t{67108864} * 67108864);
  EXPECT_EQ(plan.stream_beats, plan.count);
  EXPECT_EQ(plan.pe_slots, plan.count * 1024);
}

TEST(PlanFolds, PeSlotOverflowIsAUserError) {
  // M*N*K fits 64 bits (2^62), the PE slots do not: 2^23 folds x 2^31 beats x 2^16 PEs.
  const ArrayConfig config{256, 256, 8, 32, Dataflow::WS};
  try {
    plan_folds(config, GemmShape{2147483647, 1, 2147483647});
    FAIL() << "no error";
  } catch (const UserError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("M=2147483647, N=1, K=2147483647 on a 256x256 ws array"), std::string::npos) << what;
    EXPECT_NE(what.find("overflows 64 bits"), std::string::npos) << what;
  }
}

TEST(PlanFolds, EmptyDimensionIsAUserError) {
  const ArrayConfig config{8, 8, 8, 32, Dataflow::OS};
  EXPECT_THROW(plan_folds(config, GemmShape{0, 8, 8}), UserError);
  EXPECT_THROW(plan_folds(config, GemmShape{8, 8, -1}), UserError);
}

}  // namespace
}  // namespace sasim
