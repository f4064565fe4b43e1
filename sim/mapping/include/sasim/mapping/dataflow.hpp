#pragma once
// What distinguishes the three dataflows, in one place: which operand stays
// in the PEs, which GEMM dimension streams through the array beat by beat,
// how a fold's tile is cut from the others, and in which order the tile
// loop nest visits them. The fold builder (mapping.cpp), the SRAM blocking
// (blocking.cpp), the tile schedule (tile_schedule.hpp) and the platform's
// tile plan read these traits instead of testing the dataflow themselves
// (docs/matrix-unit.md, "Mapping a GEMM"; docs/platform.md, "Blocking").
#include <array>
#include <cstdint>

#include "sasim/config/array_config.hpp"
#include "sasim/workload/gemm.hpp"

namespace sasim {

// A (M x K) lives in the ifmap buffer, B (K x N) in the filter buffer, C
// (M x N) leaves through the output buffer.
enum Operand : int { kInput = 0, kWeight = 1, kOutput = 2 };
enum Dim : int { kM = 0, kN = 1, kK = 2 };

struct DataflowTraits {
  // Streams through the array, one beat per element: M for WS, N for IS, K
  // for OS. The SRAM blocking cuts it into chunks when it does not fit.
  Dim stream;
  // Cut into tiles of the array's rows and of its columns per fold: WS K and
  // N, IS K and M, OS M and N.
  Dim row_dim, col_dim;
  // The fold loops of mapping.cpp, outer first: WS N then K, IS M then K,
  // OS M then N.
  Dim outer, inner;
  // The tile loop nest of one GEMM, outermost first: WS and IS run their
  // stream chunks one after the other (each a GEMM of its own); OS runs an
  // output tile's K chunks back to back, innermost.
  std::array<Dim, 3> loops;
  bool has_stationary;  // WS, IS: one operand is preloaded north and stays
  Operand stationary;   // WS B, IS A (OS: none; kOutput)
  Operand streamed;     // WS A, IS B: streamed west past the stationary tile
  Operand north;        // enters the north edge: B for WS and OS, A for IS
};

const DataflowTraits& dataflow_traits(Dataflow dataflow);

// Rows, then columns: A is M x K, B K x N, C M x N.
std::array<Dim, 2> operand_dims(Operand operand);

std::int64_t extent(const GemmShape& shape, Dim dim);
std::int64_t& extent(GemmShape& shape, Dim dim);

// How much of `dim` one fold covers: the array's rows or columns, or (the
// stream dimension) all of it.
std::int64_t fold_tile(const ArrayConfig& config, const GemmShape& shape, Dim dim);

}  // namespace sasim
