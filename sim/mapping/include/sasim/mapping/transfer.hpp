#pragma once
// A DMA transfer as the tile schedule describes it: rows of bytes at a
// stride in DRAM (the platform's DMA channels execute it, the analytic engine
// counts its bytes).
#include <cstdint>

namespace sasim {

struct Transfer2D {
  std::uint64_t address = 0;   // DRAM byte address of the first row
  std::int64_t rows = 0;       // >= 1
  std::int64_t row_bytes = 0;  // >= 1
  std::int64_t stride = 0;     // bytes between row starts, >= row_bytes
  std::int64_t bytes() const { return rows * row_bytes; }
};

}  // namespace sasim
