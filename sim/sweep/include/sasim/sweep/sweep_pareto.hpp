#pragma once
// Per-point totals over a sweep's workloads and the Pareto front over the
// spec's objectives; pareto.csv (docs/sweeps.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sasim/sweep/sweep_results.hpp"
#include "sasim/sweep/sweep_spec.hpp"

namespace sasim {

// One point over all its workloads: times, cycles, MACs, DRAM bytes and
// energy add up; utilization and TOPS are those of the sum; area is the
// architecture's. Infeasible if any workload is.
struct PointSummary {
  std::int64_t point = 0;
  bool feasible = false;
  std::string reason;  // the first infeasible workload's, "workload: reason"
  std::int64_t cycles = 0, macs = 0;
  double time_s = 0, utilization = 0, tops = 0;
  std::optional<double> dram_bytes, energy_j;
  std::optional<EnergyParts> energy_parts;
  std::optional<double> area_mm2;
};

// rows: every workload of every point, sorted by (point, workload) (results_csv order).
std::vector<PointSummary> summarize_points(const SweepSpec& spec, const std::vector<SweepRow>& rows);

// The objective's value for a point, if the point has it.
std::optional<double> objective_value(const PointSummary& point, const Objective& objective);

// Indices of the rows of `costs` (every column to be minimized) that no
// other row dominates (no worse in every column, better in one), ascending.
// Equal rows do not dominate each other: all of them are on the front.
std::vector<std::size_t> pareto_front(const std::vector<std::vector<double>>& costs);

struct ParetoResult {
  std::vector<Objective> used;     // objectives every feasible point has a value for
  std::vector<Objective> skipped;  // objectives some feasible point lacks (no model for them yet)
  std::vector<std::size_t> front;  // indices into the summaries, ascending
};
ParetoResult sweep_pareto(const SweepSpec& spec, const std::vector<PointSummary>& points);

// Header and one row per front point: axis values, then the point's totals
// (the columns of results.csv from time_s to area_mm2).
std::string pareto_csv(const SweepSpec& spec, const std::vector<PointSummary>& points, const ParetoResult& pareto);

}  // namespace sasim
