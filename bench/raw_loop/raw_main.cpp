// Raw Verilator reference for bench_matrix_unit: drives Vsa_top's ports
// directly, with no ABI wrapper, no shared object and no fold bookkeeping,
// clocked the way rtl/abi/sa_rtl_abi.cpp clocks it (inputs, clk=0 eval,
// outputs, clk=1 eval). The stream is stimulus.hpp's: the unit stays busy.
// Built by bench_matrix_unit with a variant's -G parameters and -D macros:
//   raw_main CYCLES WEST_BEATS NORTH_BEATS
// prints "cycles N seconds S outputs O checksum X" (S: the loop alone; X of
// the sign-extended output lanes, as the C ABI returns them).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "Vsa_top.h"
#include "stimulus.hpp"
#include "verilated.h"

#ifndef SA_ROWS
#error "build with -DSA_ROWS=.. -DSA_COLS=.. -DSA_IN_W=.. -DSA_ACC_W=.. -DSA_DATAFLOW=.."
#endif

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s CYCLES WEST_BEATS NORTH_BEATS\n", argv[0]);
    return 2;
  }
  const long long cycles = std::atoll(argv[1]);
  const int west_beats = std::atoi(argv[2]);
  const int north_beats = SA_DATAFLOW == 1 ? west_beats : std::atoi(argv[3]);  // OS: joined beats
  if (cycles < 1 || west_beats < 1 || north_beats < 1 || (SA_DATAFLOW != 1 && north_beats > SA_ROWS)) {
    std::fprintf(stderr, "bad arguments\n");
    return 2;
  }
  sasim_raw::Stimulus stimulus(SA_ROWS, SA_COLS, SA_IN_W, west_beats, north_beats);
  constexpr std::uint32_t kMask = (1u << SA_IN_W) - 1u;

  auto context = std::make_unique<VerilatedContext>();
  auto top = std::make_unique<Vsa_top>(context.get(), "sa_top");
  top->rst_ni = 0;
  for (int i = 0; i < 2; ++i) {
    top->clk_i = 0;
    top->eval();
    top->clk_i = 1;
    top->eval();
  }
  top->rst_ni = 1;

  long long outputs = 0;
  std::uint64_t checksum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long long cycle = 0; cycle < cycles; ++cycle) {
    const std::int32_t* west = stimulus.west();
    const std::int32_t* north = stimulus.north();
    top->west_valid_i = 1;
    top->west_last_i = stimulus.west_last();
    top->north_valid_i = 1;
    top->north_last_i = stimulus.north_last();
    top->out_ready_i = 1;
    for (int r = 0; r < SA_ROWS; ++r) top->west_data_i[r] = std::uint32_t(west[r]) & kMask;
    for (int c = 0; c < SA_COLS; ++c) top->north_data_i[c] = std::uint32_t(north[c]) & kMask;
    top->clk_i = 0;
    top->eval();
    const bool west_fire = top->west_ready_o, north_fire = top->north_ready_o;
    if (top->out_valid_o) {
      ++outputs;
      for (int c = 0; c < SA_COLS; ++c) {
        const std::uint64_t raw = std::uint64_t(top->out_data_o[c]) << (64 - SA_ACC_W);
        checksum = checksum * 31 + std::uint64_t(std::int64_t(raw) >> (64 - SA_ACC_W));  // sign-extended
      }
    }
    top->clk_i = 1;
    top->eval();
    stimulus.advance(west_fire, north_fire);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  top->final();
  std::printf("cycles %lld seconds %.6f outputs %lld checksum %016llx\n", cycles, seconds, outputs,
              static_cast<unsigned long long>(checksum));
  return 0;
}
