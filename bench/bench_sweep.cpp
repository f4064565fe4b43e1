// Sweep throughput: architecture points per minute, through the same code as
// `sasim sweep` (spec, threads, results.csv appends, final sort, Pareto,
// plots, summary). Default: configs/sweeps/resnet50_shapes.ini, 1536 array
// points x ResNet-50. Not a test (docs/bench.md, "Sweeps").
//
//   ninja -C build bench_sweep && build/bench/bench_sweep [--spec FILE] [--engine E] [--jobs N] [--runs N]
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "bench_options.hpp"
#include "sasim/cost/layer_result.hpp"
#include "sasim/run/analytic_memory.hpp"
#include "sasim/run/engine.hpp"
#include "sasim/support/error.hpp"
#include "sasim/sweep/sweep_run.hpp"
#include "sasim/sweep/sweep_spec.hpp"
#include "sasim/sysc/dram_stream.hpp"

#ifndef SASIM_SOURCE_DIR
#error "SASIM_SOURCE_DIR comes from bench/CMakeLists.txt"
#endif

namespace {

struct Options {
  std::string spec = std::string(SASIM_SOURCE_DIR) + "/configs/sweeps/resnet50_shapes.ini";
  std::string engine;  // "" = the spec's
  int jobs = 0;
  int runs = 3;
};

void usage() {
  fmt::print(
      "usage: bench_sweep [--spec FILE] [--engine E] [--jobs N] [--runs N]\n"
      "Defaults: configs/sweeps/resnet50_shapes.ini, its engine, every CPU, 3 runs.\n");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  const int status =
      sasim::bench::parse_options(argc, argv, usage, [&](const std::string& arg, const std::string& value) {
        if (arg == "--spec") o.spec = value;
        else if (arg == "--engine") o.engine = value;
        else if (arg == "--jobs") o.jobs = std::atoi(value.c_str());
        else if (arg == "--runs") o.runs = std::atoi(value.c_str());
        else return false;
        return true;
      });
  if (status >= 0) return status;
  try {
    sasim::SweepSpec spec = sasim::load_sweep_spec(o.spec);
    if (!o.engine.empty()) {
      sasim::parse_engine(o.engine);
      spec.engine = o.engine;
    }
    const std::string dir = (std::filesystem::temp_directory_path() / fmt::format("bench_sweep.{}", getpid())).string();
    const int jobs = o.jobs > 0 ? o.jobs : sasim::available_cpus();
    std::size_t layers = 0;
    for (const sasim::SweepWorkload& w : spec.workloads) layers += w.parsed.layers.size();
    fmt::print("{}: engine {}, {} threads, {} workloads ({} layers) per point, {} points per run\n", o.spec,
               spec.engine, jobs, spec.workloads.size(), layers, sasim::enumerate_points(spec).size());
    // eval: the points alone; total: also the final sort, Pareto, plots, summary.
    fmt::print("{:>4}  {:>8}  {:>10}  {:>15}  {:>10}  {:>16}\n", "run", "points", "eval s", "eval points/min",
               "total s", "total points/min");
    for (int run = 0; run < o.runs; ++run) {
      std::filesystem::remove_all(dir);
      sasim::SweepOptions options;
      options.out_dir = dir;
      options.jobs = jobs;
      options.quiet = true;
      options.analytic_memory = sasim::measure_analytic_memory;  // as sasim sweep does
      const auto start = std::chrono::steady_clock::now();
      const sasim::SweepStats stats = sasim::run_sweep(spec, options);
      const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      fmt::print("{:>4}  {:>8}  {:>10.3f}  {:>15.0f}  {:>10.3f}  {:>16.0f}\n", run + 1, stats.evaluated, stats.seconds,
                 double(stats.evaluated) / stats.seconds * 60.0, total, double(stats.evaluated) / total * 60.0);
    }
    std::filesystem::remove_all(dir);
  } catch (const sasim::UserError& e) {
    fmt::print(stderr, "bench_sweep: error: {}\n", e.what());
    return 2;
  }
  return 0;
}
