#pragma once
// Two's-complement wrap-around to a given accumulator width, the arithmetic
// contract of the matrix unit (docs/matrix-unit.md, "Arithmetic").
#include <cstdint>

namespace sasim {

// The value of the low `bits` bits of x read as a signed number (1..64 bits).
inline std::int64_t wrap_signed(std::uint64_t x, int bits) {
  const unsigned drop = 64u - static_cast<unsigned>(bits);
  return static_cast<std::int64_t>(x << drop) >> drop;
}

}  // namespace sasim
