#pragma once
// The tile schedule of one GEMM instance: the one loop nest that both the
// platform's tile plan (tile_plan.hpp, which turns each step into DMA
// transfers) and the analytic engine (analytic_memory.cpp, which counts it
// in closed form) read, so they agree on bytes and folds by construction
// (docs/platform.md, "Blocking" and "Tile schedule").
//
// Three loops, one per GEMM dimension, in the dataflow's order
// (dataflow.hpp): the array's rows and columns step two of them, the SRAM
// blocking's chunk the stream dimension. Each iteration of the innermost
// loop is a fold. An operand's tile in a fold is the fold's box projected
// onto the operand's two dimensions, widened to the whole extent where the
// blocking keeps a panel (the streamed operand's whole K) or a row band (C
// across all N). Consecutive folds whose tiles of an operand have the same
// key use the same tile: loaded (or, for C, written) once.
#include <array>
#include <cstdint>

#include "sasim/config/array_config.hpp"
#include "sasim/mapping/dataflow.hpp"
#include "sasim/workload/gemm.hpp"

namespace sasim {

// A part of the GEMM's iteration space, per Dim: [lo, lo + len).
struct Box {
  std::array<std::int64_t, 3> lo{}, len{};
  std::int64_t elements(Operand operand) const;  // of its projection on the operand
  GemmShape shape() const { return GemmShape{len[kM], len[kN], len[kK]}; }
};

struct TileLoop {
  Dim dim = kM;
  std::int64_t step = 1, trips = 1;
};

struct TileSchedule {
  GemmShape shape;
  std::array<TileLoop, 3> loops;               // outermost first
  std::array<std::array<bool, 3>, 3> whole{};  // whole[operand][dim]: its tiles span all of dim
  int stream_level = 0;                        // the loop over the stream dimension's chunks
};

// `chunk`: elements of the stream dimension per chunk; `stream_panel`: the
// streamed operand's tiles span all of K (WS, IS); `output_rows`: C leaves
// in row bands across all N (unless N is the stream dimension, IS).
TileSchedule tile_schedule(const ArrayConfig& config, const GemmShape& shape, std::int64_t chunk, bool stream_panel,
                           bool output_rows);

using LoopIndex = std::array<std::int64_t, 3>;  // per loop level

// The operand's tile varies with this loop level.
bool tile_depends(const TileSchedule& schedule, Operand operand, int level);
Box fold_box(const TileSchedule& schedule, const LoopIndex& index);
Box operand_tile(const TileSchedule& schedule, Operand operand, const LoopIndex& index);
// Equal keys within one instance: the same tile.
std::int64_t tile_key(const TileSchedule& schedule, Operand operand, const LoopIndex& index);

// Closed forms of the walk below (tests/unit/mapping/test_tile_schedule.cpp
// checks them against it): folds per instance, and how often the walk
// loads every tile of an operand (a key change reloads it; C: 1).
std::int64_t schedule_folds(const TileSchedule& schedule);
std::int64_t tile_passes(const TileSchedule& schedule, Operand operand);
LoopIndex first_index(const TileSchedule& schedule);
LoopIndex last_index(const TileSchedule& schedule);

struct FoldStep {
  LoopIndex index;
  Box box;                  // the fold's part of the GEMM
  std::array<Box, 3> tile;  // of A, B and C
  std::array<std::int64_t, 3> key;
  // The fold starts a run of folds that mapping.cpp builds as one GEMM
  // (the stream index changed): `chunk` is that GEMM's part of the layer's.
  bool new_chunk = false;
  Box chunk;
  bool first_of_output = false, last_of_output = false;  // C's accumulation group starts / ends
};

// Every fold of one instance, in execution order.
template <class Visit>
void walk_tiles(const TileSchedule& s, Visit&& visit);

bool first_of_output(const TileSchedule& schedule, const LoopIndex& index);
bool last_of_output(const TileSchedule& schedule, const LoopIndex& index);
bool starts_chunk(const TileSchedule& schedule, const LoopIndex& index);
Box chunk_box(const TileSchedule& schedule, const LoopIndex& index);

template <class Visit>
void walk_tiles(const TileSchedule& s, Visit&& visit) {
  FoldStep step;
  LoopIndex& i = step.index;
  for (i[0] = 0; i[0] < s.loops[0].trips; ++i[0]) {
    for (i[1] = 0; i[1] < s.loops[1].trips; ++i[1]) {
      for (i[2] = 0; i[2] < s.loops[2].trips; ++i[2]) {
        step.new_chunk = starts_chunk(s, i);
        if (step.new_chunk) step.chunk = chunk_box(s, i);
        step.box = fold_box(s, i);
        for (const Operand op : {kInput, kWeight, kOutput}) {
          step.tile[op] = operand_tile(s, op, i);
          step.key[op] = tile_key(s, op, i);
        }
        step.first_of_output = first_of_output(s, i);
        step.last_of_output = last_of_output(s, i);
        visit(static_cast<const FoldStep&>(step));
      }
    }
  }
}

}  // namespace sasim
