#pragma once
// Closed-form cycle counts from docs/matrix-unit.md, for the fold sequences
// where one exists (the FoldTimer recurrence covers every sequence). Tests
// hold the RTL, the model and the recurrence to these.
#include <cstdint>
#include <optional>
#include <vector>

#include "sasim/config/array_config.hpp"
#include "sasim/mapping/fold.hpp"

namespace sasim {

// Total cycles of back-to-back folds available at cycle 0, if they are
// uniform (same north and west beat counts) and in a regime with a closed
// form; std::nullopt otherwise.
std::optional<std::int64_t> closed_form_cycles(const ArrayConfig& config, const std::vector<Fold>& folds);

// SCALE-Sim v2's per-fold charge, 2R + C + T - 2, summed over the folds.
std::int64_t scalesim_cycles(const ArrayConfig& config, const std::vector<Fold>& folds);

}  // namespace sasim
