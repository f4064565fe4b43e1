#pragma once
// The controller: runs one GEMM layer's tile schedule (tile_plan.hpp) on the
// platform. A loader thread per operand issues its tile loads in fold
// order, each as soon as its SRAM region is free (double buffering: two regions per
// operand, so the next tile loads while the array computes on the current
// one); a dispatcher thread tells the matrix unit when each fold's tiles
// are in SRAM; a write-back thread sends each finished output tile to DRAM.
// A layer ends when its last output byte is in DRAM.
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "sasim/config/architecture.hpp"
#include "sasim/mapping/tile_plan.hpp"
#include "sasim/sysc/dma_channel.hpp"
#include "sasim/sysc/platform_array.hpp"
#include "sasim/sysc/stall.hpp"

namespace sasim::sysc {

struct LayerOutcome {
  std::int64_t start = 0, end = 0;  // cycles: the layer runs in [start, end)
  std::int64_t compute_cycles = 0;  // the unit's cycles with every fold's data on chip from start
  StallCycles stalls{};             // (end - start) - compute_cycles, by cause
  RunResult run;                    // the unit's fold timing (and outputs if the folds carry data)
  std::vector<std::int64_t> avail;  // per fold: the cycle its data was on chip
};

class Controller : public ArrayListener {
 public:
  struct Parts {
    const Architecture* arch;
    const CycleClock* clock;
    PlatformArray* array;
    std::array<DmaChannel*, 2> loads;  // per operand (kInput, kWeight)
    DmaChannel* write_back;
    LinkTiming link;
  };
  explicit Controller(const Parts& parts);
  ~Controller() override;

  // From an SC_THREAD: runs the layer from the current cycle on. folds are
  // layer_folds(plan, ...) (with or without data).
  LayerOutcome run_layer(const LayerPlan& plan, const std::vector<Fold>& folds);

  // From an SC_THREAD: a vector layer (docs/workloads.md) that streams
  // `bytes` in from DRAM and `bytes` back out while the vector unit works
  // for compute_cycles; both transfers start with the layer (the unit
  // consumes its input as it arrives and its output leaves as it is made).
  // bytes = 0: its data stays on chip and only compute_cycles pass.
  LayerOutcome run_stream_layer(std::int64_t bytes, std::int64_t compute_cycles);

  void on_array_event(std::size_t fold, ArrayEvent event, std::int64_t cycle) override;

 private:
  struct State;
  void loader(int operand);
  void dispatcher();
  void write_back();
  void release(std::size_t fold, int op, std::int64_t cycle);
  LayerOutcome finish(const std::vector<Fold>& folds);
  // When the DMA channel finished the transfer before this one (lowest
  // int64 for the first): the stall attribution's start of its own time.
  std::int64_t load_channel_free(std::int64_t load) const;
  std::int64_t output_channel_free(std::int64_t output) const;

  Parts parts_;
  std::unique_ptr<State> state_;
  sc_core::sc_event released_, output_ready_;
};

}  // namespace sasim::sysc
