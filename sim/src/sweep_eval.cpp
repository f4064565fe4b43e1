#include "sasim/sweep_eval.hpp"

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "sasim/architecture.hpp"
#include "sasim/error.hpp"
#include "sasim/layer_sim.hpp"
#include "sasim/report.hpp"
#include "sasim/sweep_process.hpp"

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

// The totals `sasim run` writes into summary.json (report.cpp).
PointMetrics metrics_of(const RunReport& report) {
  const RunTotals t = run_totals(report);
  PointMetrics m;
  m.feasible = true;
  m.cycles = t.cycles;
  m.macs = t.macs;
  m.time_s = t.time_s;
  m.utilization = t.utilization;
  m.tops = t.achieved_tops;
  m.dram_bytes = t.dram_bytes;
  m.energy_j = t.energy.total_pj * kJoulesPerPicojoule;
  m.energy_parts = group_energy(t.energy.components);
  m.area_mm2 = t.area_mm2;
  return m;
}

class InProcessEvaluator : public PointEvaluator {
 public:
  InProcessEvaluator(const SweepSpec& spec, AnalyticMemoryModel analytic_memory)
      : spec_(spec), engine_(parse_engine(spec.engine)), analytic_memory_(std::move(analytic_memory)) {}

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
        RunReport report{arch, engine_, w.spec, {}, "", w.parsed.batch, w.parsed.batch_note};
        if (engine_ == Engine::Analytic) {
          report.layers = analyze_workload(arch, w.parsed, analytic_memory_(arch));
        } else {
          const auto unit = make_unit(engine_, arch.array, true);
          report.layers = simulate_workload(*unit, w.parsed, true);
        }
        results.push_back(metrics_of(report));
      } catch (const UserError& e) {
        results.push_back(infeasible(e.what()));
      }
    }
    return results;
  }

 private:
  const SweepSpec& spec_;
  Engine engine_;
  AnalyticMemoryModel analytic_memory_;
};

// A child `sasim run` per workload; its summary.json is the result, its
// "sasim: error: ..." line the reason of an infeasible point.
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
    for (const SweepWorkload& w : spec_.workloads) results.push_back(run_one(overrides, w));
    return results;
  }

 private:
  PointMetrics run_one(const std::vector<std::string>& overrides, const SweepWorkload& w) {
    const fs::path dir = fs::path(scratch_) / fmt::format("run{}", next_id_++);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<std::string> argv = {binary_, "run", "--arch", spec_.arch};
    for (const std::string& set : overrides) argv.insert(argv.end(), {"--set", set});
    argv.insert(argv.end(), {"--workload", w.spec, "--engine", spec_.engine, "--out", (dir / "out").string(), "--quiet"});
    const ChildStatus status = run_child(argv, "", (dir / "stderr.txt").string());
    const std::string err = read_text_file((dir / "stderr.txt").string());
    const std::string summary = read_text_file((dir / "out" / "summary.json").string());
    fs::remove_all(dir);

    if (!status.exited && status.start_error.empty() &&
        (status.code == SIGINT || status.code == SIGTERM || status.code == SIGKILL || status.code == SIGHUP)) {
      throw SweepInterrupted(fmt::format("a point's sasim run was stopped by {}", describe(status)));
    }
    if (!status.start_error.empty()) throw std::runtime_error(fmt::format("'{}': {}", binary_, describe(status)));
    if (status.exited && status.code == 2) {
      constexpr const char* kPrefix = "sasim: error: ";
      std::string reason = err.substr(0, err.find('\n'));
      if (reason.rfind(kPrefix, 0) == 0) reason.erase(0, std::char_traits<char>::length(kPrefix));
      return infeasible(reason);
    }
    if (!status.exited || status.code != 0) {
      // A crash is recorded with the point rather than ending the sweep.
      std::string last = err;
      while (!last.empty() && last.back() == '\n') last.pop_back();
      last = last.substr(last.rfind('\n') == std::string::npos ? 0 : last.rfind('\n') + 1);
      return infeasible(fmt::format("internal error: sasim run ended with {}: {}", describe(status), last));
    }
    return parse_summary(summary);
  }

  // summary.json as report.cpp writes it (docs/output-formats.md); keys a
  // sasim without the matching model leaves out stay empty.
  static PointMetrics parse_summary(const std::string& text) {
    // ordered_json: energy components in file order, summed as in-process.
    const auto j = nlohmann::ordered_json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      throw std::runtime_error("sasim run wrote no readable summary.json");
    }
    PointMetrics m;
    m.feasible = true;
    m.cycles = j.at("total_cycles").get<std::int64_t>();
    m.macs = j.at("total_macs").get<std::int64_t>();
    m.time_s = j.at("time_s").get<double>();
    m.utilization = j.at("utilization").get<double>();
    m.tops = j.at("achieved_tops").get<double>();
    if (j.contains("dram_bytes")) m.dram_bytes = j["dram_bytes"].get<double>();
    if (j.contains("total_energy_pj")) m.energy_j = j["total_energy_pj"].get<double>() * kJoulesPerPicojoule;
    if (j.contains("energy_pj")) {
      std::vector<std::pair<std::string, double>> components;
      for (const auto& [name, pj] : j["energy_pj"].items()) components.emplace_back(name, pj.get<double>());
      m.energy_parts = group_energy(components);
    }
    if (j.contains("area_mm2")) m.area_mm2 = j["area_mm2"].get<double>();
    return m;
  }

  const SweepSpec& spec_;
  std::string binary_, scratch_;
  std::atomic<std::int64_t> next_id_{0};
};

}  // namespace

