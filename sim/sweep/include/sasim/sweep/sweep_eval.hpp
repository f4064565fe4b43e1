#pragma once
// Evaluates one sweep point: the spec's base architecture with the point's
// overrides, run on every workload of the spec by the spec's engine. Two ways:
// in this process (engines that are plain functions of their inputs), or one
// child `sasim run --out TMP` per point and workload (engines that elaborate
// the SystemC platform, which can happen only once per process, and the RTL).
// Both give the same numbers: the child's summary.json holds the same doubles.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
#include "sasim/analytic/analytic_run.hpp"

#include "sasim/sweep/sweep_spec.hpp"

namespace sasim {

// Energy by kind of action, in joules: the energy model's components
// (energy_model.hpp) grouped so that every architecture has the same five.
struct EnergyParts {
  double mac = 0;
  double sram = 0;  // every SRAM macro (sram_*)
  double dram = 0;
  double interconnect = 0;
  double other = 0;  // any component not named above
};

// One point on one workload. An infeasible point (a configuration that fails
// validation, a layer that does not map) has feasible = false and the
// UserError's message as reason; its numbers are unset.
struct PointMetrics {
  bool feasible = false;
  std::string reason;
  std::int64_t cycles = 0;  // sum over the workload's layers
  std::int64_t macs = 0;
  double time_s = 0;       // cycles at the architecture's clock
  double utilization = 0;  // macs / (cycles * rows * cols)
  double tops = 0;         // achieved: 2 * macs / time_s / 1e12
  // As `sasim run` reports them in summary.json; empty when it does not.
  std::optional<double> dram_bytes;
  std::optional<double> energy_j;
  std::optional<EnergyParts> energy_parts;
  std::optional<double> area_mm2;
};

class PointEvaluator {
 public:
  virtual ~PointEvaluator() = default;
  // One entry per spec workload, in spec order. Safe to call from several
  // threads at once. Throws SweepInterrupted when a child was killed by a
  // signal (the user's Ctrl-C reaches the children too).
  virtual std::vector<PointMetrics> evaluate(const std::vector<std::string>& overrides) = 0;
};

struct SweepInterrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class EvaluatorKind { Auto, InProcess, Subprocess };
EvaluatorKind parse_evaluator_kind(const std::string& text);  // auto | in-process | subprocess

// Throws UserError for a combination that cannot work (the RTL engine in
// process), before anything is written.
void check_evaluator(EvaluatorKind kind, const std::string& engine);

// Whether Auto evaluates an engine in this process.
bool engine_runs_in_process(const std::string& engine);

// sasim_binary runs the children; scratch_dir holds their --out directories
// (created if missing, each child's removed after it is read).
std::unique_ptr<PointEvaluator> make_point_evaluator(const SweepSpec& spec, EvaluatorKind kind,
                                                     const std::string& sasim_binary, const std::string& scratch_dir,
                                                     const AnalyticMemoryModel& analytic_memory = {});

}  // namespace sasim
