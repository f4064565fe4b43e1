// The analytic engine: its compute cycles equal the model unit's for the
// same folds (repeated or not, periodic extrapolation included), and its
// DRAM traffic follows the blocking rules of docs/analytic.md on hand cases.
#include <gtest/gtest.h>

#include "sasim/analytic/analytic.hpp"
#include "sasim/mapping/mapping.hpp"
#include "sasim/support/error.hpp"
#include "sasim/unit/fold_timer.hpp"
#include "sasim/unit/matrix_unit.hpp"

namespace sasim {
namespace {

std::int64_t model_cycles(const ArrayConfig& config, const GemmShape& shape, int repeat) {
  std::vector<Fold> folds;
  const std::vector<Fold> one = make_folds(config, shape, nullptr);
  for (int r = 0; r < repeat; ++r) folds.insert(folds.end(), one.begin(), one.end());
  return make_model_unit(config)->run(folds).total_cycles;
}

// The full recurrence's cycles over the folds of shapes, back to back.
std::int64_t recurrence_cycles(const ArrayConfig& config, const std::vector<GemmShape>& shapes) {
  FoldTimer timer(config);
  std::int64_t last = -1;
  for (const GemmShape& shape : shapes)
    for (const Fold& f : make_folds(config, shape, nullptr)) last = timer.next(0, f.north_beats, f.west_beats).out_last;
  return last + 1;
}

class AnalyticCompute : public ::testing::TestWithParam<Dataflow> {};

TEST_P(AnalyticCompute, EqualsModelUnitOnShapesAroundTheArray) {
  for (const auto& [rows, cols] : {std::pair{4, 4}, {3, 5}, {8, 2}, {1, 1}, {16, 16}}) {
    const ArrayConfig config{rows, cols, 8, 32, GetParam()};
    for (const std::int64_t m : {1, 2, 7, 16, 33})
      for (const std::int64_t n : {1, 5, 16, 40})
        for (const std::int64_t k : {1, 3, 16, 17, 70})
          for (const int repeat : {1, 3}) {
            const GemmShape shape{m, n, k};
            EXPECT_EQ(analytic_compute_cycles(config, shape, repeat), model_cycles(config, shape, repeat))
                << rows << "x" << cols << " " << to_string(config.dataflow) << " M=" << m << " N=" << n << " K=" << k
                << " repeat=" << repeat;
          }
  }
}

TEST_P(AnalyticCompute, ExtrapolationEqualsTheFullRecurrenceOnLongSequences) {
  // Thousands of periods, short streams (bank-bound) and long ones.
  const ArrayConfig config{8, 8, 8, 32, GetParam()};
  for (const GemmShape shape : {GemmShape{1, 4000, 20}, GemmShape{300, 2000, 9}, GemmShape{50, 50, 4000}}) {
    EXPECT_EQ(analytic_compute_cycles(config, shape, 1), recurrence_cycles(config, {shape}))
        << to_string(config.dataflow) << " M=" << shape.m << " N=" << shape.n << " K=" << shape.k;
  }
}

INSTANTIATE_TEST_SUITE_P(Dataflows, AnalyticCompute, ::testing::Values(Dataflow::WS, Dataflow::OS, Dataflow::IS),
                         [](const auto& info) { return std::string(to_string(info.param)); });

Architecture small_arch(Dataflow dataflow) {
  Architecture arch;
  arch.array = ArrayConfig{4, 4, 8, 32, dataflow};
  arch.sram.ifmap_kib = 1;
  arch.sram.filter_kib = 1;
  arch.sram.accumulator_kib = 1;
  arch.sram.unified_kib = 0;
  arch.sram.double_buffer = false;
  return arch;
}

TEST(AnalyticTraffic, EverythingFitsReadsEachOperandOnce) {
  const Architecture arch = small_arch(Dataflow::WS);
  const TrafficEstimate t = estimate_traffic(arch, GemmShape{16, 16, 16});  // A, B, C 256 bytes each
  EXPECT_EQ(t.dram_read_bytes, 512);
  EXPECT_EQ(t.dram_write_bytes, 256);
  EXPECT_EQ(t.a_passes, 1);
  EXPECT_EQ(t.b_passes, 1);
}

TEST(AnalyticTraffic, WsPanelsReadAOnceAndBOncePerChunk) {
  Architecture arch = small_arch(Dataflow::WS);
  arch.sram.accumulator_kib = 64;
  // A = 64 x 32 = 2048 bytes, ifmap buffer 1024: panels of 32 full rows
  // (2 chunks) read A once and B = 32 x 16 = 512 twice: 3072 bytes. K tiles
  // of all 64 rows would read A once per N tile: 4 x 2048 + 512.
  const TrafficEstimate t = estimate_traffic(arch, GemmShape{64, 16, 32});
  EXPECT_EQ(t.chunk, 32);
  EXPECT_EQ(t.chunks, 2);
  EXPECT_EQ(t.dram_read_bytes, 2048 + 2 * 512);
  EXPECT_EQ(t.dram_write_bytes, 64 * 16);
  EXPECT_EQ(t.a_passes, 1);
  EXPECT_EQ(t.b_passes, 2);
}

TEST(AnalyticTraffic, WsKeepsKTilesWhenPanelsWouldRereadMore) {
  Architecture arch = small_arch(Dataflow::WS);
  arch.sram.accumulator_kib = 64;
  arch.sram.filter_kib = 64;
  // N = 4 (one N tile): K tiles read A once anyway; panels of 1024 / 256 = 4
  // rows would read the 16 KiB of B 16 times.
  const TrafficEstimate t = estimate_traffic(arch, GemmShape{64, 4, 256});
  EXPECT_EQ(t.chunks, 1);
  EXPECT_EQ(t.dram_read_bytes, 64 * 256 + 256 * 4);
}

TEST(AnalyticTraffic, IsSwapsTheRolesOfAAndB) {
  Architecture arch = small_arch(Dataflow::IS);
  arch.sram.accumulator_kib = 64;
  // IS streams B (filter buffer, 1024): B = 32 x 64 = 2048 in panels of 32
  // columns, read once; A = 16 x 32 = 512 once per chunk.
  const TrafficEstimate t = estimate_traffic(arch, GemmShape{16, 64, 32});
  EXPECT_EQ(t.dram_read_bytes, 2048 + 2 * 512);
  EXPECT_EQ(t.b_passes, 1);
  EXPECT_EQ(t.a_passes, 2);
}

TEST(AnalyticTraffic, AStreamLongerThanTheAccumulatorIsCutIntoChunks) {
  Architecture arch = small_arch(Dataflow::WS);
  arch.sram.ifmap_kib = 1024;
  // 4 output columns x 4 bytes per streamed row: 1 KiB of accumulator holds
  // 64 rows, so M = 200 runs as chunks of 64, 64, 64, 8, and the 48-byte
  // weight operand (3 K tiles of 4 x 4) comes back for each chunk.
  const TrafficEstimate t = estimate_traffic(arch, GemmShape{200, 4, 12});
  EXPECT_EQ(t.chunk, 64);
  EXPECT_EQ(t.chunks, 4);
  EXPECT_EQ(t.dram_read_bytes, 200 * 12 + 4 * 12 * 4);
  EXPECT_EQ(t.dram_write_bytes, 200 * 4);
  // So do larger weights.
  arch.sram.filter_kib = 1;
  const TrafficEstimate big = estimate_traffic(arch, GemmShape{200, 64, 32});  // B = 2 KiB
  EXPECT_EQ(big.b_passes, big.chunks);
  EXPECT_EQ(big.dram_read_bytes, 200 * 32 + big.chunks * 32 * 64);
}

TEST(AnalyticChunks, ChunkedStreamsEqualTheRecurrenceOverTheirFolds) {
  for (const Dataflow dataflow : {Dataflow::WS, Dataflow::IS}) {
    const ArrayConfig config{4, 4, 8, 32, dataflow};
    const GemmShape full{7, 9, 10}, last{3, 9, 10};
    const GemmShape full_is{9, 7, 10}, last_is{9, 3, 10};
    const GemmShape& f = dataflow == Dataflow::WS ? full : full_is;
    const GemmShape& l = dataflow == Dataflow::WS ? last : last_is;
    std::vector<GemmShape> shapes;
    std::vector<ComputeSegment> segments;
    for (int r = 0; r < 3; ++r) {
      shapes.insert(shapes.end(), {f, f, f, f, l});
      segments.push_back({f, 4});
      segments.push_back({l, 1});
    }
    EXPECT_EQ(analytic_compute_cycles(config, segments), recurrence_cycles(config, shapes)) << to_string(dataflow);
  }
}

TEST(AnalyticTraffic, OsRereadsBPerRowTile) {
  Architecture arch = small_arch(Dataflow::OS);
  arch.sram.ifmap_kib = 64;
  // B = 8 x 2048 = 16 KiB streamed for each of 3 M tiles (M = 10).
  const TrafficEstimate t = estimate_traffic(arch, GemmShape{10, 2048, 8});
  EXPECT_EQ(t.dram_read_bytes, 10 * 8 + 3 * 16384);
  EXPECT_EQ(t.b_passes, 3);
  EXPECT_EQ(t.a_passes, 1);
}

TEST(AnalyticTraffic, DoubleBufferingHalvesTheCapacityOfABlock) {
  Architecture arch = small_arch(Dataflow::WS);
  arch.sram.accumulator_kib = 64;
  arch.sram.ifmap_kib = 2;
  // One 2 KiB region holds all of A (64 x 32): one chunk.
  EXPECT_EQ(estimate_traffic(arch, GemmShape{64, 16, 32}).dram_read_bytes, 2048 + 512);
  // Two 1 KiB regions: panels of 32 rows, B twice.
  arch.sram.double_buffer = true;
  EXPECT_EQ(estimate_traffic(arch, GemmShape{64, 16, 32}).dram_read_bytes, 2048 + 2 * 512);
}

TEST(AnalyticTraffic, UnifiedBufferSharesItsCapacity) {
  Architecture arch = small_arch(Dataflow::WS);
  arch.sram.accumulator_kib = 64;
  arch.sram.unified_kib = 1;
  // Half of the unified buffer holds inputs: panels of 512 / 32 = 16 rows,
  // 4 chunks, B (512 bytes) once per chunk.
  const TrafficEstimate t = estimate_traffic(arch, GemmShape{64, 16, 32});
  EXPECT_EQ(t.chunks, 4);
  EXPECT_EQ(t.dram_read_bytes, 2048 + 4 * 512);
}

TEST(AnalyticTraffic, ATileThatCannotFitNamesTheKey) {
  Architecture arch = small_arch(Dataflow::WS);
  arch.array.rows = arch.array.cols = 64;  // 4 KiB tile, 1 KiB filter buffer
  try {
    estimate_traffic(arch, GemmShape{64, 64, 64});
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("sram.filter_kib"), std::string::npos) << e.what();
  }
}

TEST(AnalyticLayerTest, VectorTimesMatrixIsMemoryBoundAtItsRoofline) {
  Architecture arch = small_arch(Dataflow::WS);
  arch.array = ArrayConfig{16, 16, 8, 32, Dataflow::WS};
  arch.sram.filter_kib = 1024;
  arch.sram.ifmap_kib = 1024;
  arch.sram.accumulator_kib = 64;
  arch.sram.double_buffer = true;
  // 4 MiB of weights. The array preloads one 16-byte weight row per cycle
  // (its own limit for M = 1); DRAM at 4 bytes per cycle is slower still.
  const GemmShape shape{1, 2048, 2048};
  const AnalyticLayer r = analyze_gemm(arch, shape, 1, 4.0);
  EXPECT_EQ(r.bound, Bound::Memory);
  const std::int64_t bytes = 2048 * 2048 + 2048 + 2048;
  EXPECT_EQ(r.dram_read_bytes + r.dram_write_bytes, bytes);
  EXPECT_EQ(r.memory_cycles, bytes / 4);
  EXPECT_GE(r.cycles, r.memory_cycles);
  EXPECT_LT(double(r.cycles), 1.01 * double(r.memory_cycles));
  EXPECT_EQ(r.stall_cycles, r.cycles - r.compute_cycles);
}

TEST(AnalyticLayerTest, WithoutDoubleBufferingComputeAndMemoryAddUp) {
  Architecture arch = small_arch(Dataflow::OS);
  arch.sram.ifmap_kib = arch.sram.filter_kib = 64;
  const AnalyticLayer r = analyze_gemm(arch, GemmShape{64, 64, 64}, 2, 4.0);
  EXPECT_EQ(r.cycles, r.compute_cycles + r.memory_cycles);
  // Per repeat: A once, B (64 x 64, 16 column blocks) once per M tile (16).
  EXPECT_EQ(r.dram_read_bytes, 2 * (64 * 64 + 16 * 64 * 64));
}

TEST(AnalyticLayerTest, ComputeBoundLayerCostsItsComputeCyclesPlusTheExposedTransfers) {
  Architecture arch = small_arch(Dataflow::WS);
  arch.sram.ifmap_kib = arch.sram.filter_kib = arch.sram.accumulator_kib = 1024;
  arch.sram.double_buffer = true;
  const GemmShape shape{4096, 64, 64};
  const AnalyticLayer r = analyze_gemm(arch, shape, 1, 64.0);
  EXPECT_EQ(r.bound, Bound::Compute);
  EXPECT_EQ(r.compute_cycles, analytic_compute_cycles(arch.array, shape, 1));
  // Before the first fold: one 4 x 4 weight tile and the whole A panel
  // (4096 x 64, one chunk); after the last: its last 4-column output tile.
  const TrafficEstimate t = estimate_traffic(arch, shape);
  EXPECT_EQ(t.first_block_bytes, 16 + 4096 * 64);
  EXPECT_EQ(t.last_write_bytes, 4096 * 4);
  EXPECT_EQ(r.cycles - r.compute_cycles, (16 + 4096 * 64 + 4096 * 4 + 63) / 64);
}

}  // namespace
}  // namespace sasim
