#include "sasim/sweep/sweep_eval.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "sasim/config/architecture.hpp"
#include "sasim/run/run_workload.hpp"
#include "sasim/support/enum_table.hpp"
#include "sasim/support/error.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;

PointMetrics infeasible(const std::string& reason) {
  PointMetrics m;
  m.reason = reason;
  return m;
}

constexpr double kJoulesPerPicojoule = 1e-12;

// Components in the energy model's order, summed in that order by both
// evaluators so that they give the same doubles.
EnergyParts group_energy(const std::vector<std::pair<std::string, double>>& components_pj) {
  EnergyParts parts;
  for (const auto& [name, pj] : components_pj) {
    const double j = pj * kJoulesPerPicojoule;
    if (name == "mac") parts.mac += j;
    else if (name.rfind("sram_", 0) == 0) parts.sram += j;
    else if (name == "dram") parts.dram += j;
    else if (name == "interconnect") parts.interconnect += j;
    else parts.other += j;
  }
  return parts;
}

// A run's totals as a sweep point's metrics; both evaluators read them from
// the same RunSummary (the same doubles).
PointMetrics metrics_of(const RunSummary& s) {
  PointMetrics m;
  m.feasible = true;
  m.cycles = s.cycles;
  m.macs = s.macs;
  m.time_s = s.time_s;
  m.utilization = s.utilization;
  m.tops = s.achieved_tops;
  m.dram_bytes = s.dram_bytes;
  if (s.energy_pj) m.energy_j = *s.energy_pj * kJoulesPerPicojoule;
  if (s.energy_components_pj) m.energy_parts = group_energy(*s.energy_components_pj);
  m.area_mm2 = s.area_mm2;
  return m;
}

// Runs in this process. Analytic points run in parallel; platform points
// (model, rtl) take turns, since SystemC has one kernel per process
// (run_workload.hpp).
class InProcessEvaluator : public PointEvaluator {
 public:
  InProcessEvaluator(const SweepSpec& spec, AnalyticMemoryModel analytic_memory)
      : spec_(spec), analytic_memory_(std::move(analytic_memory)) {
    options_.engine = parse_engine(spec.engine);
  }

  std::vector<PointMetrics> evaluate(const std::vector<std::string>& overrides) override {
    Architecture arch;
    try {
      arch = load_architecture(spec_.arch, overrides);
    } catch (const UserError& e) {
      return std::vector<PointMetrics>(spec_.workloads.size(), infeasible(e.what()));
    }
    std::vector<PointMetrics> results;
    for (const SweepWorkload& w : spec_.workloads) {
      try {
        RunOptions options = options_;
        if (options.engine == Engine::Analytic && analytic_memory_) options.analytic_memory = analytic_memory_(arch);
        results.push_back(metrics_of(summarize(run_workload(arch, w.parsed, options))));
      } catch (const UserError& e) {
        results.push_back(infeasible(e.what()));
      }
    }
    return results;
  }

 private:
  const SweepSpec& spec_;
  RunOptions options_;
  AnalyticMemoryModel analytic_memory_;
};

// A child `sasim run` per point and workload (run_in_child).
class SubprocessEvaluator : public PointEvaluator {
 public:
  SubprocessEvaluator(const SweepSpec& spec, std::string binary, std::string scratch)
      : spec_(spec), binary_(std::move(binary)), scratch_(std::move(scratch)) {
    std::error_code ec;
    fs::create_directories(scratch_, ec);
    if (ec) throw UserError(fmt::format("cannot create '{}': {}", scratch_, ec.message()));
  }

  std::vector<PointMetrics> evaluate(const std::vector<std::string>& overrides) override {
    std::vector<PointMetrics> results;
    for (const SweepWorkload& w : spec_.workloads) {
      try {
        results.push_back(
            metrics_of(run_in_child({spec_.arch, overrides, w.spec, parse_engine(spec_.engine)}, binary_, scratch_)));
      } catch (const UserError& e) {
        results.push_back(infeasible(e.what()));
      } catch (const RunInterrupted& e) {
        throw SweepInterrupted(e.what());
      }
    }
    return results;
  }

 private:
  const SweepSpec& spec_;
  std::string binary_, scratch_;
};

}  // namespace

constexpr EnumTable<EvaluatorKind, 3> kEvaluatorKinds{{{EvaluatorKind::Auto, "auto"},
                                                       {EvaluatorKind::InProcess, "in-process"},
                                                       {EvaluatorKind::Subprocess, "subprocess"}}};

EvaluatorKind parse_evaluator_kind(const std::string& text) {
  if (const std::optional<EvaluatorKind> kind = find_enum(kEvaluatorKinds, text)) return *kind;
  throw UserError(fmt::format("--evaluator '{}': expected {}", text, enum_choices(kEvaluatorKinds)));
}

bool engine_runs_in_process(const std::string& engine) {
  return runs_concurrently_in_process(parse_engine(engine));
}

void check_evaluator(EvaluatorKind kind, const std::string& engine) {
  if (kind == EvaluatorKind::InProcess && parse_engine(engine) == Engine::Rtl) {
    throw UserError(
        "--evaluator in-process: the rtl engine's Verilated libraries cannot share a process between "
        "threads; use --evaluator auto or subprocess");
  }
}

std::unique_ptr<PointEvaluator> make_point_evaluator(const SweepSpec& spec, EvaluatorKind kind,
                                                     const std::string& sasim_binary, const std::string& scratch_dir,
                                                     const AnalyticMemoryModel& analytic_memory) {
  check_evaluator(kind, spec.engine);
  bool in_process =
      kind == EvaluatorKind::InProcess || (kind == EvaluatorKind::Auto && engine_runs_in_process(spec.engine));
  // Analytic points need the DRAM model's bandwidth, which only the caller
  // (the CLI, linked with sysc/) can give; without it they run as `sasim run`.
  if (parse_engine(spec.engine) == Engine::Analytic && !analytic_memory) in_process = false;
  if (in_process) return std::make_unique<InProcessEvaluator>(spec, analytic_memory);
  return std::make_unique<SubprocessEvaluator>(spec, sasim_binary, scratch_dir);
}

}  // namespace sasim
