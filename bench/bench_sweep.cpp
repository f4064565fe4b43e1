// Sweep throughput: architecture points per minute on one workload (ResNet-50
// by default), through the same code path as `sasim sweep` (spec, threads,
// results.csv appends, final sort, Pareto, report). Not a test (docs/bench.md).
//
//   ninja -C build bench_sweep && build/bench/bench_sweep --engine model --jobs 2
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "sasim/error.hpp"
#include "sasim/sweep_run.hpp"
#include "sasim/sweep_spec.hpp"

namespace {

// ResNet-50 v1.5 (He et al., CVPR 2016, Table 1; torchvision's stride on the
// 3x3 conv), batch 1, 224x224, every conv and the fc lowered to a GEMM by
// im2col: M = output pixels, N = output channels, K = input channels * kh * kw.
std::string resnet50_gemms() {
  std::string spec;
  auto add = [&](const std::string& name, long m, long n, long k) {
    spec += fmt::format("{}gemm:name={},M={},N={},K={}", spec.empty() ? "" : ";", name, m, n, k);
  };
  add("conv1", 112 * 112, 64, 3 * 7 * 7);
  struct Stage {
    int blocks, width, out, in_pixels, out_pixels;
  };
  const Stage stages[] = {{3, 64, 256, 56, 56}, {4, 128, 512, 56, 28}, {6, 256, 1024, 28, 14}, {3, 512, 2048, 14, 7}};
  int in_channels = 64;
  for (int s = 0; s < 4; ++s) {
    const Stage& st = stages[s];
    for (int b = 0; b < st.blocks; ++b) {
      const std::string id = fmt::format("res{}{}", s + 2, char('a' + b));
      const long in_px = b == 0 ? long(st.in_pixels) * st.in_pixels : long(st.out_pixels) * st.out_pixels;
      const long out_px = long(st.out_pixels) * st.out_pixels;
      add(id + "_1x1a", in_px, st.width, in_channels);
      add(id + "_3x3", out_px, st.width, st.width * 9);
      add(id + "_1x1b", out_px, st.out, st.width);
      if (b == 0) add(id + "_proj", out_px, st.out, in_channels);
      in_channels = st.out;
    }
  }
  add("fc", 1, 1000, 2048);
  return spec;
}

struct Options {
  std::string engine = "model";
  int jobs = 0;
  int runs = 3;
  std::string workload;  // "" = ResNet-50
  std::string rows = "8..256 +8", cols = "8..256 +8", dataflows = "ws, os, is";
};

void usage() {
  fmt::print(
      "usage: bench_sweep [--engine E] [--jobs N] [--runs N] [--workload SPEC]\n"
      "                   [--rows RANGE] [--cols RANGE] [--dataflows LIST]\n"
      "Defaults: model engine, every CPU, 3 runs, ResNet-50 (54 GEMMs),\n"
      "rows and cols 8..256 +8, ws, os, is (3072 points).\n");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--engine") o.engine = value();
    else if (arg == "--jobs") o.jobs = std::atoi(value().c_str());
    else if (arg == "--runs") o.runs = std::atoi(value().c_str());
    else if (arg == "--workload") o.workload = value();
    else if (arg == "--rows") o.rows = value();
    else if (arg == "--cols") o.cols = value();
    else if (arg == "--dataflows") o.dataflows = value();
    else {
      usage();
      return arg == "--help" ? 0 : 2;
    }
  }
  try {
    const std::string spec_text =
        fmt::format("[sweep]\nengine = {}\n[workloads]\nw = {}\n[axes]\narray.rows = {}\narray.cols = {}\narray.dataflow = {}\n",
                    o.engine, o.workload.empty() ? resnet50_gemms() : o.workload, o.rows, o.cols, o.dataflows);
    const std::string dir = (std::filesystem::temp_directory_path() / fmt::format("bench_sweep.{}", getpid())).string();
    const sasim::SweepSpec spec = sasim::parse_sweep_spec(spec_text, "bench.ini", dir);
    const int jobs = o.jobs > 0 ? o.jobs : sasim::available_cpus();
    fmt::print("engine {}, {} threads, {} layers per point, {} points per run\n", o.engine, jobs,
               spec.workloads[0].parsed.layers.size(), sasim::enumerate_points(spec).size());
    // Evaluation: the points alone; total: also the final sort, Pareto, plots.
    fmt::print("{:>4}  {:>8}  {:>12}  {:>15}  {:>10}  {:>16}\n", "run", "points", "eval s", "eval points/min",
               "total s", "total points/min");
    for (int run = 0; run < o.runs; ++run) {
      std::filesystem::remove_all(dir);
      sasim::SweepOptions options;
      options.out_dir = dir;
      options.jobs = jobs;
      options.quiet = true;
      const auto start = std::chrono::steady_clock::now();
      const sasim::SweepStats stats = sasim::run_sweep(spec, options);
      const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      fmt::print("{:>4}  {:>8}  {:>12.3f}  {:>15.0f}  {:>10.3f}  {:>16.0f}\n", run + 1, stats.evaluated, stats.seconds,
                 double(stats.evaluated) / stats.seconds * 60.0, total, double(stats.evaluated) / total * 60.0);
    }
    std::filesystem::remove_all(dir);
  } catch (const sasim::UserError& e) {
    fmt::print(stderr, "bench_sweep: error: {}\n", e.what());
    return 2;
  }
  return 0;
}
