#pragma once
// How one GEMM is blocked for the SRAM budget: which blocks of A, B and C
// the chip holds on chip, how often each operand crosses the DRAM interface,
// and in which shape. The choice becomes one tile schedule
// (tile_schedule.hpp) that the platform's tile plan walks and the analytic
// engine counts, so the two agree on DRAM traffic by construction
// (docs/platform.md, "Blocking").
//
// DRAM layout: A (activations, M x K) and C (M x N) are row-major, as the
// previous layer wrote them; C leaves at in_width bits (requantised by the
// activation pipeline, as TPU v1's does before the Unified Buffer). B
// (weights, K x N) is laid out offline in the order the array consumes it,
// as a compiler does for TPU v1's Weight Memory: column blocks (COLS wide
// for WS and OS, one chunk wide for IS), each row-major (K x width), so
// every weight tile is contiguous.
#include <cstdint>
#include <string>

#include "sasim/config/architecture.hpp"
#include "sasim/workload/gemm.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {

struct Blocking {
  // WS: M is cut into chunks of `chunk` rows; IS: N into chunks of `chunk`
  // columns; each chunk runs as a GEMM of its own (mapping.cpp's fold
  // order), one after the other. OS: K is cut into chunks of `chunk` when a
  // full-K A panel or B block does not fit; each output tile then runs one
  // fold per K chunk and the accumulator adds them.
  std::int64_t chunk = 0, chunks = 1;
  // WS/IS: the streamed operand's whole chunk (A[chunk rows, 0:K] for WS,
  // B[0:K, chunk columns] for IS) is one load, kept for every fold of the
  // chunk. false: one K tile of it per fold, loaded again for every outer
  // (N for WS, M for IS) tile. OS streams A row panels and B column blocks.
  bool stream_panel = false;
  // C leaves in row bands across all N columns (a WS chunk, an OS row of
  // tiles), staged in the output buffer, one contiguous write each; false:
  // one output tile at a time.
  bool output_rows = false;
  std::int64_t a_passes = 0;  // times A crosses the DRAM interface (tile_passes of the schedule)
  std::int64_t b_passes = 0;  // times B does
};

// Throws UserError naming the sram key, its value and the size needed when
// a tile cannot fit its buffer. `what` names the layer in that message.
Blocking block_gemm(const Architecture& arch, const GemmShape& shape, const std::string& what);

// Operands that stay on chip between layers and never cross the DRAM
// interface: with a unified buffer (TPU v1 keeps activations in its Unified
// Buffer) a layer's input and output activations stay when together they
// fit in half of it (the other half holds the blocks in flight). Weights
// always come from DRAM; with separate buffers, as in SCALE-Sim, every
// layer reads its input from DRAM and writes its output back.
struct Residency {
  bool a = false, b = false, c = false;
};
Residency resident_operands(const Architecture& arch, const Layer& layer);

// Bytes of one operand element in DRAM and SRAM, and of one accumulator word.
std::int64_t operand_bytes(const ArrayConfig& config);
std::int64_t accumulator_bytes(const ArrayConfig& config);

}  // namespace sasim
