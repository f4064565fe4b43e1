#pragma once
// RTL variants: one Verilated shared object per ArrayConfig, built on demand
// into a cache directory and reused by every later run.
#include <string>

#include "sasim/config/array_config.hpp"
#include "sasim/support/embedded_file.hpp"

namespace sasim {

// "sa_r12_c20_is_i8_a32"
std::string rtl_variant_name(const ArrayConfig& config);

// $SASIM_RTL_CACHE, else $XDG_CACHE_HOME/sasim/rtl, else ~/.cache/sasim/rtl.
std::string rtl_cache_dir();

struct RtlBuildOptions {
  bool quiet = false;  // no progress on stderr
};

// Path of the variant's shared object, Verilating and compiling it first if
// the cache holds no build of the current RTL sources. Safe against
// concurrent callers (a lock file per variant). Throws UserError when
// Verilator or the compiler is missing or fails.
std::string ensure_rtl_variant(const ArrayConfig& config, const RtlBuildOptions& options);

// The RTL sources embedded at build time (rtl/*.sv and the C ABI wrapper).
const EmbeddedFile* embedded_rtl_files(int* count);

}  // namespace sasim
