#include "sasim/analytic/analytic_run.hpp"

#include <algorithm>
#include <cmath>

#include "sasim/analytic/analytic.hpp"
#include "sasim/mapping/blocking.hpp"
#include "sasim/support/error.hpp"

namespace sasim {
namespace {

// The memory stall split as the platform splits it (docs/platform.md): what
// the bytes need at the DRAM's peak beyond the compute is dram_bandwidth,
// what a narrower link adds beyond that is interconnect, the rest of the
// memory time (row misses, refresh, exposed transfers) dram_latency.
StallBreakdown split_stalls(std::int64_t stall, std::int64_t read, std::int64_t write, const AnalyticMemory& memory,
                            std::int64_t compute_cycles) {
  StallBreakdown s;
  const auto at_peak = std::int64_t(std::ceil(double(read + write) / memory.peak_bytes_per_cycle));
  const auto roofline = std::int64_t(
      std::ceil(roofline_memory_cycles(memory.peak_bytes_per_cycle, memory.link_bytes_per_cycle, read, write)));
  s.dram_bandwidth = std::clamp<std::int64_t>(at_peak - compute_cycles, 0, stall);
  s.interconnect = std::clamp<std::int64_t>(roofline - std::max(at_peak, compute_cycles), 0, stall - s.dram_bandwidth);
  s.dram_latency = stall - s.dram_bandwidth - s.interconnect;
  return s;
}

LayerResult analyze_layer(const Architecture& arch, const Layer& layer, const AnalyticMemory& memory) {
  LayerResult r = describe_layer(arch.array, layer);
  r.platform = true;
  const std::int64_t ib = arch.array.in_width / 8;
  const OperandElements elements = operand_elements(layer);
  AnalyticLayer a;
  if (!layer.is_matrix()) {
    // The vector unit streams its elements once in and once out.
    const std::int64_t bytes = resident_operands(arch, layer).c ? 0 : elements.a * ib;
    a = combine(arch, vector_cycles(layer.vector_elements, arch.array.cols), bytes, bytes, 0,
                memory.sustained_bytes_per_cycle);
  } else {
    // Per GEMM instance; weights always come from DRAM, activations unless
    // they stay on chip.
    const std::int64_t rep = layer.repeats;
    OperandBytes bytes{elements.a / rep * ib, elements.b / rep * ib, elements.c / rep * ib};
    const Residency resident = resident_operands(arch, layer);
    if (resident.a) bytes.a = 0;
    if (resident.b) bytes.b = 0;
    if (resident.c) bytes.c = 0;
    a = analyze_gemm(arch, layer.shape, rep, bytes, memory.sustained_bytes_per_cycle);
  }
  set_layer_cycles(arch.array, r, a.cycles);
  r.compute_cycles = a.compute_cycles;
  if (layer.is_matrix()) r.folds = a.folds;  // SRAM chunks included, as the platform runs them
  r.dram_bytes_read = a.dram_read_bytes;
  r.dram_bytes_written = a.dram_write_bytes;
  r.stalls = split_stalls(a.stall_cycles, a.dram_read_bytes, a.dram_write_bytes, memory, a.compute_cycles);
  r.memory_bound = roofline_memory_cycles(memory.peak_bytes_per_cycle, memory.link_bytes_per_cycle, a.dram_read_bytes,
                                          a.dram_write_bytes) > double(a.compute_cycles);
  r.actions.dram_read_bytes = double(a.dram_read_bytes);
  r.actions.dram_write_bytes = double(a.dram_write_bytes);
  r.actions.interconnect_bytes = double(a.dram_read_bytes + a.dram_write_bytes);
  return r;
}

}  // namespace

std::vector<LayerResult> analyze_workload(const Architecture& arch, const Workload& workload,
                                          const AnalyticMemory& memory) {
  if (!(memory.peak_bytes_per_cycle > 0) || !(memory.sustained_bytes_per_cycle > 0))
    throw UserError("analytic engine: the DRAM bandwidth must be > 0");
  std::vector<LayerResult> results;
  results.reserve(workload.layers.size());
  for (const Layer& layer : workload.layers) results.push_back(analyze_layer(arch, layer, memory));
  return results;
}

}  // namespace sasim
