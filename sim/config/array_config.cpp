#include "sasim/config/array_config.hpp"

#include <fmt/format.h>

#include <optional>

#include "sasim/support/enum_table.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/text.hpp"

namespace sasim {

void ArrayConfig::validate() const {
  if (rows < 1 || rows > kMaxArrayDim) {
    throw UserError(fmt::format("array rows = {}: expected an integer in 1..{}", rows, kMaxArrayDim));
  }
  if (cols < 1 || cols > kMaxArrayDim) {
    throw UserError(fmt::format("array cols = {}: expected an integer in 1..{}", cols, kMaxArrayDim));
  }
  if (in_width != 8 && in_width != 16) {
    throw UserError(fmt::format("array in_width = {}: expected 8 or 16 (signed operand bits)", in_width));
  }
  if (acc_width < 2 * in_width || acc_width > 64) {
    throw UserError(fmt::format("array acc_width = {}: expected {}..64 (at least twice in_width = {})", acc_width,
                                2 * in_width, in_width));
  }
}

bool ArrayConfig::operator==(const ArrayConfig& o) const {
  return rows == o.rows && cols == o.cols && in_width == o.in_width && acc_width == o.acc_width &&
         dataflow == o.dataflow;
}

namespace {
constexpr EnumTable<Dataflow, 3> kDataflows{{{Dataflow::WS, "ws"}, {Dataflow::OS, "os"}, {Dataflow::IS, "is"}}};
}  // namespace

// Case-insensitive (SCALE-Sim configs write "WS"); the message shows the text as given.
Dataflow parse_dataflow(const std::string& text) {
  if (const std::optional<Dataflow> dataflow = find_enum(kDataflows, lower(text))) return *dataflow;
  throw UserError(fmt::format("dataflow '{}': expected {}", text, enum_choices(kDataflows)));
}

const char* to_string(Dataflow dataflow) {
  return enum_name(kDataflows, dataflow);
}

}  // namespace sasim
