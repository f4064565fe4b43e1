#include "sasim/unit/matrix_unit.hpp"

#include <fmt/format.h>

#include "sasim/support/enum_table.hpp"
#include "sasim/support/error.hpp"

namespace sasim {

namespace {
constexpr EnumTable<UnitKind, 2> kUnitKinds{{{UnitKind::Model, "model"}, {UnitKind::Rtl, "rtl"}}};
}  // namespace

const char* to_string(UnitKind kind) {
  return enum_name(kUnitKinds, kind);
}

void check_folds(const ArrayConfig& config, const std::vector<Fold>& folds) {
  for (std::size_t f = 0; f < folds.size(); ++f) {
    const Fold& fold = folds[f];
    const bool os = config.dataflow == Dataflow::OS;
    if (fold.west_beats < 1) {
      throw UserError(fmt::format("fold {}: west_beats = {}: expected >= 1", f, fold.west_beats));
    }
    if (os ? fold.north_beats != fold.west_beats : (fold.north_beats < 1 || fold.north_beats > config.rows)) {
      throw UserError(fmt::format("fold {}: north_beats = {}: expected {}", f, fold.north_beats,
                                  os ? fmt::format("{} (OS joins the channels)", fold.west_beats)
                                     : fmt::format("1..{} (array rows)", config.rows)));
    }
    if (fold.avail < 0) throw UserError(fmt::format("fold {}: avail = {}: expected >= 0", f, fold.avail));
    const bool has_north = !fold.north.empty(), has_west = !fold.west.empty();
    if (has_north != has_west || (has_north && (fold.north.size() != std::size_t(fold.north_beats) * config.cols ||
                                                fold.west.size() != std::size_t(fold.west_beats) * config.rows))) {
      throw UserError(fmt::format("fold {}: beat data must be empty or exactly beats x lanes", f));
    }
  }
}

}  // namespace sasim
