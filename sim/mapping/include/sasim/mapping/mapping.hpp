#pragma once
// Maps a GEMM onto the matrix unit: cuts it into folds (docs/matrix-unit.md,
// "Mapping a GEMM") and reassembles C from the folds' output beats, adding
// the partial sums of K tiles as the accumulator memory does.
#include <cstdint>
#include <vector>

#include "sasim/config/array_config.hpp"
#include "sasim/mapping/fold.hpp"
#include "sasim/workload/gemm.hpp"

namespace sasim {

struct FoldPlan {
  std::int64_t count = 0;     // number of folds
  std::int64_t pe_slots = 0;  // sum over folds of rows*cols*streamed beats
  std::int64_t stream_beats = 0;
};

// Fold count and PE-slot total without building the folds.
FoldPlan plan_folds(const ArrayConfig& config, const GemmShape& shape);

// Folds in execution order. With operands, beats carry data; without, the
// folds are timing-only.
std::vector<Fold> make_folds(const ArrayConfig& config, const GemmShape& shape, const GemmOperands* operands);

// C (m x n) from the folds' outputs, K-tile partial sums added and wrapped.
std::vector<std::int64_t> assemble_output(const ArrayConfig& config, const GemmShape& shape,
                                          const std::vector<std::vector<std::int64_t>>& outputs);

}  // namespace sasim
