#include "sasim/config/array_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "sasim/support/error.hpp"

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
    throw UserError(fmt::format("array acc_width = {}: expected {}..64 (at least twice in_width = {})",
                                acc_width, 2 * in_width, in_width));
  }
}

bool ArrayConfig::operator==(const ArrayConfig& o) const {
  return rows == o.rows && cols == o.cols && in_width == o.in_width && acc_width == o.acc_width &&
         dataflow == o.dataflow;
}

Dataflow parse_dataflow(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (lower == "ws") return Dataflow::WS;
  if (lower == "os") return Dataflow::OS;
  if (lower == "is") return Dataflow::IS;
  throw UserError(fmt::format("dataflow '{}': expected ws, os or is", text));
}

const char* to_string(Dataflow dataflow) {
  switch (dataflow) {
    case Dataflow::WS: return "ws";
    case Dataflow::OS: return "os";
    case Dataflow::IS: return "is";
  }
  return "?";
}

}  // namespace sasim
