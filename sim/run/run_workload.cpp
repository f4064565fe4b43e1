#include "sasim/run/run_workload.hpp"

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <exception>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "sasim/run/analytic_memory.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/subprocess.hpp"
#include "sasim/sysc/dram_config.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;

std::vector<LayerResult> run_analytic(const Architecture& arch, const Workload& workload, const RunOptions& options,
                                      std::string& memory_line) {
  const AnalyticMemory memory = options.analytic_memory ? *options.analytic_memory : measure_analytic_memory(arch);
  memory_line = fmt::format("{}; analytic: {:.4g} GB/s sustained", sysc::describe_dram(sysc::dram_config(arch.dram)),
                            memory.sustained_bytes_per_cycle * arch.freq_mhz * 1e6 / 1e9);
  return analyze_workload(arch, workload, memory);
}

// SystemC has one kernel per process: platform runs take turns.
std::mutex platform_lock;

// Runs f on a thread of its own and returns its result or rethrows its
// exception here. SystemC's processes run on QuickThreads stacks that the
// kernel switches to from the thread calling sc_start; after that, an
// exception thrown on that thread (an infeasible sweep point evaluated next)
// makes AddressSanitizer report a false stack-buffer-underflow. A thread per
// platform run keeps the caller's stack out of it.
template <typename F>
auto on_own_thread(F f) -> decltype(f()) {
  std::optional<decltype(f())> result;
  std::exception_ptr error;
  std::thread worker([&] {
    try {
      result.emplace(f());
    } catch (...) {
      error = std::current_exception();
    }
  });
  worker.join();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

std::vector<LayerResult> run_on_platform(const Architecture& arch, const Workload& workload, const RunOptions& options,
                                         std::string& memory_line) {
  sysc::PlatformJob job;
  job.arch = arch;
  job.unit = options.engine == Engine::Rtl ? UnitKind::Rtl : UnitKind::Model;
  job.memory = options.memory;
  job.quiet = options.quiet;
  job.layers = workload.layers;
  const std::lock_guard<std::mutex> hold(platform_lock);
  sysc::PlatformRun run = on_own_thread([&job] { return std::move(sysc::run_platforms({job}).front()); });
  memory_line = run.memory;
  std::vector<LayerResult> layers;
  for (sysc::PlatformLayerRun& layer : run.layers) layers.push_back(std::move(layer.result));
  return layers;
}

}  // namespace

RunReport run_workload(const Architecture& arch, const Workload& workload, const RunOptions& options) {
  // The platform holds every fold of a layer in memory (`sasim run` checks
  // this for every engine before it starts).
  if (options.engine != Engine::Analytic) {
    for (const Layer& layer : workload.layers) check_layer_fits(arch.array, layer);
  }
  RunReport report{arch, options.engine, workload.spec, {}, "", workload.batch, workload.batch_note};
  report.layers = options.engine == Engine::Analytic ? run_analytic(arch, workload, options, report.memory)
                                                     : run_on_platform(arch, workload, options, report.memory);
  return report;
}

bool runs_concurrently_in_process(Engine engine) {
  return engine == Engine::Analytic;
}

RunSummary summarize(const RunReport& report) {
  const RunTotals t = run_totals(report);
  RunSummary s;
  s.cycles = t.cycles;
  s.macs = t.macs;
  s.time_s = t.time_s;
  s.utilization = t.utilization;
  s.achieved_tops = t.achieved_tops;
  s.dram_bytes = t.dram_bytes;
  s.energy_pj = t.energy.total_pj;
  s.energy_components_pj = t.energy.components;
  s.area_mm2 = t.area_mm2;
  return s;
}

RunSummary read_summary(const std::string& text) {
  // ordered_json: energy components in file order, as the report holds them.
  const auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error("sasim run wrote no readable summary.json");
  RunSummary s;
  s.cycles = j.at("total_cycles").get<std::int64_t>();
  s.macs = j.at("total_macs").get<std::int64_t>();
  s.time_s = j.at("time_s").get<double>();
  s.utilization = j.at("utilization").get<double>();
  s.achieved_tops = j.at("achieved_tops").get<double>();
  if (j.contains("dram_bytes")) s.dram_bytes = j["dram_bytes"].get<double>();
  if (j.contains("total_energy_pj")) s.energy_pj = j["total_energy_pj"].get<double>();
  if (j.contains("energy_pj")) {
    s.energy_components_pj.emplace();
    for (const auto& [name, pj] : j["energy_pj"].items()) s.energy_components_pj->emplace_back(name, pj.get<double>());
  }
  if (j.contains("area_mm2")) s.area_mm2 = j["area_mm2"].get<double>();
  return s;
}

namespace {

std::atomic<std::int64_t> next_child_id{0};

// The child's last stderr line, for a crash report.
std::string last_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto at = text.rfind('\n');
  return text.substr(at == std::string::npos ? 0 : at + 1);
}

}  // namespace

RunSummary run_in_child(const RunRequest& request, const std::string& sasim_binary, const std::string& scratch_dir) {
  const fs::path dir = fs::path(scratch_dir) / fmt::format("run{}", next_child_id++);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::vector<std::string> argv = {sasim_binary, "run", "--arch", request.arch};
  for (const std::string& set : request.overrides) argv.insert(argv.end(), {"--set", set});
  argv.insert(argv.end(), {"--workload", request.workload, "--engine", to_string(request.engine), "--out",
                           (dir / "out").string(), "--quiet"});
  const ChildStatus status = run_child(argv, "", (dir / "stderr.txt").string());
  const std::string err = read_text_file((dir / "stderr.txt").string());
  const std::string summary = read_text_file((dir / "out" / "summary.json").string());
  fs::remove_all(dir);

  if (!status.exited && status.start_error.empty() &&
      (status.code == SIGINT || status.code == SIGTERM || status.code == SIGKILL || status.code == SIGHUP)) {
    throw RunInterrupted(fmt::format("a point's sasim run was stopped by {}", describe(status)));
  }
  if (!status.start_error.empty()) throw std::runtime_error(fmt::format("'{}': {}", sasim_binary, describe(status)));
  if (status.exited && status.code == 2) {
    constexpr const char* kPrefix = "sasim: error: ";
    std::string reason = err.substr(0, err.find('\n'));
    if (reason.rfind(kPrefix, 0) == 0) reason.erase(0, std::char_traits<char>::length(kPrefix));
    throw UserError(reason);
  }
  if (!status.exited || status.code != 0) {
    throw UserError(fmt::format("internal error: sasim run ended with {}: {}", describe(status), last_line(err)));
  }
  return read_summary(summary);
}

}  // namespace sasim
