#pragma once
// The analytic engine (`--engine analytic`): closed-form per-layer estimates
// in microseconds, for sweeps of many thousands of points. docs/analytic.md
// gives the model, its assumptions and where it departs from the platform.
//
//  - compute: the matrix unit's exact cycles for the layer's fold sequence
//    with all data on chip, from the fold recurrence of docs/matrix-unit.md
//    (FoldTimer), run period by period and extrapolated once periodic: equal
//    to what the model engine gives for the unit alone.
//  - memory: DRAM bytes from a blocked loop nest whose blocks fit the SRAM
//    budget (operands re-read when they do not fit), over an effective DRAM
//    bandwidth given by the caller.
//  - layer: compute and memory overlap with double buffering (the slower one
//    bounds the layer, plus the first block's load), serialise without it.
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/config/architecture.hpp"
#include "sasim/cost/roofline.hpp"
#include "sasim/workload/gemm.hpp"

namespace sasim {

// Cycles of `repeat` back-to-back copies of the GEMM's fold sequence on the
// array from reset, every fold available at cycle 0 (last output cycle + 1).
// Exact: the same number the model unit gives for make_folds(config, shape)
// repeated `repeat` times. Cost grows with the period (K tiles), not with the
// number of folds.
std::int64_t analytic_compute_cycles(const ArrayConfig& config, const GemmShape& shape, std::int64_t repeat);

// The same for a sequence of segments, each `count` back-to-back copies of
// one GEMM's folds, all in one stream (a layer cut into chunks).
struct ComputeSegment {
  GemmShape shape;
  std::int64_t count = 1;
  // OS only, > 0: K is cut into chunks of this many (blocking.hpp): each
  // output tile runs one fold per chunk, back to back.
  std::int64_t os_k_chunk = 0;
};
std::int64_t analytic_compute_cycles(const ArrayConfig& config, const std::vector<ComputeSegment>& segments);

// How one GEMM instance is blocked for the SRAM budget and what it moves.
struct TrafficEstimate {
  std::int64_t a_passes = 0;           // times A is read from DRAM
  std::int64_t b_passes = 0;           // times B is read from DRAM
  std::int64_t dram_read_bytes = 0;    // A and B reads
  std::int64_t dram_write_bytes = 0;   // C, written once at in_width bits per element
  std::int64_t first_block_bytes = 0;  // bytes loaded before the first fold can start
  std::int64_t last_write_bytes = 0;   // bytes written after the last fold ends
  // WS/IS: the streamed dimension (M or N) cut into chunks of this many
  // elements so that partial sums and stream tiles fit; OS: never cut.
  std::int64_t chunk = 0, chunks = 1;
  std::int64_t folds = 0;  // the instance's folds, SRAM chunks included
};

// The platform's blocking (blocking.hpp: least DRAM traffic) and its tile
// schedule (tile_schedule.hpp), counted in closed form: the same loads and
// writes the platform's tile plan makes from a walk of that schedule. Operands are in_width bits per
// element; partial sums of K tiles (WS/IS) stay in the accumulator SRAM at
// acc_width bits; C leaves at in_width bits (requantised, as TPU v1's
// activation unit does). With double buffering each buffer holds two
// blocks. Throws UserError naming the sram key when a tile does not fit.
TrafficEstimate estimate_traffic(const Architecture& arch, const GemmShape& shape);

// The same with the distinct bytes of A, B and C given: a convolution's A is
// its feature map, not the M x K im2col matrix (workload.hpp,
// operand_elements), and operands that stay on chip between layers are 0.
struct OperandBytes {
  std::int64_t a = 0, b = 0, c = 0;
};
TrafficEstimate estimate_traffic(const Architecture& arch, const GemmShape& shape, const OperandBytes& bytes);

enum class Bound { Compute, Memory };
const char* to_string(Bound bound);  // "compute" | "memory"

struct AnalyticLayer {
  std::int64_t compute_cycles = 0;  // matrix unit alone, data on chip
  std::int64_t memory_cycles = 0;   // DRAM bytes / effective bandwidth
  std::int64_t cycles = 0;          // the layer, array clock
  std::int64_t stall_cycles = 0;    // cycles - compute_cycles: waiting for memory
  std::int64_t dram_read_bytes = 0;
  std::int64_t dram_write_bytes = 0;
  std::int64_t folds = 0;  // folds the layer runs, SRAM chunks included
  Bound bound = Bound::Compute;
};

// One layer of `repeat` independent GEMM instances (groups of a grouped
// convolution, heads of an attention MatMul). dram_bytes_per_cycle is the
// sustained DRAM bandwidth in bytes per array cycle (after interconnect and
// DRAM efficiency; must be > 0).
AnalyticLayer analyze_gemm(const Architecture& arch, const GemmShape& shape, std::int64_t repeat,
                           double dram_bytes_per_cycle);
// With the per-instance operand bytes given (see estimate_traffic).
AnalyticLayer analyze_gemm(const Architecture& arch, const GemmShape& shape, std::int64_t repeat,
                           const OperandBytes& bytes, double dram_bytes_per_cycle);

// The layer's cycles from its compute and memory cycles and the bytes no
// overlap can hide: loaded before the first fold, written after the last.
AnalyticLayer combine(const Architecture& arch, std::int64_t compute_cycles, std::int64_t read_bytes,
                      std::int64_t write_bytes, std::int64_t exposed_bytes, double dram_bytes_per_cycle);

}  // namespace sasim
