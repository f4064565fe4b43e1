#include "sasim/sweep/sweep_pareto.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace sasim {
namespace {

template <typename T>
std::optional<T> add(const std::optional<T>& a, const std::optional<T>& b) {
  if (!a || !b) return std::nullopt;
  return *a + *b;
}

std::optional<EnergyParts> add(const std::optional<EnergyParts>& a, const std::optional<EnergyParts>& b) {
  if (!a || !b) return std::nullopt;
  return EnergyParts{a->mac + b->mac, a->sram + b->sram, a->dram + b->dram, a->interconnect + b->interconnect,
                     a->other + b->other};
}

template <typename T>
std::string optional_text(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : std::string();
}

std::string parts_text(const std::optional<EnergyParts>& p) {
  return p ? fmt::format("{},{},{},{},{}", p->mac, p->sram, p->dram, p->interconnect, p->other) : ",,,,";
}

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    better = better || a[i] < b[i];
  }
  return better;
}

}  // namespace

std::vector<PointSummary> summarize_points(const SweepSpec& spec, const std::vector<SweepRow>& rows) {
  std::vector<PointSummary> points;
  const std::size_t workloads = spec.workloads.size();
  for (std::size_t at = 0; at + workloads <= rows.size(); at += workloads) {
    PointSummary p;
    p.point = rows[at].point;
    p.feasible = true;
    double busy = 0;  // sum of utilization * cycles: PE-cycles doing MACs, per PE
    for (std::size_t w = 0; w < workloads; ++w) {
      const PointMetrics& m = rows[at + w].metrics;
      if (!m.feasible) {
        if (p.feasible) p.reason = spec.workloads[rows[at + w].workload].name + ": " + m.reason;
        p.feasible = false;
        continue;
      }
      p.cycles += m.cycles;
      p.macs += m.macs;
      p.time_s += m.time_s;
      busy += m.utilization * double(m.cycles);
      p.dram_bytes = w == 0 ? m.dram_bytes : add(p.dram_bytes, m.dram_bytes);
      p.energy_j = w == 0 ? m.energy_j : add(p.energy_j, m.energy_j);
      p.energy_parts = w == 0 ? m.energy_parts : add(p.energy_parts, m.energy_parts);
      p.area_mm2 = w == 0 ? m.area_mm2 : (p.area_mm2 && m.area_mm2 ? p.area_mm2 : std::nullopt);
    }
    if (p.feasible) {
      p.utilization = p.cycles > 0 ? busy / double(p.cycles) : 0;
      p.tops = p.time_s > 0 ? 2.0 * double(p.macs) / p.time_s / 1e12 : 0;
    } else {
      PointSummary infeasible;
      infeasible.point = p.point;
      infeasible.reason = p.reason;
      p = infeasible;
    }
    points.push_back(std::move(p));
  }
  return points;
}

std::optional<double> objective_value(const PointSummary& p, const Objective& objective) {
  const std::string column = objective.column;
  if (column == "time_s") return p.time_s;
  if (column == "cycles") return double(p.cycles);
  if (column == "utilization") return p.utilization;
  if (column == "tops") return p.tops;
  if (column == "dram_bytes") return p.dram_bytes;
  if (column == "energy_j") return p.energy_j;
  if (column == "area_mm2") return p.area_mm2;
  return std::nullopt;
}

std::vector<std::size_t> pareto_front(const std::vector<std::vector<double>>& costs) {
  // In lexicographic order a dominating row always comes first, and a row
  // dominated by anything is dominated by a front row (dominance is
  // transitive): comparing against the front so far is enough.
  std::vector<std::size_t> order(costs.size());
  std::iota(order.begin(), order.end(), std::size_t(0));
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return costs[a] != costs[b] ? costs[a] < costs[b] : a < b; });
  std::vector<std::size_t> front;
  for (const std::size_t i : order) {
    const bool dominated =
        std::any_of(front.begin(), front.end(), [&](std::size_t f) { return dominates(costs[f], costs[i]); });
    if (!dominated) front.push_back(i);
  }
  std::sort(front.begin(), front.end());
  return front;
}

ParetoResult sweep_pareto(const SweepSpec& spec, const std::vector<PointSummary>& points) {
  ParetoResult result;
  for (const Objective& o : spec.objectives) {
    const bool everywhere = std::all_of(points.begin(), points.end(), [&](const PointSummary& p) {
      return !p.feasible || objective_value(p, o).has_value();
    });
    (everywhere ? result.used : result.skipped).push_back(o);
  }
  if (result.used.empty()) return result;
  std::vector<std::size_t> feasible;
  std::vector<std::vector<double>> costs;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!points[i].feasible) continue;
    std::vector<double> cost;
    for (const Objective& o : result.used) {
      const double v = *objective_value(points[i], o);
      cost.push_back(o.maximize ? -v : v);
    }
    feasible.push_back(i);
    costs.push_back(std::move(cost));
  }
  for (const std::size_t f : pareto_front(costs)) result.front.push_back(feasible[f]);
  return result;
}

std::string pareto_csv(const SweepSpec& spec, const std::vector<PointSummary>& points, const ParetoResult& pareto) {
  std::string text;
  for (const SweepAxis& a : spec.axes) text += a.key + ",";
  text +=
      "time_s,cycles,macs,utilization,tops,dram_bytes,energy_j,energy_mac_j,energy_sram_j,energy_dram_j,"
      "energy_interconnect_j,energy_other_j,area_mm2\n";
  for (const std::size_t i : pareto.front) {
    const PointSummary& p = points[i];
    const std::vector<std::size_t> pos = spec.positions(p.point);
    for (std::size_t a = 0; a < spec.axes.size(); ++a) text += spec.axes[a].values[pos[a]] + ",";
    text += fmt::format("{},{},{},{},{},{},{},{},{}\n", p.time_s, p.cycles, p.macs, p.utilization, p.tops,
                        optional_text(p.dram_bytes), optional_text(p.energy_j), parts_text(p.energy_parts),
                        optional_text(p.area_mm2));
  }
  return text;
}

}  // namespace sasim
