// Speed and headline results of the SystemC platform (docs/platform.md,
// "Measured"). Not a test: timings depend on the machine.
//   ninja -C build bench_platform && build/bench/bench_platform [--quick]
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "sasim/config/architecture.hpp"
#include "sasim/sysc/platform.hpp"

namespace {

using sasim::Architecture;
using sasim::Dataflow;
using sasim::UnitKind;
using sasim::sysc::PlatformJob;

struct Timed {
  sasim::LayerResult layer;
  double wall_s;
  double cpu_s;  // process CPU time: what one core spent, whatever else the machine runs
  std::string memory;
};

Timed run(const Architecture& arch, UnitKind unit, const sasim::GemmShape& shape,
          sasim::sysc::MemoryModel memory = sasim::sysc::MemoryModel::Dram) {
  PlatformJob job;
  job.arch = arch;
  job.unit = unit;
  job.memory = memory;
  sasim::Layer layer;
  layer.name = "gemm";
  layer.shape = shape;
  job.layers = {layer};
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  const sasim::sysc::PlatformRun out = std::move(sasim::sysc::run_platforms({job}).front());
  const double cpu = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {out.layers.front().result, wall, cpu, out.memory};
}

Architecture arch(int rows, int cols, Dataflow dataflow) {
  Architecture a = sasim::architecture_preset("default");
  a.array.rows = rows;
  a.array.cols = cols;
  a.array.dataflow = dataflow;
  return a;
}

void print(const char* label, const Timed& t) {
  const sasim::LayerResult& l = t.layer;
  fmt::print(
      "{:<34} {:>9} cycles  util {:6.2f} %  stall {:>8}  DRAM {:>10} B  wall {:>6.2f} s  cpu {:>6.2f} s  {:>9.3g} "
      "cycles/cpu-s\n",
      label, l.cycles, 100 * l.utilization, l.stalls.total(), l.dram_bytes_read + l.dram_bytes_written, t.wall_s,
      t.cpu_s, double(l.cycles) / t.cpu_s);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;

  // 1. Speed: 4096^3 on a 128x128 WS array, DDR4-3200, model engine, timing
  // only. TPU v1-like on-chip memory (4 MiB of accumulators) so the output
  // tile fits; 16 banks so DMA writes find free banks beside the array.
  Architecture big = arch(128, 128, Dataflow::WS);
  big.sram.ifmap_kib = 8192;
  big.sram.accumulator_kib = 4096;
  big.sram.banks = 16;
  const sasim::GemmShape big_shape = quick ? sasim::GemmShape{1024, 1024, 1024} : sasim::GemmShape{4096, 4096, 4096};
  const Timed speed = run(big, UnitKind::Model, big_shape);
  fmt::print("memory: {}\n", speed.memory);
  print(quick ? "model 1024^3 on 128x128" : "model 4096^3 on 128x128", speed);

  // 2. Simulated cycles per second, model vs RTL, on a small array.
  const Architecture small = arch(16, 16, Dataflow::WS);
  const sasim::GemmShape small_shape{512, 256, 256};
  print("model 512x256x256 on 16x16", run(small, UnitKind::Model, small_shape));
  print("rtl   512x256x256 on 16x16", run(small, UnitKind::Rtl, small_shape));

  // 3. A compute-bound GEMM with and without double buffering: 32x32 WS on
  // four DDR4-3200 channels (102.4 GB/s).
  Architecture compute = arch(32, 32, Dataflow::WS);
  compute.dram.channels = 4;
  const sasim::GemmShape compute_shape{2048, 512, 512};
  const Timed db = run(compute, UnitKind::Model, compute_shape);
  compute.sram.double_buffer = false;
  const Timed single = run(compute, UnitKind::Model, compute_shape);
  print("compute-bound, double buffer", db);
  print("compute-bound, single buffer", single);
  fmt::print("  single buffering is {:.1f} % slower\n",
             100.0 * (double(single.layer.cycles) / double(db.layer.cycles) - 1));

  // 4. A memory-bound layer: M = 1 vector x matrix (TPU v1's MLPs) against
  // its roofline time, bytes moved / peak bandwidth. 16 banks of 16 bytes:
  // the array's weight preload (128 bytes a cycle) takes half of them and
  // the DMA writes into the other half; with the default 8 banks every
  // preload cycle blocks the DMA (shown too: SRAM bank conflicts).
  for (const int banks : {16, 8}) {
    Architecture mlp = arch(128, 128, Dataflow::WS);
    mlp.sram.banks = banks;
    for (const auto memory : {sasim::sysc::MemoryModel::Dram, sasim::sysc::MemoryModel::Ideal}) {
      const Timed m = run(mlp, UnitKind::Model, {1, 4096, 4096}, memory);
      const double peak_per_cycle = 3200e6 * 8 / (mlp.freq_mhz * 1e6);  // DDR4-3200, one x64 channel
      const double roofline = double(m.layer.dram_bytes_read + m.layer.dram_bytes_written) / peak_per_cycle;
      const bool dram = memory == sasim::sysc::MemoryModel::Dram;
      print(fmt::format("M=1 4096^2, {}, {} banks", dram ? "DDR4-3200" : "ideal", banks).c_str(), m);
      fmt::print(
          "  roofline {:.0f} cycles: simulated / roofline = {:.3f}; stalls: bandwidth {}, latency {}, "
          "interconnect {}, bank conflict {}, array busy {}\n",
          roofline, double(m.layer.cycles) / roofline, m.layer.stalls.dram_bandwidth, m.layer.stalls.dram_latency,
          m.layer.stalls.interconnect, m.layer.stalls.sram_bank_conflict, m.layer.stalls.array_busy);
    }
  }
  return 0;
}
