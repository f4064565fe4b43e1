// The Verilated RTL against the model when folds arrive late (as they do
// when the memory system stalls the array): identical per-fold timing and
// outputs. Uses the 4x4 variants the regression list prebuilds.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <random>

#include "sasim/mapping/mapping.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/unit/regression.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim {
namespace {

class RtlVsModel : public ::testing::TestWithParam<Dataflow> {};

TEST_P(RtlVsModel, LateFoldsKeepTimingAndOutputsIdentical) {
  const ArrayConfig config{4, 4, 8, 32, GetParam()};
  auto rtl = make_rtl_unit(config, RtlOptions{"", true});
  auto model = make_model_unit(config);
  std::mt19937_64 rng(99);
  for (const RegressCase& c : random_cases(config, 25, 5)) {
    const GemmOperands ops = make_operands(c, config.in_width);
    std::vector<Fold> folds = make_folds(config, c.shape, &ops);
    // Each fold becomes available some cycles after the previous one could,
    // sometimes long after (a DRAM stall), sometimes at once.
    std::int64_t avail = 0;
    for (Fold& f : folds) {
      avail += std::int64_t(rng() % 4 == 0 ? rng() % 40 : rng() % 3);
      f.avail = avail;
    }
    const RunResult r = rtl->run(folds), m = model->run(folds);
    ASSERT_EQ(r.timing.size(), m.timing.size());
    for (std::size_t f = 0; f < folds.size(); ++f) {
      EXPECT_EQ(r.timing[f].north_first, m.timing[f].north_first) << "fold " << f;
      EXPECT_EQ(r.timing[f].west_first, m.timing[f].west_first) << "fold " << f;
      EXPECT_EQ(r.timing[f].out_last, m.timing[f].out_last) << "fold " << f;
      EXPECT_TRUE(r.timing[f] == m.timing[f]) << "fold " << f;
    }
    EXPECT_EQ(r.total_cycles, m.total_cycles);
    EXPECT_EQ(r.outputs, m.outputs);
    EXPECT_EQ(assemble_output(config, c.shape, r.outputs), reference_gemm(c.shape, ops, config.acc_width));
  }
}

INSTANTIATE_TEST_SUITE_P(AllDataflows, RtlVsModel, ::testing::Values(Dataflow::WS, Dataflow::OS, Dataflow::IS),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(RtlVariantCache, SecondRequestReusesTheBuild) {
  const ArrayConfig config{4, 4, 8, 32, Dataflow::WS};
  const std::string first = ensure_rtl_variant(config, RtlBuildOptions{true});
  struct stat before {};
  ASSERT_EQ(stat(first.c_str(), &before), 0);
  const std::string second = ensure_rtl_variant(config, RtlBuildOptions{true});
  struct stat after {};
  ASSERT_EQ(stat(second.c_str(), &after), 0);
  EXPECT_EQ(first, second);
  EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  EXPECT_EQ(before.st_ino, after.st_ino);
}

TEST(RtlUnit, TraceWritesAWaveform) {
  const ArrayConfig config{4, 4, 8, 32, Dataflow::OS};
  const std::string path = ::testing::TempDir() + "sasim_trace_test.fst";
  std::remove(path.c_str());
  {
    auto rtl = make_rtl_unit(config, RtlOptions{path, true});
    const GemmShape shape{5, 6, 7};
    const GemmOperands ops = random_operands(shape, 8, 3);
    rtl->run(make_folds(config, shape, &ops));
  }
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0) << path;
  EXPECT_GT(st.st_size, 200);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace sasim
