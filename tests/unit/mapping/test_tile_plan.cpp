// The tile schedule on its own (tile_plan.hpp, docs/platform.md "Blocking"
// and "Tile schedule") for GEMMs small enough to list every load by hand.
// DRAM layout: A at 0, B after it and C after B, each on a 4 KiB boundary;
// A and C row-major; B in column blocks (COLS wide for WS and OS, one chunk
// wide for IS), each row-major K x width. 8-bit operands (1 byte), 32-bit
// accumulators (4 bytes). Fold order: WS N tiles outer, K tiles inner; IS M
// tiles outer, K tiles inner; OS M tiles outer, N tiles inner.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sasim/mapping/tile_plan.hpp"
#include "sasim/support/error.hpp"

namespace sasim::sysc {
namespace {

Architecture arch_4x4(Dataflow dataflow) {
  Architecture arch;  // SRAM defaults: ifmap and filter 256 KiB, ofmap 128, accumulator 64, 8 x 16-byte banks
  arch.array.rows = 4;
  arch.array.cols = 4;
  arch.array.in_width = 8;
  arch.array.acc_width = 32;
  arch.array.dataflow = dataflow;
  return arch;
}

Layer gemm(std::int64_t m, std::int64_t n, std::int64_t k) {
  Layer layer;
  layer.name = "g";
  layer.shape = {m, n, k};
  return layer;
}

// Compact views for comparisons: a transfer as {address, rows, row_bytes, stride}.
struct T {
  std::int64_t address, rows, row_bytes, stride;
  bool operator==(const T& o) const {
    return address == o.address && rows == o.rows && row_bytes == o.row_bytes && stride == o.stride;
  }
};
std::ostream& operator<<(std::ostream& os, const T& t) {
  return os << "{" << t.address << ", " << t.rows << ", " << t.row_bytes << ", " << t.stride << "}";
}
T view(const Transfer2D& t) {
  return {std::int64_t(t.address), t.rows, t.row_bytes, t.stride};
}

struct L {
  Operand operand;
  std::int64_t index, last_user;
  T transfer;
  bool operator==(const L& o) const {
    return operand == o.operand && index == o.index && last_user == o.last_user && transfer == o.transfer;
  }
};
std::ostream& operator<<(std::ostream& os, const L& l) {
  return os << (l.operand == kInput ? "A" : "B") << "#" << l.index << " last " << l.last_user << " " << l.transfer;
}
std::vector<L> loads(const LayerPlan& plan) {
  std::vector<L> out;
  for (const TileLoad& l : plan.loads) out.push_back({l.operand, l.index, l.last_user, view(l.transfer)});
  return out;
}
std::vector<T> outputs(const LayerPlan& plan) {
  std::vector<T> out;
  for (const Transfer2D& t : plan.outputs) out.push_back(view(t));
  return out;
}

struct F {
  std::int64_t a, b, output;
  bool first, last;
  bool operator==(const F& o) const {
    return a == o.a && b == o.b && output == o.output && first == o.first && last == o.last;
  }
};
std::ostream& operator<<(std::ostream& os, const F& f) {
  return os << "{A " << f.a << ", B " << f.b << ", out " << f.output << (f.first ? " first" : "")
            << (f.last ? " last" : "") << "}";
}
std::vector<F> folds(const LayerPlan& plan) {
  std::vector<F> out;
  for (const FoldTiles& f : plan.folds)
    out.push_back({f.load[kInput], f.load[kWeight], f.output, f.first_of_output, f.last_of_output});
  return out;
}

std::int64_t bytes_of(const LayerPlan& plan, Operand op) {
  std::int64_t sum = 0;
  for (const TileLoad& l : plan.loads)
    if (l.operand == op) sum += l.transfer.bytes();
  return sum;
}

constexpr Operand A = kInput, B = kWeight;

TEST(TilePlan, WeightStationary8x8x8) {
  // 4x4 WS, M = N = K = 8: A is 64 bytes at 0, B 64 at 4096, C 64 at 8192.
  // The A panel (whole K, all 8 rows) fits and costs 64 + 64 bytes against
  // 2*64 + 64 for K tiles: one panel load serves all four folds. B comes
  // in column blocks of 4: block n0 = 0 is 8 x 4 at 4096, n0 = 4 at 4128;
  // its K tile k0 = 4 starts 16 bytes into its block. Stationary B is
  // issued before A. C (8 x 8 = 64 bytes) fits the output buffer as one
  // band: one write after the last fold.
  const LayerPlan plan = plan_layer(arch_4x4(Dataflow::WS), gemm(8, 8, 8));
  const std::vector<L> expected = {{B, 0, 0, {4096, 1, 16, 16}},
                                   {A, 0, 3, {0, 1, 64, 64}},
                                   {B, 1, 1, {4112, 1, 16, 16}},
                                   {B, 2, 2, {4128, 1, 16, 16}},
                                   {B, 3, 3, {4144, 1, 16, 16}}};
  EXPECT_EQ(loads(plan), expected);
  EXPECT_EQ(folds(plan),
            (std::vector<F>{
                {1, 0, 0, true, false}, {1, 2, 0, false, false}, {1, 3, 0, false, false}, {1, 4, 0, false, true}}));
  EXPECT_EQ(outputs(plan), (std::vector<T>{{8192, 1, 64, 64}}));
  for (const FoldTiles& f : plan.folds) {
    EXPECT_FALSE(f.stationary[kInput]);
    EXPECT_TRUE(f.stationary[kWeight]);
  }
  EXPECT_EQ(bytes_of(plan, A), 64);  // each operand crosses the interface once
  EXPECT_EQ(bytes_of(plan, B), 64);
  EXPECT_EQ(plan.slots, (std::array<int, 2>{2, 2}));
  EXPECT_EQ(plan.output_slots, 2);
  ASSERT_EQ(plan.chunks.size(), 1u);
  EXPECT_EQ(plan.chunks[0].folds, 4u);
  // 4 one-byte lanes per edge: one 16-byte word per cycle from each buffer.
  EXPECT_EQ(plan.words_per_cycle, (std::array<std::int64_t, 2>{1, 1}));
  // mapping.cpp's folds: the stationary tile's 4 rows north, all 8 rows of A west.
  const std::vector<Fold> f = layer_folds(arch_4x4(Dataflow::WS).array, plan, gemm(8, 8, 8).shape, nullptr);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].north_beats, 4);
  EXPECT_EQ(f[0].west_beats, 8);
}

