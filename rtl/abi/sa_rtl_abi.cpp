// Implementation of sa_rtl_abi.h around the Verilated sa_top. Compiled into
// every variant's shared object together with the Verilator output; the
// variant's parameters arrive as -D macros so the info block needs no RTL
// introspection.
#include "sa_rtl_abi.h"

#include <memory>
#include <type_traits>
#include <vector>

#include "Vsa_top.h"
#include "verilated.h"
#include "verilated_fst_c.h"

#ifndef SA_ROWS
#error "build with -DSA_ROWS=.. -DSA_COLS=.. -DSA_IN_W=.. -DSA_ACC_W=.. -DSA_DATAFLOW=.."
#endif

struct sa_rtl {
  std::unique_ptr<VerilatedContext> context;
  std::unique_ptr<Vsa_top> top;
  std::unique_ptr<VerilatedFstC> trace;
  std::vector<int32_t> west, north;
  std::vector<int64_t> out;
  sa_rtl_pins pins{};
  uint64_t time = 0;
};

namespace {

const sa_rtl_info kInfo = {SA_RTL_ABI_VERSION, SA_ROWS, SA_COLS, SA_IN_W, SA_ACC_W, SA_DATAFLOW};

template <typename Word>
Word to_port(int32_t value) {
  constexpr uint32_t mask = (SA_IN_W >= 32) ? ~0u : ((1u << SA_IN_W) - 1u);
  return static_cast<Word>(static_cast<uint32_t>(value) & mask);
}

int64_t from_port(uint64_t raw) {
  const unsigned drop = 64u - SA_ACC_W;
  return static_cast<int64_t>(raw << drop) >> drop;
}

void half_cycle(sa_rtl* u, uint8_t clk) {
  u->top->clk_i = clk;
  u->top->eval();
  if (u->trace) u->trace->dump(u->time);
  ++u->time;
}

}  // namespace

extern "C" {

const sa_rtl_info* sa_rtl_get_info(void) {
  return &kInfo;
}

sa_rtl* sa_rtl_create(const char* fst_path_or_null) {
  auto* u = new sa_rtl;
  u->context = std::make_unique<VerilatedContext>();
  if (fst_path_or_null) u->context->traceEverOn(true);
  u->top = std::make_unique<Vsa_top>(u->context.get(), "sa_top");
  if (fst_path_or_null) {
    u->trace = std::make_unique<VerilatedFstC>();
    u->top->trace(u->trace.get(), 99);
    u->trace->open(fst_path_or_null);
  }
  u->west.assign(SA_ROWS, 0);
  u->north.assign(SA_COLS, 0);
  u->out.assign(SA_COLS, 0);
  u->pins.west_data = u->west.data();
  u->pins.north_data = u->north.data();
  u->pins.out_data = u->out.data();
  u->top->rst_ni = 0;
  for (int i = 0; i < 2; ++i) {
    half_cycle(u, 0);
    half_cycle(u, 1);
  }
  u->top->rst_ni = 1;
  return u;
}

void sa_rtl_destroy(sa_rtl* u) {
  if (!u) return;
  u->top->final();
  if (u->trace) u->trace->close();
  delete u;
}

sa_rtl_pins* sa_rtl_get_pins(sa_rtl* u) {
  return &u->pins;
}

void sa_rtl_cycle(sa_rtl* u) {
  Vsa_top& top = *u->top;
  sa_rtl_pins& p = u->pins;
  top.west_valid_i = p.west_valid;
  top.west_last_i = p.west_last;
  top.north_valid_i = p.north_valid;
  top.north_last_i = p.north_last;
  top.out_ready_i = p.out_ready;
  // Lanes go through local pointers: the ports are bytes (IN_W = 8), a byte
  // store may alias anything, and through the pins and Vsa_top's reference
  // members the compiler would reload every pointer for every lane.
  using InWord = std::remove_reference_t<decltype(top.west_data_i[0])>;
  InWord* const west_port = &top.west_data_i[0];
  InWord* const north_port = &top.north_data_i[0];
  const int32_t* const west = p.west_data;
  const int32_t* const north = p.north_data;
  for (int r = 0; r < SA_ROWS; ++r) west_port[r] = to_port<InWord>(west[r]);
  for (int c = 0; c < SA_COLS; ++c) north_port[c] = to_port<InWord>(north[c]);
  half_cycle(u, 0);  // settle combinational outputs for this cycle's inputs
  p.west_ready = top.west_ready_o;
  p.north_ready = top.north_ready_o;
  p.out_valid = top.out_valid_o;
  p.out_last = top.out_last_o;
  if (p.out_valid) {
    const auto* const out_port = &top.out_data_o[0];
    int64_t* const out = p.out_data;
    for (int c = 0; c < SA_COLS; ++c) out[c] = from_port(static_cast<uint64_t>(out_port[c]));
  }
  half_cycle(u, 1);  // rising edge
}

}  // extern "C"
