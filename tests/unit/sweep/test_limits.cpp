// The input limits of docs/config.md, "Limits": each is refused up front
// with one line naming the input and the limit, and inputs just inside a
// limit are accepted. (The fuzz regressions in tests/fuzz/regressions/ check
// the same inputs never crash; these check the messages.)
#include <gtest/gtest.h>

#include <string>

#include "error_of.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/support/error.hpp"
#include "sasim/sweep/sweep_spec.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {
namespace {

using testing::error_of;

std::string sweep_with(const std::string& constraint, const std::string& axis) {
  return "[sweep]\n" + (constraint.empty() ? "" : "constraint = " + constraint + "\n") +
         "[workloads]\nw = gemm:M=1,N=1,K=1\n[axes]\n" + axis + "\n";
}

std::string repeat(const std::string& piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

TEST(Limits, ArrayOfABillionRows) {
  EXPECT_NE(
      error_of([] { load_architecture("default", {"array.rows=1000000000"}); }).find("expected an integer in 1..256"),
      std::string::npos);
}

TEST(Limits, GemmBeyondTwoToTheSixtyThree) {
  EXPECT_NE(error_of([] { parse_workload("gemm:M=2147483647,N=2147483647,K=2147483647"); }).find("overflows"),
            std::string::npos);
  EXPECT_EQ(error_of([] { parse_workload("gemm:M=2147483647,N=2147483647,K=1"); }), "");
}

TEST(Limits, OnnxGraphWithACycle) {
  const std::string model = std::string(SASIM_SOURCE_DIR) + "/tests/bad_inputs/workloads/onnx_cycle.onnx";
  EXPECT_NE(error_of([&] { parse_workload(model); }).find("the graph has a cycle"), std::string::npos);
}

TEST(Limits, SweepOfATrillionPoints) {
  const std::string spec =
      sweep_with("", "array.freq_mhz = 0.1..100000 +0.1\narray.rows = 1..256\narray.cols = 1..256");
  EXPECT_NE(error_of([&] { parse_sweep_spec(spec, "s.ini", "."); }).find("more than 100000000 points"),
            std::string::npos);
}

TEST(Limits, SweepAxisValues) {
  EXPECT_NE(error_of([] {
              parse_sweep_spec(sweep_with("", "array.freq_mhz = 0.01..100000 +0.01"), "s.ini", ".");
            }).find("more than 1000000 values"),
            std::string::npos);
  // 300,000 values were quadratic to check for duplicates (minutes); now a set.
  EXPECT_EQ(error_of([] { parse_sweep_spec(sweep_with("", "array.freq_mhz = 0.1..30000 +0.1"), "s.ini", "."); }), "");
}

TEST(Limits, SweepConstraintTokens) {
  // Each of these overflowed the stack (recursive descent, recursive evaluation).
  for (const std::string& constraint : {repeat("(", 100000) + "1" + repeat(")", 100000) + " <= 2",
                                        repeat("- ", 100000) + "1 <= 2", repeat("1 + ", 100000) + "1 <= 2"}) {
    const std::string message =
        error_of([&] { parse_sweep_spec(sweep_with(constraint, "array.rows = 1..4"), "s.ini", "."); });
    EXPECT_NE(message.find("more than 256 tokens"), std::string::npos) << message.substr(0, 80);
  }
  const std::string nested = repeat("(", 100) + "array.rows" + repeat(")", 100) + " <= 2";
  EXPECT_EQ(error_of([&] { parse_sweep_spec(sweep_with(nested, "array.rows = 1..4"), "s.ini", "."); }), "");
}

TEST(Limits, SweepSpecMustBeARegularFile) {
  EXPECT_NE(error_of([] { load_sweep_spec("/dev/zero"); }).find("is not a regular file"), std::string::npos);
}

}  // namespace
}  // namespace sasim