TEST(TilePlan, OutputStationary8x8x8) {
  // 4x4 OS: each fold needs an A row panel (4 x 8 = 32 bytes, contiguous
  // since it spans all of K) and a B column block (8 x 4 = 32 bytes). The A
  // panel serves both N tiles of its M tile; B blocks alternate, so each is
  // loaded once per M tile. Each M row of tiles is one 4 x 8 band of C.
  const LayerPlan plan = plan_layer(arch_4x4(Dataflow::OS), gemm(8, 8, 8));
  const std::vector<L> expected = {{B, 0, 0, {4096, 1, 32, 32}}, {A, 0, 1, {0, 1, 32, 32}},
                                   {B, 1, 1, {4128, 1, 32, 32}}, {B, 2, 2, {4096, 1, 32, 32}},
                                   {A, 1, 3, {32, 1, 32, 32}},   {B, 3, 3, {4128, 1, 32, 32}}};
  EXPECT_EQ(loads(plan), expected);
  EXPECT_EQ(
      folds(plan),
      (std::vector<F>{{1, 0, 0, true, false}, {1, 2, 0, false, true}, {4, 3, 1, true, false}, {4, 5, 1, false, true}}));
  EXPECT_EQ(outputs(plan), (std::vector<T>{{8192, 1, 32, 32}, {8224, 1, 32, 32}}));
  EXPECT_EQ(bytes_of(plan, A), 64);
  EXPECT_EQ(bytes_of(plan, B), 2 * 64);  // once per M tile
  for (const FoldTiles& f : plan.folds) {
    EXPECT_FALSE(f.stationary[kInput]);
    EXPECT_FALSE(f.stationary[kWeight]);
  }
}

TEST(TilePlan, InputStationary8x8x8) {
  // 4x4 IS: A is stationary in 4 x 4 tiles of the row-major 8 x 8 A, 4 rows
  // of 4 bytes, 8 apart (2-D transfers); the B panel (all of K for the one
  // chunk of 8 columns: its column block is 8 wide) is 64 contiguous bytes
  // loaded once. Stationary A goes first. Each M tile's C (4 rows x all 8
  // columns) is contiguous: one write per M tile.
  const LayerPlan plan = plan_layer(arch_4x4(Dataflow::IS), gemm(8, 8, 8));
  const std::vector<L> expected = {{A, 0, 0, {0, 4, 4, 8}},
                                   {B, 0, 3, {4096, 1, 64, 64}},
                                   {A, 1, 1, {4, 4, 4, 8}},
                                   {A, 2, 2, {32, 4, 4, 8}},
                                   {A, 3, 3, {36, 4, 4, 8}}};
  EXPECT_EQ(loads(plan), expected);
  EXPECT_EQ(
      folds(plan),
      (std::vector<F>{{0, 1, 0, true, false}, {2, 1, 0, false, true}, {3, 1, 1, true, false}, {4, 1, 1, false, true}}));
  EXPECT_EQ(outputs(plan), (std::vector<T>{{8192, 1, 32, 32}, {8224, 1, 32, 32}}));
  for (const FoldTiles& f : plan.folds) {
    EXPECT_TRUE(f.stationary[kInput]);
    EXPECT_FALSE(f.stationary[kWeight]);
  }
}

