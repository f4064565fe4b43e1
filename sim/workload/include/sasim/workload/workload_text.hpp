#pragma once
// Layer names shared by the workload readers (specs, SCALE-Sim CSV, ONNX,
// the transformer generator): names that stay plain in CSV. The general text
// helpers (quoting, splitting, integers) are in sasim/support/text.hpp.
#include <cstddef>
#include <string>

#include "sasim/support/text.hpp"

namespace sasim {

inline constexpr std::size_t kMaxNameLength = 64;

// Names end up unquoted in layers.csv and the report table: 1..64 letters,
// digits, '_', '-', '.'.
bool valid_name(const std::string& name);

// A valid name made from any text (ONNX node names such as "/layer1/Conv"):
// other characters become '_', leading ones dropped, long names keep their tail.
std::string plain_name(const std::string& text, const std::string& fallback);

}  // namespace sasim
