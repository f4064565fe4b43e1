#pragma once
// What a layer did that costs energy, counted by role so that an engine need
// not know how the architecture lays out its buffers: the energy model
// charges each role to the SRAM macro that holds it (energy_model.hpp).
// Counts are doubles: a legal layer (M = N = K = 2^31-1) moves more than
// 2^63 bytes in total.
#include <cstdint>

#include "sasim/config/array_config.hpp"
#include "sasim/workload/gemm.hpp"

namespace sasim {

struct BufferTraffic {
  double read_bytes = 0;
  double write_bytes = 0;
};

struct ActionCounts {
  double macs = 0;
  double vector_ops = 0;      // element operations of the vector unit (vector layers)
  BufferTraffic ifmap;        // operand A (activations): filled from DRAM, read by the array
  BufferTraffic filter;       // operand B (weights)
  BufferTraffic ofmap;        // results: written by the array, read out to DRAM
  BufferTraffic accumulator;  // partial sums of K tiles (WS/IS): written and read back
  double dram_read_bytes = 0;
  double dram_write_bytes = 0;
  double interconnect_bytes = 0;  // bytes crossing the DMA <-> DRAM link, both directions
  // True when an engine counted the accesses; false for the first-order
  // estimate below (what `sasim run` has until the platform engine counts).
  bool measured = false;
};

// First-order counts for C[MxN] = A[MxK] * B[KxN] from the fold structure of
// docs/matrix-unit.md ("A fold"): every operand crosses DRAM once (A and B in,
// C out at acc_width bits); the streamed operand is read once per fold
// column/row it meets, the stationary one once; WS/IS write one partial sum
// per output per K tile into the accumulator and read all but the first back.
ActionCounts operand_action_counts(const ArrayConfig& array, const GemmShape& shape);

// First-order counts of a vector layer (docs/workloads.md): one operation per
// element on the vector unit, each element read from the activation buffer
// and its result written back (ifmap role, in_width bits each). Its DRAM
// traffic, if any, is the engine's (activations that stay on chip move none).
ActionCounts vector_action_counts(const ArrayConfig& array, std::int64_t elements);

}  // namespace sasim
