#pragma once
// The one place an engine is chosen. `sasim run`, sweeps and the benches
// call run_workload(); the engine decides what runs:
//   analytic: the closed forms of sasim/analytic (DRAM bandwidth measured
//             once from the platform's DRAM model, or given);
//   model:    the SystemC platform with the C++ matrix-unit model;
//   rtl:      the SystemC platform with the Verilated RTL.
// The platform's SystemC kernel is one per process, so platform runs in one
// process take turns (a lock); run_in_child() runs the same request as a
// child `sasim run` instead, for callers that want them in parallel.
#include <optional>
#include <string>
#include <vector>

#include "sasim/analytic/analytic_run.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/run/report.hpp"
#include "sasim/sysc/platform.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {

struct RunOptions {
  Engine engine = Engine::Model;
  sysc::MemoryModel memory = sysc::MemoryModel::Dram;  // the platform's memory (model, rtl)
  bool quiet = true;                                   // no progress output (RTL build)
  // The analytic engine's memory; measured from the DRAM model when empty.
  std::optional<AnalyticMemory> analytic_memory;
};

// Every layer of the workload on the architecture. Throws UserError for
// input that cannot run (a tile that does not fit names its sram key).
RunReport run_workload(const Architecture& arch, const Workload& workload, const RunOptions& options);

// The totals of a run as summary.json holds them (docs/output-formats.md):
// what a caller that only wants the numbers reads, from this process's
// report or from a child's summary.json alike (the same doubles).
struct RunSummary {
  std::int64_t cycles = 0;
  std::int64_t macs = 0;
  double time_s = 0;
  double utilization = 0;
  double achieved_tops = 0;
  std::optional<double> dram_bytes;
  std::optional<double> energy_pj;
  // By component, in the energy model's order.
  std::optional<std::vector<std::pair<std::string, double>>> energy_components_pj;
  std::optional<double> area_mm2;
};
RunSummary summarize(const RunReport& report);
// summary.json's text; throws std::runtime_error when it is not one.
RunSummary read_summary(const std::string& json);

// A run as its command line says it: what a child `sasim run` is given.
struct RunRequest {
  std::string arch = "default";        // preset name or file
  std::vector<std::string> overrides;  // section.key=value
  std::string workload;                // spec, .csv or .onnx
  Engine engine = Engine::Model;
};

// A child process was stopped by a signal (the user's Ctrl-C reaches the
// children too): the caller stops as well.
struct RunInterrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs `sasim_binary run ... --out DIR --quiet` with DIR a fresh folder in
// scratch_dir (removed afterwards) and reads its summary.json. Throws
// UserError with the child's message when it refused its input (exit 2),
// RunInterrupted when a signal stopped it, and UserError "internal error: ..."
// when it crashed (the caller records it rather than ending).
RunSummary run_in_child(const RunRequest& request, const std::string& sasim_binary, const std::string& scratch_dir);

// Whether runs of this engine can share a process with other threads'
// runs without waiting for each other (the analytic engine: a plain function).
bool runs_concurrently_in_process(Engine engine);

}  // namespace sasim
