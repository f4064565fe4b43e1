#include "sasim/run/engine.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "sasim/mapping/mapping.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/progress.hpp"

namespace sasim {

Engine parse_engine(const std::string& text) {
  if (text == "model") return Engine::Model;
  if (text == "rtl") return Engine::Rtl;
  if (text == "analytic") return Engine::Analytic;
  std::string shown;
  for (const char ch : text) shown += static_cast<unsigned char>(ch) < 0x20 ? '?' : ch;  // keep one line
  throw UserError(fmt::format("--engine '{}': expected model, rtl or analytic", shown));
}

const char* to_string(Engine engine) {
  switch (engine) {
    case Engine::Rtl: return "rtl";
    case Engine::Analytic: return "analytic";
    default: return "model";
  }
}

std::unique_ptr<MatrixUnit> make_unit(Engine engine, const ArrayConfig& config, bool quiet) {
  if (engine == Engine::Analytic) throw std::logic_error("make_unit: the analytic engine simulates no unit");
  if (engine == Engine::Rtl) return make_rtl_unit(config, RtlOptions{"", quiet});
  return make_model_unit(config);
}

LayerResult simulate_layer(MatrixUnit& unit, const Layer& layer) {
  const ArrayConfig& config = unit.config();
  LayerResult r = describe_layer(config, layer);
  if (!layer.is_matrix()) {
    set_layer_cycles(config, r, vector_cycles(layer.vector_elements, config.cols));
    return r;
  }
  check_layer_fits(config, layer);
  // The repeats (conv groups, attention heads) are independent GEMMs of one
  // shape, run back to back in one stream so that each one's preload overlaps
  // the previous one's streaming, as consecutive folds do.
  const std::vector<Fold> one = make_folds(config, layer.shape, nullptr);
  std::vector<Fold> folds;
  folds.reserve(one.size() * std::size_t(layer.repeats));
  for (std::int64_t rep = 0; rep < layer.repeats; ++rep) folds.insert(folds.end(), one.begin(), one.end());
  set_layer_cycles(config, r, unit.run(folds).total_cycles);
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
