// Pareto fronts on hand-made data and against the definition on random data;
// per-point totals over workloads; results.csv rows read back as written.
#include <gtest/gtest.h>

#include <random>

#include "sasim/sweep/sweep_pareto.hpp"
#include "sasim/sweep/sweep_results.hpp"

namespace sasim {
namespace {

TEST(Pareto, TwoObjectivesByHand) {
  // (3,4) is dominated by (2,3); (5,5) by everything but itself; the two
  // equal (2,3) rows do not dominate each other.
  const std::vector<std::vector<double>> costs = {{1, 5}, {2, 3}, {3, 4}, {4, 1}, {2, 3}, {5, 5}};
  EXPECT_EQ(pareto_front(costs), (std::vector<std::size_t>{0, 1, 3, 4}));
}

TEST(Pareto, ThreeObjectivesByHand) {
  const std::vector<std::vector<double>> costs = {
      {1, 1, 9},  // best in two, worst in the third: on the front
      {2, 2, 2},  // on the front
      {2, 2, 3},  // dominated by {2,2,2}
      {9, 9, 1},  // best third: on the front
      {2, 3, 2},  // dominated by {2,2,2}
  };
  EXPECT_EQ(pareto_front(costs), (std::vector<std::size_t>{0, 1, 3}));
  EXPECT_EQ(pareto_front({}), std::vector<std::size_t>{});
  EXPECT_EQ(pareto_front({{7, 7}}), std::vector<std::size_t>{0});
}

TEST(Pareto, MatchesTheDefinitionOnRandomData) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> value(0, 9);  // small range: many ties
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::vector<double>> costs(60, std::vector<double>(3));
    for (auto& row : costs)
      for (double& v : row) v = value(rng);
    std::vector<std::size_t> expected;
    for (std::size_t i = 0; i < costs.size(); ++i) {
      bool dominated = false;
      for (std::size_t j = 0; j < costs.size() && !dominated; ++j) {
        bool no_worse = true, better = false;
        for (std::size_t k = 0; k < 3; ++k) {
          no_worse = no_worse && costs[j][k] <= costs[i][k];
          better = better || costs[j][k] < costs[i][k];
        }
        dominated = no_worse && better;
      }
      if (!dominated) expected.push_back(i);
    }
    EXPECT_EQ(pareto_front(costs), expected) << "trial " << trial;
  }
}

SweepSpec two_workload_spec(const char* objectives) {
  return parse_sweep_spec(
      std::string("[sweep]\nobjectives = ") + objectives +
          "\n[workloads]\na = gemm:M=8,N=8,K=8\nb = gemm:M=4,N=4,K=4\n[axes]\narray.rows = 4, 8, 16\n",
      "s.ini", "/tmp");
}

PointMetrics feasible(std::int64_t cycles, std::int64_t macs, double time_s, double utilization) {
  PointMetrics m;
  m.feasible = true;
  m.cycles = cycles;
  m.macs = macs;
  m.time_s = time_s;
  m.utilization = utilization;
  m.tops = 2.0 * double(macs) / time_s / 1e12;
  return m;
}

TEST(Pareto, PointTotalsOverWorkloads) {
  const SweepSpec spec = two_workload_spec("latency");
  PointMetrics bad;
  bad.reason = "does not fit";
  const std::vector<SweepRow> rows = {
      {0, 0, feasible(100, 800, 1e-6, 0.5)},
      {0, 1, feasible(300, 600, 3e-6, 0.25)},
      {1, 0, feasible(100, 800, 1e-6, 0.5)},
      {1, 1, bad},
  };
  const std::vector<PointSummary> points = summarize_points(spec, rows);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_TRUE(points[0].feasible);
  EXPECT_EQ(points[0].cycles, 400);
  EXPECT_EQ(points[0].macs, 1400);
  EXPECT_DOUBLE_EQ(points[0].time_s, 4e-6);
  EXPECT_DOUBLE_EQ(points[0].utilization, (0.5 * 100 + 0.25 * 300) / 400);  // of the summed cycles
  EXPECT_DOUBLE_EQ(points[0].tops, 2.0 * 1400 / 4e-6 / 1e12);
  EXPECT_FALSE(points[0].energy_j.has_value());  // no workload had a value
  EXPECT_FALSE(points[0].energy_parts.has_value());
  EXPECT_FALSE(points[1].feasible);
  EXPECT_EQ(points[1].reason, "b: does not fit");
}

