#pragma once
// What `sasim run` reports: a per-layer table with totals on the terminal,
// and layers.csv + summary.json for scripts (docs/output-formats.md). Every
// output is a pure function of its inputs, byte for byte.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sasim/config/architecture.hpp"
#include "sasim/cost/energy_model.hpp"
#include "sasim/cost/layer_result.hpp"
#include "sasim/run/engine.hpp"

namespace sasim {

struct RunReport {
  Architecture arch;
  Engine engine = Engine::Model;
  std::string workload_spec;
  std::vector<LayerResult> layers;
  std::string memory;  // the memory the platform simulated, one line
  // Inferences one pass of the layers makes, and why there is none when 0
  // (Workload::batch, Workload::batch_note).
  std::int64_t batch = 1;
  std::string batch_note;
};

struct RunTotals {
  std::int64_t cycles = 0;  // sum over layers (each runs from reset), vector layers included
  std::int64_t macs = 0;    // matrix layers only
  std::int64_t vector_layers = 0, vector_cycles = 0, vector_elements = 0;
  double utilization = 0;    // macs / (cycles * rows * cols)
  double time_s = 0;         // cycles at freq_mhz
  double peak_tops = 0;      // 2 ops per MAC, every PE every cycle
  double achieved_tops = 0;  // 2 * macs / time_s
  // batch / time_s; none without a single batch (RunReport::batch 0) or
  // when the layers take no time (views only).
  std::optional<double> inferences_per_s;
  EnergyBreakdown energy;           // sum over layers (energy_model.hpp)
  double dram_bytes = 0;            // DRAM reads + writes, sum over layers' action counts
  double area_mm2 = 0;              // die area at tech.node_nm (area_model.hpp)
  std::int64_t compute_cycles = 0;  // sum of the layers' compute_cycles
  StallBreakdown stalls;            // sum of the layers' stall cycles by cause
  std::int64_t dram_bytes_read = 0, dram_bytes_written = 0;
};

// One layer's energy on the report's architecture.
EnergyBreakdown layer_energy(const RunReport& report, const LayerResult& layer);

// Throws UserError if the cycle or MAC sum overflows int64.
RunTotals run_totals(const RunReport& report);

std::string format_report(const RunReport& report);  // table and totals, for the terminal
std::string layers_csv(const RunReport& report);
std::string summary_json(const RunReport& report);

// Writes dir/layers.csv and dir/summary.json, both or neither (atomic_file.hpp).
void write_report_files(const std::string& dir, const RunReport& report);

}  // namespace sasim
