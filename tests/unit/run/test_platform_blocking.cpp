// The platform's tile plan and the analytic engine share one blocking
// (blocking.hpp): for every dataflow and SRAM budget, the bytes the platform
// moves through its DMA channels equal the analytic estimate, and the
// blocking keeps the DRAM traffic near its minimum on a roomy SRAM.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sasim/analytic/analytic.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/mapping/blocking.hpp"
#include "sasim/sysc/platform.hpp"

namespace sasim::sysc {
namespace {

struct Budget {
  const char* label;
  int rows, cols;
  std::int64_t ifmap_kib, filter_kib, ofmap_kib, unified_kib, accumulator_kib;
  bool double_buffer;
};

Architecture arch_for(const Budget& b, Dataflow dataflow) {
  Architecture arch = architecture_preset("default");
  arch.array.rows = b.rows;
  arch.array.cols = b.cols;
  arch.array.dataflow = dataflow;
  arch.sram.ifmap_kib = b.ifmap_kib;
  arch.sram.filter_kib = b.filter_kib;
  arch.sram.ofmap_kib = b.ofmap_kib;
  arch.sram.unified_kib = b.unified_kib;
  arch.sram.accumulator_kib = b.accumulator_kib;
  arch.sram.double_buffer = b.double_buffer;
  return arch;
}

TEST(PlatformBlocking, DmaBytesAndComputeCyclesEqualTheAnalyticEstimate) {
  // Budgets that force chunks, K-tile streams, panels and row bands.
  const std::vector<Budget> budgets = {
      {"roomy", 8, 8, 256, 256, 128, 0, 64, true},
      {"tight", 8, 8, 4, 4, 4, 0, 4, true},
      {"tight_single", 8, 8, 4, 4, 2, 0, 2, false},
      {"no_bands", 8, 8, 8, 4, 1, 0, 8, true},
      {"unified", 8, 8, 0, 4, 0, 16, 4, true},
      {"unified_resident", 8, 8, 0, 4, 0, 512, 4, true},  // activations stay on chip
  };
  const std::vector<GemmShape> shapes = {{100, 40, 70}, {1, 96, 120}, {300, 9, 20},
                                         {64, 64, 64},  {17, 200, 5}, {20, 24, 600}};  // the last: OS K chunks
  std::vector<PlatformJob> jobs;
  for (const Budget& b : budgets) {
    for (const Dataflow dataflow : {Dataflow::WS, Dataflow::IS, Dataflow::OS}) {
      PlatformJob job;
      job.arch = arch_for(b, dataflow);
      for (const GemmShape& shape : shapes) {
        Layer layer;
        layer.name = "gemm" + std::to_string(job.layers.size());
        layer.shape = shape;
        layer.repeats = shape.m == 17 ? 3 : 1;
        job.layers.push_back(layer);
      }
      jobs.push_back(job);
    }
  }
  const std::vector<PlatformRun> runs = run_platforms(jobs);
  ASSERT_EQ(runs.size(), jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    for (std::size_t i = 0; i < jobs[j].layers.size(); ++i) {
      const Layer& layer = jobs[j].layers[i];
      // The analytic engine's bytes for this layer: the operands that stay
      // on chip (a unified buffer that holds them) cost nothing.
      const Residency resident = resident_operands(jobs[j].arch, layer);
      const std::int64_t ib = operand_bytes(jobs[j].arch.array);
      const GemmShape& g = layer.shape;
      const TrafficEstimate t =
          estimate_traffic(jobs[j].arch, g,
                           OperandBytes{resident.a ? 0 : g.m * g.k * ib, resident.b ? 0 : g.k * g.n * ib,
                                        resident.c ? 0 : g.m * g.n * ib});
      const LayerResult& r = runs[j].layers[i].result;
      SCOPED_TRACE(testing::Message() << budgets[j / 3].label << (resident.c ? " (resident)" : "") << " "
                                      << to_string(jobs[j].arch.array.dataflow) << " M=" << layer.shape.m
                                      << " N=" << layer.shape.n << " K=" << layer.shape.k);
      EXPECT_EQ(r.dram_bytes_read, t.dram_read_bytes * layer.repeats);
      EXPECT_EQ(r.dram_bytes_written, t.dram_write_bytes * layer.repeats);
      // And the same fold sequence: equal compute cycles.
      const OperandBytes bytes{g.m * g.k * ib, g.k * g.n * ib, g.m * g.n * ib};
      const AnalyticLayer a = analyze_gemm(jobs[j].arch, g, layer.repeats, bytes, 1.0);
      EXPECT_EQ(r.compute_cycles, a.compute_cycles);
      EXPECT_EQ(r.folds, a.folds);
    }
  }
}

TEST(PlatformBlocking, RoomyBuffersReadEachOperandOnce) {
  // A 32x32 WS array with the default 256 KiB buffers on a 512^3 GEMM: A's
  // panels (256 rows x 512) hold the stream, B (256 KiB) comes back once per
  // chunk: 256 KiB + 2 x 256 KiB, far from the 16 N tiles x 256 KiB of
  // re-streaming A per N tile.
  Architecture arch = architecture_preset("default");
  const Blocking b = block_gemm(arch, GemmShape{512, 512, 512}, "test");
  EXPECT_TRUE(b.stream_panel);
  EXPECT_EQ(b.chunk, 256);
  EXPECT_EQ(b.a_passes, 1);
  EXPECT_EQ(b.b_passes, 2);
  // A chunk's 256 x 512 bytes of C do not fit half of the 128 KiB output
  // buffer: C leaves one 256 x 32 tile at a time.
  EXPECT_FALSE(b.output_rows);
  EXPECT_TRUE(block_gemm(arch, GemmShape{512, 128, 512}, "test").output_rows);
}

}  // namespace
}  // namespace sasim::sysc
