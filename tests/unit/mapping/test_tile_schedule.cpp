// The tile schedule (tile_schedule.hpp) that the platform's tile plan walks
// and the analytic engine counts: on GEMMs small enough to count by hand,
// the walk makes the loads, folds, chunks and writes derived below, and the
// closed forms the analytic engine uses (schedule_folds, tile_passes, the
// first and last tiles) equal what a counting visitor sees on the walk.
#include <gtest/gtest.h>

#include <vector>

#include "sasim/mapping/dataflow.hpp"
#include "sasim/mapping/tile_schedule.hpp"

namespace sasim {
namespace {

ArrayConfig array_4x4(Dataflow dataflow) {
  return ArrayConfig{4, 4, 8, 32, dataflow};
}

// What a consumer of the walk sees: a load whenever an operand's tile key
// changes (as the tile plan loads), C written at the end of each group.
struct Counts {
  std::int64_t folds = 0, chunks = 0;
  std::array<std::int64_t, 3> loads{}, elements{};  // per operand: loads (C: writes), elements moved
  std::int64_t firsts = 0;
  std::vector<Box> chunk_boxes;
  Box first_tile[2], last_output;
};

Counts count(const TileSchedule& s) {
  Counts n;
  std::array<std::int64_t, 2> last_key{-1, -1};
  walk_tiles(s, [&](const FoldStep& step) {
    if (n.folds == 0) n.first_tile[kInput] = step.tile[kInput], n.first_tile[kWeight] = step.tile[kWeight];
    ++n.folds;
    if (step.new_chunk) {
      ++n.chunks;
      n.chunk_boxes.push_back(step.chunk);
    }
    for (const Operand op : {kInput, kWeight}) {
      if (step.key[op] == last_key[op]) continue;
      last_key[op] = step.key[op];
      ++n.loads[op];
      n.elements[op] += step.tile[op].elements(op);
    }
    n.firsts += step.first_of_output;
    if (step.last_of_output) {
      ++n.loads[kOutput];
      n.elements[kOutput] += step.tile[kOutput].elements(kOutput);
      n.last_output = step.tile[kOutput];
    }
  });
  return n;
}

TEST(TileSchedule, WeightStationaryChunksStreamAndReloadB) {
  // 4x4 WS, M = 10, N = 6, K = 9, chunks of 4 rows of M: loops M (4, 4, 2:
  // 3 chunks) > N (4, 2: 2 tiles) > K (4, 4, 1: 3 tiles), 18 folds. A's K
  // tiles change every fold: 18 loads, 2 passes (one per N tile); B's
  // tiles too: 18 loads, 3 passes (one per chunk). 6 output tiles, one
  // write each; the last is rows 8..9 x columns 4..5.
  const TileSchedule s = tile_schedule(array_4x4(Dataflow::WS), GemmShape{10, 6, 9}, 4, false, false);
  const Counts n = count(s);
  EXPECT_EQ(n.folds, 18);
  EXPECT_EQ(schedule_folds(s), 18);
  EXPECT_EQ(n.loads, (std::array<std::int64_t, 3>{18, 18, 6}));
  EXPECT_EQ(n.elements, (std::array<std::int64_t, 3>{2 * 90, 3 * 54, 60}));
  EXPECT_EQ(tile_passes(s, kInput), 2);
  EXPECT_EQ(tile_passes(s, kWeight), 3);
  EXPECT_EQ(tile_passes(s, kOutput), 1);
  EXPECT_EQ(n.firsts, 6);
  EXPECT_EQ(n.last_output.elements(kOutput), 2 * 2);
  // Three chunks: M rows 0, 4, 8 (the last 2 high), all of N and K each.
  ASSERT_EQ(n.chunks, 3);
  EXPECT_EQ(n.chunk_boxes[2].lo, (std::array<std::int64_t, 3>{8, 0, 0}));
  EXPECT_EQ(n.chunk_boxes[2].len, (std::array<std::int64_t, 3>{2, 6, 9}));
  EXPECT_EQ(n.first_tile[kInput].elements(kInput), 4 * 4);
  EXPECT_EQ(n.first_tile[kWeight].elements(kWeight), 4 * 4);
}

TEST(TileSchedule, WeightStationaryPanelsAndBands) {
  // The same GEMM with A panels (4 rows x all 9 of K: one load per chunk,
  // one pass) and C in row bands (4 x 6, one write per chunk; the last 2 x 6).
  const TileSchedule s = tile_schedule(array_4x4(Dataflow::WS), GemmShape{10, 6, 9}, 4, true, true);
  const Counts n = count(s);
  EXPECT_EQ(n.loads, (std::array<std::int64_t, 3>{3, 18, 3}));
  EXPECT_EQ(n.elements, (std::array<std::int64_t, 3>{90, 3 * 54, 60}));
  EXPECT_EQ(tile_passes(s, kInput), 1);
  EXPECT_EQ(tile_passes(s, kWeight), 3);
  EXPECT_EQ(n.firsts, 3);
  EXPECT_EQ(n.first_tile[kInput].elements(kInput), 4 * 9);
  EXPECT_EQ(n.last_output.elements(kOutput), 2 * 6);
  EXPECT_EQ(operand_tile(s, kOutput, last_index(s)).elements(kOutput), 2 * 6);
}

TEST(TileSchedule, InputStationaryChunksN) {
  // 4x4 IS, M = 6, N = 10, K = 5, chunks of 4 columns of N: loops N (3
  // chunks) > M (4, 2: 2 tiles) > K (4, 1: 2 tiles), 12 folds. Stationary
  // A comes back per chunk: 12 loads of its 4 tiles, 3 passes. B's K tiles
  // change every fold: 2 passes (one per M tile). C: one write per (chunk,
  // M tile); row bands do not apply (N is the stream).
  const TileSchedule s = tile_schedule(array_4x4(Dataflow::IS), GemmShape{6, 10, 5}, 4, false, true);
  const Counts n = count(s);
  EXPECT_EQ(n.folds, 12);
  EXPECT_EQ(n.loads, (std::array<std::int64_t, 3>{12, 12, 6}));
  EXPECT_EQ(n.elements, (std::array<std::int64_t, 3>{3 * 30, 2 * 50, 60}));
  EXPECT_EQ(tile_passes(s, kInput), 3);
  EXPECT_EQ(tile_passes(s, kWeight), 2);
  EXPECT_EQ(n.chunks, 3);
  // The last output tile: M rows 4..5 x the last chunk's 2 columns.
  EXPECT_EQ(n.last_output.elements(kOutput), 2 * 2);
  // With B panels (all of K per chunk) B is read once: 3 loads.
  const TileSchedule panel = tile_schedule(array_4x4(Dataflow::IS), GemmShape{6, 10, 5}, 4, true, false);
  EXPECT_EQ(count(panel).loads[kWeight], 3);
  EXPECT_EQ(tile_passes(panel, kWeight), 1);
}

TEST(TileSchedule, OutputStationaryKChunksRunBackToBack) {
  // 4x4 OS, M = 6, N = 10, K = 7, K chunks of 3: loops M (2 tiles) > N (3
  // tiles) > K (3, 3, 1: 3 chunks), 18 folds, each its own chunk. A tiles
  // (M, K) change every fold: 3 passes (one per N tile); B tiles too: 2
  // passes (one per M tile). 6 output tiles, each over 3 folds.
  const TileSchedule s = tile_schedule(array_4x4(Dataflow::OS), GemmShape{6, 10, 7}, 3, false, false);
  const Counts n = count(s);
  EXPECT_EQ(n.folds, 18);
  EXPECT_EQ(n.chunks, 18);
  EXPECT_EQ(n.loads, (std::array<std::int64_t, 3>{18, 18, 6}));
  EXPECT_EQ(tile_passes(s, kInput), 3);
  EXPECT_EQ(tile_passes(s, kWeight), 2);
  EXPECT_EQ(n.chunk_boxes[1].lo, (std::array<std::int64_t, 3>{0, 0, 3}));
  EXPECT_EQ(n.chunk_boxes[1].len, (std::array<std::int64_t, 3>{4, 4, 3}));
  // All of K in one chunk: an A panel serves the 3 N tiles of its M tile
  // (2 loads, 1 pass), B blocks alternate (6 loads, 2 passes), one chunk.
  const TileSchedule whole = tile_schedule(array_4x4(Dataflow::OS), GemmShape{6, 10, 7}, 7, false, false);
  const Counts w = count(whole);
  EXPECT_EQ(w.loads, (std::array<std::int64_t, 3>{2, 6, 6}));
  EXPECT_EQ(tile_passes(whole, kInput), 1);
  EXPECT_EQ(tile_passes(whole, kWeight), 2);
  EXPECT_EQ(w.chunks, 1);
  // A single N tile: its B block stays for both M tiles.
  EXPECT_EQ(tile_passes(tile_schedule(array_4x4(Dataflow::OS), GemmShape{6, 4, 7}, 7, false, false), kWeight), 1);
}

TEST(TileSchedule, ClosedFormsEqualTheWalk) {
  // Every dataflow, chunking, panel and band choice on small shapes: the
  // counts the analytic engine takes from the closed forms are the walk's.
  for (const Dataflow d : {Dataflow::WS, Dataflow::IS, Dataflow::OS}) {
    const ArrayConfig c{4, 3, 8, 32, d};
    const DataflowTraits& t = dataflow_traits(d);
    for (const GemmShape& shape : {GemmShape{1, 1, 1}, GemmShape{9, 7, 5}, GemmShape{4, 3, 13}, GemmShape{13, 2, 8}}) {
      for (std::int64_t chunk = 1; chunk <= extent(shape, t.stream); ++chunk) {
        for (const bool panel : {false, true}) {
          for (const bool bands : {false, true}) {
            const TileSchedule s = tile_schedule(c, shape, chunk, panel, bands);
            SCOPED_TRACE(testing::Message()
                         << to_string(d) << " M=" << shape.m << " N=" << shape.n << " K=" << shape.k << " chunk "
                         << chunk << (panel ? " panel" : "") << (bands ? " bands" : ""));
            const Counts n = count(s);
            EXPECT_EQ(n.folds, schedule_folds(s));
            EXPECT_EQ(n.elements[kInput], tile_passes(s, kInput) * shape.m * shape.k);
            EXPECT_EQ(n.elements[kWeight], tile_passes(s, kWeight) * shape.k * shape.n);
            EXPECT_EQ(n.elements[kOutput], shape.m * shape.n);  // every element of C leaves once
            EXPECT_EQ(n.firsts, n.loads[kOutput]);
            EXPECT_EQ(n.first_tile[kInput].elements(kInput), operand_tile(s, kInput, first_index(s)).elements(kInput));
            EXPECT_EQ(n.last_output.elements(kOutput), operand_tile(s, kOutput, last_index(s)).elements(kOutput));
          }
        }
      }
    }
  }
}

TEST(DataflowTraits, OneStationaryOperandAndTheEdgesItFeeds) {
  EXPECT_EQ(dataflow_traits(Dataflow::WS).stationary, kWeight);
  EXPECT_EQ(dataflow_traits(Dataflow::IS).stationary, kInput);
  EXPECT_FALSE(dataflow_traits(Dataflow::OS).has_stationary);
  EXPECT_EQ(dataflow_traits(Dataflow::WS).stream, kM);
  EXPECT_EQ(dataflow_traits(Dataflow::IS).stream, kN);
  EXPECT_EQ(dataflow_traits(Dataflow::OS).stream, kK);
  EXPECT_EQ(dataflow_traits(Dataflow::IS).north, kInput);
  EXPECT_EQ(dataflow_traits(Dataflow::OS).north, kWeight);
  // A fold covers rows x cols of the two tiled dimensions and all of the stream.
  const ArrayConfig c{4, 3, 8, 32, Dataflow::IS};
  const GemmShape shape{10, 20, 30};
  EXPECT_EQ(fold_tile(c, shape, kK), 4);
  EXPECT_EQ(fold_tile(c, shape, kM), 3);
  EXPECT_EQ(fold_tile(c, shape, kN), 20);
}

}  // namespace
}  // namespace sasim
