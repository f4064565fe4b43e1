/* C ABI of one Verilated sasim matrix-unit variant, built as a shared object
 * (lib<variant>.so) and loaded by sasim with dlopen, so that new array sizes
 * can be Verilated on demand without rebuilding sasim. */
#ifndef SA_RTL_ABI_H
#define SA_RTL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SA_RTL_ABI_VERSION 2

typedef struct sa_rtl_info {
  uint32_t abi_version;
  uint32_t rows, cols, in_width, acc_width, dataflow; /* dataflow: 0 WS, 1 OS, 2 IS */
} sa_rtl_info;

/* Pin values of one cycle. The host writes the inputs, calls sa_rtl_cycle,
 * then reads the outputs, which are sampled before that cycle's rising edge
 * (so "valid && ready" in them means the beat was accepted in that cycle).
 * The three lane pointers start at buffers the unit owns; the host may point
 * them at its own memory instead (its beat data, its result buffer), which
 * saves a copy per beat. sa_rtl_cycle reads west_data and north_data through
 * the pointers every cycle and writes out_data only when out_valid is 1. */
typedef struct sa_rtl_pins {
  /* inputs */
  uint8_t west_valid, west_last, north_valid, north_last, out_ready;
  const int32_t* west_data;  /* rows lanes, sign-extended values */
  const int32_t* north_data; /* cols lanes */
  /* outputs */
  uint8_t west_ready, north_ready, out_valid, out_last;
  int64_t* out_data; /* cols lanes, sign-extended from acc_width */
} sa_rtl_pins;

typedef struct sa_rtl sa_rtl;

typedef const sa_rtl_info* (*sa_rtl_info_fn)(void);
typedef sa_rtl* (*sa_rtl_create_fn)(const char* fst_path_or_null);
typedef void (*sa_rtl_destroy_fn)(sa_rtl*);
typedef sa_rtl_pins* (*sa_rtl_pins_fn)(sa_rtl*);
typedef void (*sa_rtl_cycle_fn)(sa_rtl*);

const sa_rtl_info* sa_rtl_get_info(void);
/* Creates the model and holds it in reset for two cycles; cycle 0 follows. */
sa_rtl* sa_rtl_create(const char* fst_path_or_null);
void sa_rtl_destroy(sa_rtl* unit);
sa_rtl_pins* sa_rtl_get_pins(sa_rtl* unit);
/* One clock cycle: apply inputs, evaluate, sample outputs, rising edge. */
void sa_rtl_cycle(sa_rtl* unit);

#ifdef __cplusplus
}
#endif

#endif