TEST(TilePlan, EachOperandReadsTheEdgeItFeeds) {
  // 4 rows x 2 columns, 2-byte banks: the west edge takes 4 bytes = 2 words
  // per cycle, the north edge 2 bytes = 1 word. WS streams A west and
  // preloads B north; IS the other way round; OS streams A west, B north.
  for (const Dataflow d : {Dataflow::WS, Dataflow::IS, Dataflow::OS}) {
    Architecture arch = arch_4x4(d);
    arch.array.cols = 2;
    arch.sram.bank_width_bytes = 2;
    const LayerPlan plan = plan_layer(arch, gemm(8, 8, 8));
    const std::array<std::int64_t, 2> expected =
        d == Dataflow::IS ? std::array<std::int64_t, 2>{1, 2} : std::array<std::int64_t, 2>{2, 1};
    EXPECT_EQ(plan.words_per_cycle, expected) << to_string(d);
  }
}

TEST(TilePlan, DoubleBufferingHalvesTheRegionsAndCanCutChunks) {
  // 4x4 WS, M = 64, N = K = 4 (one fold's worth of B). A 1 KiB accumulator
  // holds 1024 / (4 columns x 4 bytes) = 64 rows of partial sums in one
  // region, 32 in each of two: double buffering cuts M into two chunks of
  // 32 rows, each its own fold and its own 32 x 4 = 128-byte A panel and C
  // band. The one B tile serves both chunks: loaded once.
  Architecture arch = arch_4x4(Dataflow::WS);
  arch.sram.accumulator_kib = 1;
  const LayerPlan two = plan_layer(arch, gemm(64, 4, 4));
  EXPECT_EQ(loads(two),
            (std::vector<L>{{B, 0, 1, {4096, 1, 16, 16}}, {A, 0, 0, {0, 1, 128, 128}}, {A, 1, 1, {128, 1, 128, 128}}}));
  EXPECT_EQ(folds(two), (std::vector<F>{{1, 0, 0, true, true}, {2, 0, 1, true, true}}));
  EXPECT_EQ(outputs(two), (std::vector<T>{{8192, 1, 128, 128}, {8320, 1, 128, 128}}));
  ASSERT_EQ(two.chunks.size(), 2u);
  EXPECT_EQ(two.chunks[1].m0, 32);
  EXPECT_EQ(two.chunks[1].shape.m, 32);
  EXPECT_EQ(two.slots, (std::array<int, 2>{2, 2}));
  EXPECT_EQ(two.output_slots, 2);

  arch.sram.double_buffer = false;
  const LayerPlan one = plan_layer(arch, gemm(64, 4, 4));
  EXPECT_EQ(loads(one), (std::vector<L>{{B, 0, 0, {4096, 1, 16, 16}}, {A, 0, 0, {0, 1, 256, 256}}}));
  EXPECT_EQ(outputs(one), (std::vector<T>{{8192, 1, 256, 256}}));
  ASSERT_EQ(one.chunks.size(), 1u);
  EXPECT_EQ(one.slots, (std::array<int, 2>{1, 1}));
  EXPECT_EQ(one.output_slots, 1);
}

TEST(TilePlan, OutputStationaryCutsALongKIntoChunksThatAddUp) {
  // 4x4 OS, M = N = 4, K = 200, ifmap 1 KiB: a region (512 bytes double
  // buffered) holds 512 / 4 = 128 K columns of the 4-row A panel, so K is
  // cut at 128: two folds of one output tile, A as 2-D tiles of the 4 x 200
  // row-major A (rows 200 apart), B's K rows 0..127 (512 bytes) and
  // 128..199 (288 bytes) of its one 200 x 4 block at 4096. One C write
  // after the second chunk.
  Architecture arch = arch_4x4(Dataflow::OS);
  arch.sram.ifmap_kib = 1;
  const LayerPlan plan = plan_layer(arch, gemm(4, 4, 200));
  EXPECT_EQ(loads(plan), (std::vector<L>{{B, 0, 0, {4096, 1, 512, 512}},
                                         {A, 0, 0, {0, 4, 128, 200}},
                                         {B, 1, 1, {4608, 1, 288, 288}},
                                         {A, 1, 1, {128, 4, 72, 200}}}));
  EXPECT_EQ(folds(plan), (std::vector<F>{{1, 0, 0, true, false}, {3, 2, 0, false, true}}));
  EXPECT_EQ(outputs(plan), (std::vector<T>{{8192, 1, 16, 16}}));
  ASSERT_EQ(plan.chunks.size(), 2u);
  EXPECT_EQ(plan.chunks[0].shape.k, 128);
  EXPECT_EQ(plan.chunks[1].k0, 128);
  EXPECT_EQ(plan.chunks[1].shape.k, 72);
  EXPECT_EQ(bytes_of(plan, A), 800);
  EXPECT_EQ(bytes_of(plan, B), 800);
  const std::vector<Fold> f = layer_folds(arch.array, plan, gemm(4, 4, 200).shape, nullptr);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].west_beats, 128);
  EXPECT_EQ(f[1].west_beats, 72);
}

