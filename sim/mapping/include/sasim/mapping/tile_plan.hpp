#pragma once
// The tile plan of one GEMM layer on the platform, built from the walk of
// its tile schedule (tile_schedule.hpp), one walk per repeat: for each fold
// (in mapping.cpp's order) which operand tiles it needs in SRAM, which DMA
// transfer brings each one from DRAM (row-major A[M x K], B[K x N],
// C[M x N] in DRAM), when a tile's SRAM region is free again, and which
// output tile the fold accumulates into. A tile that the previous load of
// the same operand already holds is reused, not loaded again.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/config/architecture.hpp"
#include "sasim/mapping/dataflow.hpp"
#include "sasim/mapping/fold.hpp"
#include "sasim/mapping/transfer.hpp"
#include "sasim/workload/gemm.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {

struct TileLoad {
  Operand operand;
  std::int64_t index;      // among this operand's loads (slot = index % slots)
  std::int64_t last_user;  // last fold reading it
  Transfer2D transfer;
};

struct FoldTiles {
  std::array<std::int64_t, 2> load{-1, -1};  // index into LayerPlan::loads of the tile each operand reads; -1: on chip
  std::array<bool, 2> stationary{};          // the operand is preloaded on north (freed at NorthLast)
  std::int64_t output = 0;                   // output group (LayerPlan::outputs); -1: C stays on chip
  bool first_of_output = false, last_of_output = false;
};

// A layer whose streamed dimension (M for WS, N for IS) makes tiles larger
// than the SRAM is cut into chunks along it; an OS layer whose K does, into
// one chunk per output tile and K chunk. Each chunk is a GEMM of its own for
// mapping.cpp (A[m0.., k0..] x B[k0.., n0..]), their folds run back to back,
// and chunks that share output elements add up in the accumulator.
struct Chunk {
  GemmShape shape;
  std::int64_t m0 = 0, n0 = 0, k0 = 0;  // where the chunk sits in the layer's GEMM
  std::size_t folds = 0;
};

struct LayerPlan {
  std::vector<Chunk> chunks;
  std::vector<TileLoad> loads;  // in issue order (the fold order; stationary operand first)
  std::vector<FoldTiles> folds;
  std::vector<Transfer2D> outputs;  // write-back of each output group, in completion order; none if C stays on chip
  std::array<int, 2> slots{1, 1};   // SRAM regions per operand
  int output_slots = 1;
  // Words per cycle the array reads from each operand's buffer while it
  // streams the operand (full array width: the bank check's worst case).
  std::array<std::int64_t, 2> words_per_cycle{};
};

// Throws UserError naming the sram key when a tile (double-buffered if
// sram.double_buffer) does not fit its buffer, or when the banks cannot feed
// the array one beat per cycle.
LayerPlan plan_layer(const Architecture& arch, const Layer& layer);

// The layer's folds (every chunk's, in order), with data if operands is given.
std::vector<Fold> layer_folds(const ArrayConfig& config, const LayerPlan& plan, const GemmShape& shape,
                              const GemmOperands* operands);
// C (m x n) from the folds' outputs.
std::vector<std::int64_t> layer_output(const ArrayConfig& config, const LayerPlan& plan, const GemmShape& shape,
                                       const std::vector<std::vector<std::int64_t>>& outputs);

// Throws UserError naming the sram key when the SRAM geometry is not
// positive or its banks cannot feed the array one beat per cycle.
void check_sram(const Architecture& arch);

}  // namespace sasim
