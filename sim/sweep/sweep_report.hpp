#pragma once
// The human side of a finished sweep: gnuplot plots (PNG and SVG) in
// DIR/plots and DIR/summary.md linking them, with the best point per
// objective (docs/sweeps.md).
#include <string>
#include <vector>

#include "sasim/sweep/sweep_pareto.hpp"
#include "sasim/sweep/sweep_spec.hpp"

namespace sasim {

struct SweepCounts {
  std::int64_t cross_product = 0;  // points before constraints
  std::int64_t points = 0;         // after constraints
};

// Writes DIR/plots/ (data, scripts, images) and DIR/summary.md. Plots that
// the results cannot support (no rows x cols axes, no energy model) and a
// missing gnuplot are explained in summary.md rather than failing the sweep.
void write_sweep_report(const SweepSpec& spec, const SweepCounts& counts, const std::vector<PointSummary>& points,
                        const ParetoResult& pareto, const std::string& out_dir);

}  // namespace sasim
