#include "sasim/layer_sim.hpp"

#include <fmt/format.h>

#include "sasim/cycle_formula.hpp"
#include "sasim/error.hpp"
#include "sasim/mapping.hpp"
#include "sasim/progress.hpp"

namespace sasim {

Engine parse_engine(const std::string& text) {
  if (text == "model") return Engine::Model;
  if (text == "rtl") return Engine::Rtl;
  std::string shown;
  for (const char ch : text) shown += static_cast<unsigned char>(ch) < 0x20 ? '?' : ch;  // keep one line
  throw UserError(fmt::format("--engine '{}': expected model or rtl", shown));
}

const char* to_string(Engine engine) {
  return engine == Engine::Rtl ? "rtl" : "model";
}

std::unique_ptr<MatrixUnit> make_unit(Engine engine, const ArrayConfig& config, bool quiet) {
  if (engine == Engine::Rtl) return make_rtl_unit(config, RtlOptions{"", quiet});
  return make_model_unit(config);
}

void check_layer_fits(const ArrayConfig& config, const Layer& layer) {
  const FoldPlan plan = plan_folds(config, layer.shape);
  if (plan.count > kMaxFoldsPerLayer) {
    throw UserError(fmt::format(
        "layer '{}' (M={}, N={}, K={}) needs {} folds on a {}x{} {} array: at most {} per layer are simulated "
        "(each is held in memory); split the layer or use a larger array",
        layer.name, layer.shape.m, layer.shape.n, layer.shape.k, plan.count, config.rows, config.cols,
        to_string(config.dataflow), kMaxFoldsPerLayer));
  }
}

LayerResult simulate_layer(MatrixUnit& unit, const Layer& layer) {
  const ArrayConfig& config = unit.config();
  check_layer_fits(config, layer);
  const FoldPlan plan = plan_folds(config, layer.shape);
  const std::vector<Fold> folds = make_folds(config, layer.shape, nullptr);
  const RunResult run = unit.run(folds);

  LayerResult r;
  r.name = layer.name;
  r.m = layer.shape.m;
  r.n = layer.shape.n;
  r.k = layer.shape.k;
  r.folds = plan.count;
  r.cycles = run.total_cycles;
  r.macs = layer.shape.macs();
  const double pes = double(config.rows) * config.cols;
  r.utilization = double(r.macs) / (double(r.cycles) * pes);
  // stream_beats * rows * cols is plan.pe_slots, taken in double because the
  // int64 product overflows for legal layers (M = K = 2^31-1, N = 1).
  r.mapping_efficiency = double(r.macs) / (double(plan.stream_beats) * pes);
  r.scalesim_cycles = scalesim_cycles(config, folds);
  r.actions = operand_action_counts(config, layer.shape);
  return r;
}

std::vector<LayerResult> simulate_workload(MatrixUnit& unit, const Workload& workload, bool quiet) {
  // Refuse an oversized layer before spending time on the ones before it.
  for (const Layer& layer : workload.layers) check_layer_fits(unit.config(), layer);
  const std::int64_t count = std::int64_t(workload.layers.size());
  ProgressBar bar("layers", count, quiet || count < 2);
  std::vector<LayerResult> results;
  results.reserve(workload.layers.size());
  for (const Layer& layer : workload.layers) {
    results.push_back(simulate_layer(unit, layer));
    bar.update(std::int64_t(results.size()));
  }
  bar.finish();
  return results;
}

}  // namespace sasim
