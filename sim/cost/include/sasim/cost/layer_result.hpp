#pragma once
// What every engine reports for a layer (LayerResult): cycles, utilization,
// mapping efficiency, SCALE-Sim v2's estimate for comparison, stalls by
// cause, DRAM bytes and the action counts that cost energy. It lives below
// the engines (analytic, the platform) because each of them fills it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sasim/config/array_config.hpp"
#include "sasim/cost/action_counts.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {

// Every fold is held in memory while a layer runs (about 110 bytes each with
// its timing): a layer needing more folds than this is refused up front.
inline constexpr std::int64_t kMaxFoldsPerLayer = 50'000'000;

// Throws UserError if the layer needs more than kMaxFoldsPerLayer folds (all
// its repeats together).
void check_layer_fits(const ArrayConfig& config, const Layer& layer);

// Stall cycles of a layer on the platform, by cause (docs/platform.md,
// "Stall attribution"); they add up to cycles - compute_cycles.
struct StallBreakdown {
  std::int64_t dram_bandwidth = 0;
  std::int64_t dram_latency = 0;
  std::int64_t interconnect = 0;
  std::int64_t sram_bank_conflict = 0;
  std::int64_t array_busy = 0;
  std::int64_t total() const { return dram_bandwidth + dram_latency + interconnect + sram_bank_conflict + array_busy; }
};

struct LayerResult {
  std::string name;
  LayerKind kind = LayerKind::Gemm;
  std::string shape_text;            // Layer::shape_text
  std::int64_t m = 0, n = 0, k = 0;  // one GEMM; 0 for vector layers
  std::int64_t repeats = 1;          // GEMMs of that shape, run back to back
  std::int64_t vector_elements = 0;  // vector layers: cycles = ceil(elements / cols)
  std::int64_t folds = 0;
  std::int64_t cycles = 0;           // from reset to the last output beat
  std::int64_t macs = 0;             // repeats*m*n*k (0 for vector layers)
  double utilization = 0;            // macs / (cycles * rows * cols)
  double mapping_efficiency = 0;     // macs / PE slots the folds occupy
  std::int64_t scalesim_cycles = 0;  // SCALE-Sim v2's charge for the same folds
  // What costs energy (energy_model.hpp). An engine that counts accesses
  // fills it (measured = true); otherwise the first-order operand estimate.
  ActionCounts actions;
  // Filled by the engines that model memory (platform, analytic): the whole
  // chip, DRAM to DRAM.
  bool platform = false;
  std::int64_t compute_cycles = 0;  // the unit's cycles with all data on chip
  StallBreakdown stalls;            // cycles - compute_cycles, by cause
  std::int64_t dram_bytes_read = 0;
  std::int64_t dram_bytes_written = 0;
  bool memory_bound = false;  // DRAM bytes at peak bandwidth take longer than compute_cycles
};

// The fields every engine fills alike (names, shape, folds, MACs, mapping
// efficiency, SCALE-Sim's charge); cycles and utilization are the engine's.
LayerResult describe_layer(const ArrayConfig& config, const Layer& layer);
// Sets cycles and the utilization they give.
void set_layer_cycles(const ArrayConfig& config, LayerResult& result, std::int64_t cycles);

}  // namespace sasim