EvaluatorKind parse_evaluator_kind(const std::string& text) {
  if (text == "auto") return EvaluatorKind::Auto;
  if (text == "in-process") return EvaluatorKind::InProcess;
  if (text == "subprocess") return EvaluatorKind::Subprocess;
  throw UserError(fmt::format("--evaluator '{}': expected auto, in-process or subprocess", text));
}

const char* to_string(EvaluatorKind kind) {
  switch (kind) {
    case EvaluatorKind::InProcess: return "in-process";
    case EvaluatorKind::Subprocess: return "subprocess";
    default: return "auto";
  }
}

bool engine_runs_in_process(const std::string& engine) {
  // The model and RTL engines run inside the SystemC platform (`sasim run`),
  // whose kernel is one per process: each of their points is a child sasim
  // run. (A forced in-process evaluator times the matrix unit alone.)
  return parse_engine(engine) == Engine::Analytic;
}

void check_evaluator(EvaluatorKind kind, const std::string& engine) {
  if (kind == EvaluatorKind::InProcess && parse_engine(engine) == Engine::Rtl) {
    throw UserError("--evaluator in-process: the rtl engine's Verilated libraries cannot share a process between "
                    "threads; use --evaluator auto or subprocess");
  }
}

std::unique_ptr<PointEvaluator> make_point_evaluator(const SweepSpec& spec, EvaluatorKind kind,
                                                     const std::string& sasim_binary, const std::string& scratch_dir,
                                                     const AnalyticMemoryModel& analytic_memory) {
  check_evaluator(kind, spec.engine);
  bool in_process = kind == EvaluatorKind::InProcess || (kind == EvaluatorKind::Auto && engine_runs_in_process(spec.engine));
  // Analytic points need the DRAM model's bandwidth, which only the caller
  // (the CLI, linked with sysc/) can give; without it they run as `sasim run`.
  if (parse_engine(spec.engine) == Engine::Analytic && !analytic_memory) in_process = false;
  if (in_process) return std::make_unique<InProcessEvaluator>(spec, analytic_memory);
  return std::make_unique<SubprocessEvaluator>(spec, sasim_binary, scratch_dir);
}

}  // namespace sasim
