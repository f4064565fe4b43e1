#pragma once
// The reference loops of bench_matrix_unit, both fed by raw_loop/stimulus.hpp
// and free of fold bookkeeping:
//   raw: raw_loop/raw_main.cpp Verilated with a variant's parameters into a
//        stand-alone executable (no C ABI, no shared object), built on demand
//        and cached beside the RTL variants;
//   abi: the variant's shared object driven through sa_rtl_cycle() in this
//        process, which isolates the cost of the ABI and the shared object
//        from that of the MatrixUnit wrapper (sim/unit/rtl_unit.cpp).
#include <cstdint>
#include <string>

#include "sasim/config/array_config.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim::bench {

// raw_loop/raw_main.cpp and stimulus.hpp, embedded at build time.
const EmbeddedFile* raw_loop_files(int* count);

// Path of the raw loop executable for config, Verilating and compiling it
// first (with the flags sim/unit/rtl_variant.cpp uses) if the cache lacks it.
std::string ensure_raw_loop(const ArrayConfig& config, bool quiet);

struct LoopRun {
  std::int64_t cycles = 0;
  double seconds = 0;          // the loop alone
  std::int64_t outputs = 0;    // output beats seen
  std::uint64_t checksum = 0;  // of the output lanes (sign-extended), equal for both loops
};

// `cycles` cycles with folds of west_beats streamed beats and north_beats
// preload beats (WS/IS; OS joins north to west).
LoopRun run_raw_loop(const std::string& exe, std::int64_t cycles, int west_beats, int north_beats);
LoopRun run_abi_loop(const ArrayConfig& config, const std::string& library, std::int64_t cycles, int west_beats,
                     int north_beats);

}  // namespace sasim::bench
