// The model's output kernels (generic, AVX2, AVX-512; chosen with
// SASIM_MODEL_KERNEL) against a plain re-statement of what the PEs compute:
// raw lanes cut to in_width bits as the RTL's ports cut them, the stationary
// bank shifted by each preload (stale rows kept), products summed modulo
// 2^acc_width. Random folds cover odd and non-square arrays, partial preloads,
// in_width 8 and 16, acc_width 16..64 and lanes outside the in_width range.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "random_folds.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/wrap.hpp"
#include "sasim/unit/matrix_unit.hpp"

namespace sasim {
namespace {

using testing::random_folds;

std::int64_t operand(std::int32_t lane, int in_width) {
  return wrap_signed(static_cast<std::uint32_t>(lane), in_width);
}

// Outputs of every fold, computed the slow, obvious way.
std::vector<std::vector<std::int64_t>> expected_outputs(const ArrayConfig& c, const std::vector<Fold>& folds) {
  std::vector<std::vector<std::int64_t>> bank(2, std::vector<std::int64_t>(std::size_t(c.rows) * c.cols, 0));
  std::vector<std::vector<std::int64_t>> outputs;
  for (std::size_t f = 0; f < folds.size(); ++f) {
    const Fold& fold = folds[f];
    std::vector<std::int64_t> out;
    if (c.dataflow == Dataflow::OS) {
      for (int d = 0; d < c.rows; ++d)  // drain beat d holds PE row rows-1-d
        for (int col = 0; col < c.cols; ++col) {
          std::uint64_t sum = 0;
          for (int k = 0; k < fold.west_beats; ++k)
            sum += std::uint64_t(operand(fold.west[std::size_t(k) * c.rows + (c.rows - 1 - d)], c.in_width) *
                                 operand(fold.north[std::size_t(k) * c.cols + col], c.in_width));
          out.push_back(wrap_signed(sum, c.acc_width));
        }
    } else {
      std::vector<std::int64_t>& w = bank[f % 2];
      for (int q = 0; q < fold.north_beats; ++q) {  // each beat pushes the bank down one row
        for (int r = c.rows - 1; r > 0; --r)
          for (int col = 0; col < c.cols; ++col)
            w[std::size_t(r) * c.cols + col] = w[std::size_t(r - 1) * c.cols + col];
        for (int col = 0; col < c.cols; ++col) w[col] = operand(fold.north[std::size_t(q) * c.cols + col], c.in_width);
      }
      for (int t = 0; t < fold.west_beats; ++t)
        for (int col = 0; col < c.cols; ++col) {
          std::uint64_t sum = 0;
          for (int r = 0; r < c.rows; ++r)
            sum += std::uint64_t(operand(fold.west[std::size_t(t) * c.rows + r], c.in_width) *
                                 w[std::size_t(r) * c.cols + col]);
          out.push_back(wrap_signed(sum, c.acc_width));
        }
    }
    outputs.push_back(std::move(out));
  }
  return outputs;
}

class ModelKernel : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    ::setenv("SASIM_MODEL_KERNEL", GetParam(), 1);
    try {
      make_model_unit(ArrayConfig{});
    } catch (const UserError& e) {
      ::unsetenv("SASIM_MODEL_KERNEL");
      GTEST_SKIP() << e.what();
    }
  }
  void TearDown() override { ::unsetenv("SASIM_MODEL_KERNEL"); }
};

TEST_P(ModelKernel, MatchesThePlainArithmetic) {
  std::mt19937_64 rng(20261125);
  const Dataflow dataflows[] = {Dataflow::WS, Dataflow::OS, Dataflow::IS};
  const int acc_widths[] = {16, 17, 31, 32, 33, 48, 64};
  for (int i = 0; i < 300; ++i) {
    ArrayConfig c;
    c.rows = 1 + int(rng() % 40);
    c.cols = 1 + int(rng() % 40);
    c.in_width = rng() % 2 ? 8 : 16;
    c.acc_width = std::max(2 * c.in_width, acc_widths[rng() % 7]);
    c.dataflow = dataflows[rng() % 3];
    const std::vector<Fold> folds = random_folds(c, rng);
    const RunResult r = make_model_unit(c)->run(folds);
    ASSERT_EQ(r.outputs, expected_outputs(c, folds))
        << "case " << i << ": " << c.rows << "x" << c.cols << " " << to_string(c.dataflow) << " in_width " << c.in_width
        << " acc_width " << c.acc_width;
  }
}

TEST_P(ModelKernel, WideArrayUsesEveryColumnBlock) {
  // 256 columns: sixteen 16-lane blocks, and 8-row tiles plus a remainder.
  const ArrayConfig c{3, 256, 16, 32, Dataflow::WS};
  std::mt19937_64 rng(7);
  std::vector<Fold> folds = random_folds(c, rng);
  folds[0].west_beats = 21;
  folds[0].west.assign(std::size_t(21) * c.rows, -32768);
  EXPECT_EQ(make_model_unit(c)->run(folds).outputs, expected_outputs(c, folds));
}

INSTANTIATE_TEST_SUITE_P(All, ModelKernel, ::testing::Values("generic", "avx2", "avx512"),
                         [](const auto& info) { return std::string(info.param); });

TEST(ModelKernelChoice, UnknownKernelIsAUserError) {
  ::setenv("SASIM_MODEL_KERNEL", "sse9", 1);
  EXPECT_THROW(make_model_unit(ArrayConfig{}), UserError);
  ::unsetenv("SASIM_MODEL_KERNEL");
}

}  // namespace
}  // namespace sasim
