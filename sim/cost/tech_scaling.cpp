#include "sasim/cost/tech_scaling.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "sasim/support/error.hpp"

namespace sasim {
namespace {

struct NodeRow {
  int node_nm;
  // Area relative to 45 nm: the paper's area-scaling table, row "45 nm"
  // (also tabulated by UCLA NanoCAD's nodeScale tool).
  double area;
  // Energy fit E(V) = e2*V^2 + e1*V + e0 of the paper's energy-scaling
  // equations (high-performance devices for 45 nm and below), and the
  // nominal supply of the node's PTM model at which sasim evaluates it.
  double e2, e1, e0, vdd;
};

const NodeRow kNodes[] = {
    {90, 2.8, 4.762, -4.781, 2.092, 1.2},       {65, 1.5, 3.755, -4.398, 1.975, 1.1},
    {45, 1.0, 1.018, -0.3107, 0.1539, 1.0},     {32, 0.46, 0.8367, -0.4341, 0.1701, 0.9},
    {20, 0.21, 0.373, -0.1582, 0.04104, 0.9},   {16, 0.19, 0.2958, -0.1241, 0.03024, 0.85},
    {14, 0.17, 0.2363, -0.09675, 0.02239, 0.8}, {10, 0.1, 0.2068, -0.09311, 0.02375, 0.75},
    {7, 0.059, 0.1776, -0.09097, 0.02447, 0.7},
};

double energy_at_nominal(const NodeRow& row) {
  return row.e2 * row.vdd * row.vdd + row.e1 * row.vdd + row.e0;
}

// Log-log interpolation of value(row) between the two tabulated nodes around node_nm.
template <typename Value>
double interpolate(int node_nm, Value value) {
  if (node_nm < kMinNodeNm || node_nm > kMaxNodeNm) {
    throw UserError(fmt::format("tech.node_nm = {}: expected {}..{} (the span of the scaling tables)", node_nm,
                                kMinNodeNm, kMaxNodeNm));
  }
  for (std::size_t i = 0; i + 1 < std::size(kNodes); ++i) {
    const NodeRow& big = kNodes[i];
    const NodeRow& small = kNodes[i + 1];
    if (node_nm > big.node_nm || node_nm < small.node_nm) continue;
    if (node_nm == big.node_nm) return value(big);
    if (node_nm == small.node_nm) return value(small);
    const double t = std::log(double(node_nm) / big.node_nm) / std::log(double(small.node_nm) / big.node_nm);
    return std::exp(std::log(value(big)) + t * (std::log(value(small)) - std::log(value(big))));
  }
  return value(kNodes[std::size(kNodes) - 1]);  // unreachable: the range check covers the table
}

}  // namespace

double area_factor(int node_nm) {
  return interpolate(node_nm, [](const NodeRow& r) { return r.area; });
}

double energy_factor(int node_nm) {
  static const double at45 = energy_at_nominal(kNodes[2]);
  return interpolate(node_nm, [](const NodeRow& r) { return energy_at_nominal(r); }) / at45;
}

}  // namespace sasim