TEST(Pareto, MaximizedObjectivesAndMissingModels) {
  // latency (min) against utilization (max); energy has no values and is left out.
  const SweepSpec spec = two_workload_spec("latency, utilization, energy");
  std::vector<PointSummary> points(3);
  const double time[] = {1.0, 2.0, 3.0}, util[] = {0.5, 0.9, 0.8};
  for (std::size_t i = 0; i < 3; ++i) {
    points[i].point = std::int64_t(i);
    points[i].feasible = true;
    points[i].time_s = time[i];
    points[i].utilization = util[i];
  }
  const ParetoResult pareto = sweep_pareto(spec, points);
  ASSERT_EQ(pareto.used.size(), 2u);
  ASSERT_EQ(pareto.skipped.size(), 1u);
  EXPECT_STREQ(pareto.skipped[0].name, "energy");
  EXPECT_EQ(pareto.front, (std::vector<std::size_t>{0, 1}));  // 2 is slower and less utilized than 1
  const std::string csv = pareto_csv(spec, points, pareto);
  EXPECT_EQ(csv,
            "array.rows,time_s,cycles,macs,utilization,tops,dram_bytes,energy_j,energy_mac_j,energy_sram_j,"
            "energy_dram_j,energy_interconnect_j,energy_other_j,area_mm2\n"
            "4,1,0,0,0.5,0,,,,,,,,\n"
            "8,2,0,0,0.9,0,,,,,,,,\n");
}

TEST(SweepResults, RowsReadBackAsWritten) {
  const SweepSpec spec = two_workload_spec("latency");
  PointMetrics bad;
  bad.reason = "layer 'x' needs \"many\" folds, more than 5";
  PointMetrics good = feasible(123, 4096, 1.0 / 3.0, 0.1);
  good.energy_j = 2.5e-9;
  good.area_mm2 = 0.125;
  good.dram_bytes = 77;
  good.energy_parts = EnergyParts{0.5e-9, 1e-9, 0.75e-9, 0.25e-9, 0};
  const std::string text = results_header(spec) + format_point_rows(spec, 2, {good, bad}) +
                           format_point_rows(spec, 0, {good, good}) + "4,a,1,1";  // torn last line
  const ParsedResults parsed = parse_results(spec, {0, 1, 2}, text);
  EXPECT_TRUE(parsed.header_ok);
  EXPECT_EQ(parsed.dropped_lines, 1u);
  ASSERT_EQ(parsed.rows.size(), 4u);
  EXPECT_EQ(parsed.rows[1].point, 2);
  EXPECT_EQ(parsed.rows[1].metrics.reason, bad.reason);
  EXPECT_EQ(parsed.rows[0].metrics.time_s, 1.0 / 3.0);  // exactly: shortest round-trip text
  EXPECT_EQ(*parsed.rows[0].metrics.energy_j, 2.5e-9);
  EXPECT_EQ(*parsed.rows[0].metrics.dram_bytes, 77);
  EXPECT_EQ(parsed.rows[0].metrics.energy_parts->dram, 0.75e-9);
  // Sorted by point, then workload; formatting what was parsed gives the same bytes.
  const std::string sorted = results_csv(spec, parsed.rows);
  EXPECT_EQ(sorted,
            results_header(spec) + format_point_rows(spec, 0, {good, good}) + format_point_rows(spec, 2, {good, bad}));
  EXPECT_NE(sorted.find("\"layer 'x' needs \"\"many\"\" folds, more than 5\"\n"), std::string::npos) << sorted;
}

TEST(SweepResults, PartialPointsAndForeignRowsAreDropped) {
  const SweepSpec spec = two_workload_spec("latency");
  const PointMetrics good = feasible(1, 1, 1, 1);
  const std::string one_workload = format_row(spec, SweepRow{1, 0, good});  // point 1 lacks workload b
  const std::string foreign = "32,a,1,1,1,1,1,1,,,,,,,,,,\n";               // 32 is no value of the axis
  const std::string text = results_header(spec) + format_point_rows(spec, 0, {good, good}) + one_workload + foreign +
                           format_point_rows(spec, 0, {good, good});  // a duplicate point
  const ParsedResults parsed = parse_results(spec, {0, 1, 2}, text);
  EXPECT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.dropped_lines, 4u);
  EXPECT_FALSE(parsed.clean());
  // Points outside the list (filtered by a constraint) are foreign too.
  EXPECT_EQ(parse_results(spec, {1, 2}, text).rows.size(), 0u);
}

}  // namespace
}  // namespace sasim