TEST(TilePlan, RepeatsHaveTheirOwnOperandsAndTiles) {
  // Two repeats of the 4x4 WS GEMM M = N = K = 4: each repeat's A, B, C
  // take 3 x 4 KiB; the second repeat's tiles are different tiles (loaded
  // again even though they are the same shape).
  const Layer layer = [] {
    Layer l = gemm(4, 4, 4);
    l.repeats = 2;
    return l;
  }();
  const LayerPlan plan = plan_layer(arch_4x4(Dataflow::WS), layer);
  EXPECT_EQ(loads(plan), (std::vector<L>{{B, 0, 0, {4096, 1, 16, 16}},
                                         {A, 0, 0, {0, 1, 16, 16}},
                                         {B, 1, 1, {12288 + 4096, 1, 16, 16}},
                                         {A, 1, 1, {12288, 1, 16, 16}}}));
  EXPECT_EQ(outputs(plan), (std::vector<T>{{8192, 1, 16, 16}, {12288 + 8192, 1, 16, 16}}));
}

TEST(TilePlan, ResidentActivationsAreNeitherLoadedNorWritten) {
  // A 16 KiB unified buffer holds A (64 bytes) and C (64 bytes) in its half:
  // only the weights move; C stays on chip.
  Architecture arch = arch_4x4(Dataflow::WS);
  arch.sram.ifmap_kib = 0;
  arch.sram.ofmap_kib = 0;
  arch.sram.unified_kib = 16;
  const LayerPlan plan = plan_layer(arch, gemm(8, 8, 8));
  EXPECT_EQ(bytes_of(plan, A), 0);
  EXPECT_EQ(bytes_of(plan, B), 64);
  EXPECT_TRUE(plan.outputs.empty());
  for (const FoldTiles& f : plan.folds) {
    EXPECT_EQ(f.load[kInput], -1);
    EXPECT_GE(f.load[kWeight], 0);
    EXPECT_EQ(f.output, -1);
    EXPECT_FALSE(f.first_of_output || f.last_of_output);
  }
}

TEST(TilePlan, ATileThatDoesNotFitNamesTheKeyAndTheSizeNeeded) {
  // 32x32 WS, K = N = 32: the weight tile is 32 x 32 = 1 KiB; twice that
  // with double buffering does not fit filter_kib = 1; once does.
  Architecture arch;
  arch.array.dataflow = Dataflow::WS;
  arch.sram.filter_kib = 1;
  try {
    plan_layer(arch, gemm(1, 32, 32));
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "sram.filter_kib = 1 is too small for layer 'g' (M=1, N=32, K=32): the weight (B) tile twice "
              "(sram.double_buffer) needs 2 KiB; expected sram.filter_kib >= 2");
  }
  arch.sram.double_buffer = false;
  EXPECT_NO_THROW(plan_layer(arch, gemm(1, 32, 32)));
}

TEST(TilePlan, BanksThatCannotFeedTheArrayAreRefused) {
  // 32x32, 8-bit: each edge reads 32 bytes = 2 words of 16 bytes per cycle.
  Architecture arch;
  arch.sram.banks = 1;
  try {
    check_sram(arch);
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()),
              "sram.banks = 1 x sram.ports = 1 give 1 accesses of sram.bank_width_bytes = 16 per cycle, but the "
              "array reads 2 per cycle from the ifmap buffer (west edge); expected sram.banks * sram.ports >= 2");
  }
  arch.sram.ports = 2;
  EXPECT_NO_THROW(check_sram(arch));
  // Weights in the unified buffer: it feeds both edges, 4 words per cycle.
  arch.sram.ifmap_kib = arch.sram.ofmap_kib = arch.sram.filter_kib = 0;
  arch.sram.unified_kib = 256;
  EXPECT_THROW(check_sram(arch), UserError);
  arch.sram.banks = 2;
  EXPECT_NO_THROW(check_sram(arch));
}

}  // namespace
}  // namespace sasim::sysc
