#pragma once
// Integer arithmetic shared by the mapping, the engines and the cost models.
#include <cstdint>

#include "sasim/support/error.hpp"

namespace sasim {

// ceil(a / b) for a >= 0, b > 0: tiles of b that cover a.
constexpr std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

// a*b and a+b of a layer's byte or fold counts, or a UserError when the
// result leaves int64 (absurd layers).
inline std::int64_t layer_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw UserError("layer too large: its byte count does not fit in 64 bits");
  return r;
}
inline std::int64_t layer_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw UserError("layer too large: its byte count does not fit in 64 bits");
  return r;
}

}  // namespace sasim
