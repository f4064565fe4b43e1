#include "sasim/cost/layer_result.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "sasim/mapping/mapping.hpp"
#include "sasim/support/error.hpp"

namespace sasim {

void check_layer_fits(const ArrayConfig& config, const Layer& layer) {
  if (!layer.is_matrix()) return;
  const FoldPlan plan = plan_folds(config, layer.shape);
  std::int64_t folds = 0;
  if (__builtin_mul_overflow(plan.count, layer.repeats, &folds) || folds > kMaxFoldsPerLayer) {
    throw UserError(fmt::format(
        "layer '{}' ({} x M={}, N={}, K={}) needs {} x {} folds on a {}x{} {} array: at most {} per layer are "
        "simulated (each is held in memory); split the layer or use a larger array",
        layer.name, layer.repeats, layer.shape.m, layer.shape.n, layer.shape.k, layer.repeats, plan.count, config.rows,
        config.cols, to_string(config.dataflow), kMaxFoldsPerLayer));
  }
}

namespace {

// The counts of `times` independent GEMMs of one shape (conv groups, heads).
ActionCounts repeated(ActionCounts c, double times) {
  for (BufferTraffic* t : {&c.ifmap, &c.filter, &c.ofmap, &c.accumulator}) {
    t->read_bytes *= times;
    t->write_bytes *= times;
  }
  c.macs *= times;
  c.vector_ops *= times;
  c.dram_read_bytes *= times;
  c.dram_write_bytes *= times;
  c.interconnect_bytes *= times;
  return c;
}

}  // namespace

LayerResult describe_layer(const ArrayConfig& config, const Layer& layer) {
  LayerResult r;
  r.name = layer.name;
  r.kind = layer.kind;
  r.shape_text = layer.shape_text;
  if (!layer.is_matrix()) {  // the vector unit, one lane per column (docs/workloads.md)
    r.repeats = 0;
    r.vector_elements = layer.vector_elements;
    r.actions = vector_action_counts(config, layer.vector_elements);
    return r;
  }
  const FoldPlan plan = plan_folds(config, layer.shape);
  r.m = layer.shape.m;
  r.n = layer.shape.n;
  r.k = layer.shape.k;
  r.repeats = layer.repeats;
  r.folds = plan.count * layer.repeats;
  r.macs = layer.macs();
  const double pes = double(config.rows) * config.cols;
  // stream_beats * rows * cols is plan.pe_slots, taken in double because the
  // int64 product overflows for legal layers (M = K = 2^31-1, N = 1).
  r.mapping_efficiency = double(r.macs) / (double(plan.stream_beats) * double(layer.repeats) * pes);
  // SCALE-Sim v2 charges 2R + C + T - 2 per fold, T the fold's streamed beats.
  const std::int64_t stream = plan.count > 0 ? plan.stream_beats / plan.count : 0;
  r.scalesim_cycles = r.folds * (2 * std::int64_t{config.rows} + config.cols + stream - 2);
  r.actions = repeated(operand_action_counts(config, layer.shape), double(layer.repeats));
  return r;
}

void set_layer_cycles(const ArrayConfig& config, LayerResult& r, std::int64_t cycles) {
  r.cycles = cycles;
  r.utilization = r.macs == 0 ? 0 : double(r.macs) / (double(cycles) * double(config.rows) * config.cols);
}

}  // namespace sasim
