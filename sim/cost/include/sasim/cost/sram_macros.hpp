#pragma once
// The SRAM macros an architecture instantiates, in report order: the area
// model sizes each one and the energy model prices an access to each one,
// so both walk this one list (a macro of 0 KiB is not built).
#include <array>
#include <cstdint>

#include "sasim/config/architecture.hpp"

namespace sasim {

struct SramMacro {
  const char* name;
  std::int64_t kib;
};

inline std::array<SramMacro, 5> sram_macros(const SramConfig& s) {
  return {{{"sram_ifmap", s.ifmap_kib},
           {"sram_filter", s.filter_kib},
           {"sram_ofmap", s.ofmap_kib},
           {"sram_unified", s.unified_kib},
           {"sram_accumulator", s.accumulator_kib}}};
}

}  // namespace sasim
