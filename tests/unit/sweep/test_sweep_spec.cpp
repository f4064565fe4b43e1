// Sweep specs: axes (lists, ranges), the cross product and its order,
// constraints, and every malformed spec as one UserError naming file, line
// and key before anything runs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "error_of.hpp"
#include "sasim/sweep/sweep_spec.hpp"

namespace sasim {
namespace {

using testing::error_of;

constexpr const char* kWorkloads = "[workloads]\nw = gemm:M=8,N=8,K=8\n";

SweepSpec parse(const std::string& text) {
  return parse_sweep_spec(text, "s.ini", "/tmp");
}

std::vector<std::string> values_of(const std::string& axis_line) {
  const SweepSpec spec = parse(std::string(kWorkloads) + "[axes]\n" + axis_line + "\n");
  return spec.axes.at(0).values;
}

TEST(SweepSpec, ListsAndRanges) {
  EXPECT_EQ(values_of("array.dataflow = ws, os, is"), (std::vector<std::string>{"ws", "os", "is"}));
  EXPECT_EQ(values_of("array.rows = 8..256 *2"), (std::vector<std::string>{"8", "16", "32", "64", "128", "256"}));
  EXPECT_EQ(values_of("array.rows = 8..40 +8"), (std::vector<std::string>{"8", "16", "24", "32", "40"}));
  EXPECT_EQ(values_of("array.rows = 8..30 +8"), (std::vector<std::string>{"8", "16", "24"}));  // END not hit
  EXPECT_EQ(values_of("array.rows = 3..5"), (std::vector<std::string>{"3", "4", "5"}));        // step 1
  EXPECT_EQ(values_of("array.rows = 4, 8..32 *2, 100"), (std::vector<std::string>{"4", "8", "16", "32", "100"}));
  EXPECT_EQ(values_of("array.freq_mhz = 0.1..0.3 +0.1"), (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  EXPECT_EQ(values_of("array.rows = 7..7"), (std::vector<std::string>{"7"}));
}

TEST(SweepSpec, SectionsDefaultsAndOrder) {
  const SweepSpec spec = parse(
      "# comment\n[sweep]\narch = default  # trailing comment\nengine = model\nobjectives = latency, utilization\n"
      "[workloads]\na = gemm:M=4,N=4,K=4\nb = gemm:M=8,N=8,K=8;gemm:M=2,N=2,K=2\n"
      "[axes]\narray.rows = 8, 16\narray.dataflow = ws, os, is\n");
  EXPECT_EQ(spec.arch, "default");
  ASSERT_EQ(spec.workloads.size(), 2u);
  EXPECT_EQ(spec.workloads[1].name, "b");
  EXPECT_EQ(spec.workloads[1].parsed.layers.size(), 2u);
  ASSERT_EQ(spec.objectives.size(), 2u);
  EXPECT_TRUE(spec.objectives[1].maximize);
  EXPECT_EQ(spec.cross_product(), 6);
  // The last axis varies fastest.
  EXPECT_EQ(spec.overrides(0), (std::vector<std::string>{"array.rows=8", "array.dataflow=ws"}));
  EXPECT_EQ(spec.overrides(1), (std::vector<std::string>{"array.rows=8", "array.dataflow=os"}));
  EXPECT_EQ(spec.overrides(3), (std::vector<std::string>{"array.rows=16", "array.dataflow=ws"}));
  EXPECT_EQ(enumerate_points(spec), (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}));

  const SweepSpec defaults = parse(kWorkloads);
  EXPECT_EQ(defaults.engine, "model");
  ASSERT_EQ(defaults.objectives.size(), 3u);  // latency, energy, area
  EXPECT_STREQ(defaults.objectives[2].name, "area");
  EXPECT_EQ(enumerate_points(defaults), (std::vector<std::int64_t>{0}));  // no axes: one point
}

TEST(SweepSpec, ValuesEndingInSemicolonOrCommaContinue) {
  const SweepSpec spec = parse(
      "[workloads]\nw = gemm:name=a,M=4,N=4,K=4;\n    # a comment between\n  gemm:name=b,M=8,N=8,K=8\n"
      "[axes]\narray.rows = 8,\n  16\narray.dataflow = ws\n");
  ASSERT_EQ(spec.workloads.size(), 1u);
  EXPECT_EQ(spec.workloads[0].parsed.layers.size(), 2u);
  ASSERT_EQ(spec.axes.size(), 2u);
  EXPECT_EQ(spec.axes[0].values, (std::vector<std::string>{"8", "16"}));
}

TEST(SweepSpec, WorkloadFilesAreTakenFromTheSpecDirectory) {
  const SweepSpec spec =
      parse_sweep_spec("[workloads]\nmlp = ../topologies/mlp_gemms.csv\n", "s.ini", SASIM_SOURCE_DIR "/configs/sweeps");
  ASSERT_EQ(spec.workloads.size(), 1u);
  EXPECT_EQ(spec.workloads[0].spec, SASIM_SOURCE_DIR "/configs/topologies/mlp_gemms.csv");
  EXPECT_FALSE(spec.workloads[0].parsed.layers.empty());
  const std::string e = error_of([] { parse_sweep_spec("[workloads]\nx = none.csv\n", "s.ini", "/spec/dir"); });
  EXPECT_NE(e.find("s.ini:2: workload 'x': "), std::string::npos) << e;
  EXPECT_NE(e.find("/spec/dir/none.csv"), std::string::npos) << e;
}

TEST(SweepSpec, ArchFilesAreTakenFromTheSpecDirectory) {
  const std::string e = error_of(
      [] { parse_sweep_spec(std::string("[sweep]\narch = arch/none.ini\n") + kWorkloads, "s.ini", "/spec/dir"); });
  EXPECT_NE(e.find("s.ini:2: arch: "), std::string::npos) << e;
  EXPECT_NE(e.find("/spec/dir/arch/none.ini"), std::string::npos) << e;
}

TEST(SweepSpec, ConstraintsFilterTheCrossProduct) {
  const SweepSpec spec = parse(std::string(kWorkloads) +
                               "[sweep]\nconstraint = array.rows * array.cols <= 256\n"
                               "constraint = array.dataflow != is\n"
                               "[axes]\narray.rows = 8..32 *2\narray.cols = 8..32 *2\narray.dataflow = ws, is\n");
  std::vector<std::string> kept;
  for (const std::int64_t p : enumerate_points(spec)) {
    std::string text;
    for (const std::string& set : spec.overrides(p)) text += set.substr(set.find('=') + 1) + " ";
    kept.push_back(text);
  }
  EXPECT_EQ(kept, (std::vector<std::string>{"8 8 ws ", "8 16 ws ", "8 32 ws ", "16 8 ws ", "16 16 ws ", "32 8 ws "}));
}

TEST(SweepSpec, ConstraintArithmeticFollowsPrecedence) {
  auto count = [](const std::string& constraint) {
    const SweepSpec spec = parse(std::string(kWorkloads) + "[sweep]\nconstraint = " + constraint +
                                 "\n[axes]\narray.rows = 1..10\narray.cols = 1..10\n");
    return enumerate_points(spec).size();
  };
  EXPECT_EQ(count("array.rows + array.cols * 2 <= 5"), 4u);    // (1,1) (1,2) (2,1) (3,1)
  EXPECT_EQ(count("(array.rows + array.cols) * 2 <= 6"), 3u);  // sums <= 3
  EXPECT_EQ(count("array.rows % 2 == 0"), 50u);
  EXPECT_EQ(count("-array.rows >= -1"), 10u);
  EXPECT_EQ(count("array.rows / array.cols == 2"), 5u);  // (2,1) (4,2) (6,3) (8,4) (10,5)
  EXPECT_EQ(count("array.rows - 1 > 8"), 10u);
}

TEST(SweepSpec, DivisionByZeroNamesTheLineAndPoint) {
  const SweepSpec spec = parse(std::string(kWorkloads) + "[sweep]\nconstraint = 8 / (array.rows - 2) > 1\n" +
                               "[axes]\narray.rows = 1..3\n");
  const std::string e = error_of([&] { enumerate_points(spec); });
  EXPECT_NE(e.find("s.ini:4: constraint"), std::string::npos) << e;
  EXPECT_NE(e.find("division by zero at array.rows=2"), std::string::npos) << e;
}

TEST(SweepSpec, TooManyRowsAreRefusedBeforeRunning) {
  // 1000 x 256 x 16 = 4.1 M points: under the cross-product limit, over the row limit.
  const SweepSpec spec =
      parse(std::string(kWorkloads) + "[axes]\narray.freq_mhz = 1..1000\narray.rows = 1..256\narray.cols = 1..16\n");
  const std::string e = error_of([&] { enumerate_points(spec); });
  EXPECT_NE(e.find("at most 2000000"), std::string::npos) << e;
}

struct BadSpec {
  const char* label;
  std::string text;
  const char* message;  // part of the expected error
};

void PrintTo(const BadSpec& bad, std::ostream* os) {
  *os << bad.label;
}

class SweepSpecError : public ::testing::TestWithParam<BadSpec> {};

TEST_P(SweepSpecError, OneLineNamingFileLineAndKey) {
  const std::string what = error_of([&] { enumerate_points(parse(GetParam().text)); });
  ASSERT_FALSE(what.empty()) << "no error for " << GetParam().text;
  EXPECT_NE(what.find(GetParam().message), std::string::npos) << what;
  EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  EXPECT_EQ(what.rfind("s.ini", 0), 0u) << what;
}

const std::string W = kWorkloads;

INSTANTIATE_TEST_SUITE_P(
    All, SweepSpecError,
    ::testing::Values(
        BadSpec{"unknown_section", W + "[axis]\narray.rows = 8\n", "s.ini:3: unknown section [axis]"},
        BadSpec{"unknown_sweep_key", "[sweep]\nbase = default\n" + W, "s.ini:2: unknown key 'base' in [sweep]"},
        BadSpec{"unknown_axis_key", W + "[axes]\narray.rowz = 8\n", "s.ini:4: unknown key 'array.rowz' in [axes]"},
        BadSpec{"axis_without_values", W + "[axes]\narray.rows =\n", "s.ini:4: array.rows: no values"},
        BadSpec{"empty_list_item", W + "[axes]\narray.rows = 8,,16\n", "s.ini:4: array.rows: empty value"},
        BadSpec{"empty_range", W + "[axes]\narray.rows = 256..8 *2\n",
                "s.ini:4: array.rows = '256..8 *2': empty range"},
        BadSpec{"zero_step", W + "[axes]\narray.rows = 8..16 +0\n", "s.ini:4: array.rows = '8..16 +0': the step"},
        BadSpec{"factor_one", W + "[axes]\narray.rows = 8..16 *1\n", "s.ini:4: array.rows = '8..16 *1': the factor"},
        BadSpec{"range_not_numbers", W + "[axes]\narray.rows = a..b\n",
                "s.ini:4: array.rows = 'a..b': expected a range"},
        BadSpec{"value_out_of_range", W + "[axes]\narray.rows = 8..512 *2\n", "s.ini:4: array.rows = '512': expected"},
        BadSpec{"bad_dataflow", W + "[axes]\narray.dataflow = ws, xs\n", "s.ini:4: array.dataflow = 'xs': expected"},
        BadSpec{"duplicate_value", W + "[axes]\narray.rows = 8, 4..16 *2\n",
                "s.ini:4: array.rows: value '8' is given twice"},
        BadSpec{"duplicate_axis", W + "[axes]\narray.rows = 8\narray.rows = 16\n",
                "s.ini:5: array.rows is given twice"},
        BadSpec{"unknown_preset", "[sweep]\narch = tpu9\n" + W, "s.ini:2: arch: unknown architecture preset 'tpu9'"},
        BadSpec{"bad_engine", "[sweep]\nengine = fast\n" + W, "s.ini:2: engine: "},
        BadSpec{"unknown_objective", "[sweep]\nobjectives = speed\n" + W,
                "s.ini:2: objectives: unknown objective 'speed'"},
        BadSpec{"duplicate_sweep_key", "[sweep]\nengine = model\nengine = model\n" + W,
                "s.ini:3: engine is given twice"},
        BadSpec{"no_workloads", "[sweep]\nengine = model\n", "no workloads"},
        BadSpec{"bad_workload", "[workloads]\nw = gemm:M=0,N=1,K=1\n", "s.ini:2: workload 'w': workload"},
        BadSpec{"bad_workload_name", "[workloads]\nw/x = gemm:M=1,N=1,K=1\n", "s.ini:2: workload name 'w/x'"},
        BadSpec{"outside_section", "engine = model\n" + W, "s.ini:1: 'engine' is outside any section"},
        BadSpec{"no_equals", W + "[axes]\narray.rows\n", "s.ini:4: 'array.rows': expected key = value"},
        BadSpec{"section_twice", W + "[axes]\n[axes]\n", "s.ini:4: section [axes] appears twice"},
        BadSpec{"constraint_unknown_key", "[sweep]\nconstraint = array.cols <= 8\n" + W + "[axes]\narray.rows = 8\n",
                "s.ini:2: constraint: 'array.cols <= 8': 'array.cols' is not an axis"},
        BadSpec{"constraint_text_arithmetic",
                "[sweep]\nconstraint = array.dataflow * 2 <= 8\n" + W + "[axes]\narray.dataflow = ws\n",
                "'*' needs numbers"},
        BadSpec{"constraint_no_comparison", "[sweep]\nconstraint = array.rows\n" + W + "[axes]\narray.rows = 8\n",
                "s.ini:2: constraint: 'array.rows': expected a comparison"},
        BadSpec{"constraint_bad_char", "[sweep]\nconstraint = array.rows <= 8 && 1\n" + W + "[axes]\narray.rows = 8\n",
                "unexpected '&'"},
        BadSpec{"constraint_mixed_types", "[sweep]\nconstraint = array.rows == ws\n" + W + "[axes]\narray.rows = 8\n",
                "compares a number with text"},
        BadSpec{"cross_product_too_large",
                W + "[axes]\narray.rows = 1..256\narray.cols = 1..256\narray.acc_width = 16..64\n"
                    "array.freq_mhz = 1..1000\n",
                "s.ini:7: the axes up to array.freq_mhz span more than 100000000 points"}),
    [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace sasim
