#include "sasim/unit/cycle_formula.hpp"

#include <algorithm>

namespace sasim {

std::optional<std::int64_t> closed_form_cycles(const ArrayConfig& config, const std::vector<Fold>& folds) {
  if (folds.empty()) return std::nullopt;
  const Fold& first = folds.front();
  for (const Fold& f : folds) {
    if (f.avail != 0 || f.north_beats != first.north_beats || f.west_beats != first.west_beats) return std::nullopt;
  }
  const std::int64_t R = config.rows, C = config.cols, F = std::int64_t(folds.size());
  const std::int64_t T = first.west_beats, K = first.north_beats;
  if (config.dataflow == Dataflow::OS) {
    // Streams back to back unless a fold is shorter than its drain (T < R).
    return T + (F - 1) * std::max(T, R) + 2 * R + C - 2;
  }
  // WS/IS: preload K, stream T, latency R + C - 1. Folds stream back to back
  // when a stream covers the next-but-one preload's wait for its bank.
  if (F == 1 || T >= R + C + K - 2) return K + F * T + R + C - 1;
  return std::nullopt;
}

std::int64_t scalesim_cycles(const ArrayConfig& config, const std::vector<Fold>& folds) {
  std::int64_t total = 0;
  for (const Fold& f : folds) total += 2 * std::int64_t{config.rows} + config.cols + f.west_beats - 2;
  return total;
}

}  // namespace sasim
