#pragma once
// Integer arithmetic shared by the mapping, the engines and the cost models.
#include <cstdint>

namespace sasim {

// ceil(a / b) for a >= 0, b > 0: tiles of b that cover a.
constexpr std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

}  // namespace sasim
