// The controller on its own (controller.hpp, docs/platform.md "Tile
// schedule" and "Stall attribution"), running hand-written tile plans on a
// 4x4 weight-stationary unit (the FoldTimer model: a fold preloads its 4
// north beats from max(avail, ...), streams its 16 west beats after them;
// outputs leave ROWS + COLS - 1 = 7 cycles after each west beat) through
// real DMA channels and interconnect (latency L = 1, 64 bytes per cycle)
// in front of a memory stub that answers after T = 10 cycles.
//
// Timings used throughout (test_interconnect, test_dma_channel):
//   a 64-byte read whose command is granted in cycle c is in the SRAM at
//   c + 2L + 1 + T + 1 (link) + 1 (SRAM) = c + 15, a 16-byte one too;
//   a 64-byte write granted in cycle g is in DRAM at g + 1 + L + T + 1 =
//   g + 13. The request channel grants initiator 0 (input) before 1
//   (weight) in cycle 0.
// The stall arithmetic is LinkTiming {16 bytes per cycle, width 64, L 1}:
//   16-byte weight load, done 16, 1 cycle of contention: {bandwidth 1,
//     interconnect 1 + 2L + 1 = 4, latency 16 - 5 = 11};
//   64-byte write of 13 cycles: {bandwidth 4, interconnect L = 1, latency 8}.
#include "sysc_test_support.hpp"

#include <limits>
#include <stdexcept>

#include "sasim/sysc/controller.hpp"
#include "sasim/sysc/platform_array.hpp"

namespace sasim::sysc {
namespace {

using testing::FixedLatencyMemory;
using testing::SystemCTest;
using Direction = DmaChannel::Direction;

// The model unit, recording when the controller gave each fold its avail.
class RecordingArray final : public PlatformArray {
 public:
  struct Call {
    std::size_t fold;
    std::int64_t avail, now;
  };
  RecordingArray(const ArrayConfig& config, ArrayEventQueue& events, const CycleClock& clock)
      : inner_(make_model_array(config, events)), clock_(clock) {}
  void begin_layer(const std::vector<Fold>* folds) override { inner_->begin_layer(folds); }
  void set_avail(std::size_t fold, std::int64_t avail) override {
    calls.push_back({fold, avail, clock_.now()});
    inner_->set_avail(fold, avail);
  }
  RunResult end_layer() override { return inner_->end_layer(); }
  std::vector<Call> calls;

 private:
  std::unique_ptr<PlatformArray> inner_;
  const CycleClock& clock_;
};

class ControllerTest : public SystemCTest {
 protected:
  void SetUp() override {
    SystemCTest::SetUp();
    arch.array.rows = 4;
    arch.array.cols = 4;
    arch.array.dataflow = Dataflow::WS;
    memory = std::make_unique<FixedLatencyMemory>("memory", *clock, 10);
    InterconnectConfig ic_config;
    ic_config.width_bytes = 64;
    ic_config.latency_cycles = 1;
    ic = std::make_unique<Interconnect>("ic", *clock, ic_config,
                                        std::vector<std::string>{"load_input", "load_weight", "write_back"});
    ic->memory.bind(memory->socket);
    ifmap = std::make_unique<SramBuffer>("ifmap", 64 * 1024, 8, 16, 1);
    filter = std::make_unique<SramBuffer>("filter", 64 * 1024, 8, 16, 1);
    accumulator = std::make_unique<SramBuffer>("accumulator", 64 * 1024, 4, 4, 1);
    dma_input = std::make_unique<DmaChannel>("dma_input", *clock, *ic, 0, Direction::Read, *ifmap, 16, 256);
    dma_weight = std::make_unique<DmaChannel>("dma_weight", *clock, *ic, 1, Direction::Read, *filter, 16, 256);
    dma_output = std::make_unique<DmaChannel>("dma_output", *clock, *ic, 2, Direction::Write, *accumulator, 16, 256);
    events = std::make_unique<ArrayEventQueue>("events", *clock);
    array = std::make_unique<RecordingArray>(arch.array, *events, *clock);
    LinkTiming link;
    link.memory_bytes_per_cycle = 16;
    link.width_bytes = 64;
    link.latency_cycles = 1;
    controller = std::make_unique<Controller>(Controller::Parts{
        &arch, clock.get(), array.get(), {dma_input.get(), dma_weight.get()}, dma_output.get(), link});
    events->set_listener(controller.get());
  }

  // Runs the plan from the edge of cycle `start`.
  LayerOutcome run(const LayerPlan& plan, const std::vector<Fold>& folds, std::int64_t start = 0) {
    LayerOutcome outcome;
    spawn([&] {
      clock->wait_until(start, Phase::Edge);
      outcome = controller->run_layer(plan, folds);
    });
    sc_core::sc_start();
    return outcome;
  }

  void expect_avail_ahead() const {
    for (const RecordingArray::Call& c : array->calls) EXPECT_GT(c.avail, c.now) << "fold " << c.fold;
  }

  static StallCycles stalls(std::int64_t bandwidth, std::int64_t latency, std::int64_t interconnect,
                            std::int64_t bank_conflict, std::int64_t array_busy) {
    StallCycles s{};
    s[kDramBandwidth] = bandwidth;
    s[kDramLatency] = latency;
    s[kInterconnect] = interconnect;
    s[kSramBankConflict] = bank_conflict;
    s[kArrayBusy] = array_busy;
    return s;
  }

  Architecture arch;
  std::unique_ptr<FixedLatencyMemory> memory;
  std::unique_ptr<Interconnect> ic;
  std::unique_ptr<SramBuffer> ifmap, filter, accumulator;
  std::unique_ptr<DmaChannel> dma_input, dma_weight, dma_output;
  std::unique_ptr<ArrayEventQueue> events;
  std::unique_ptr<RecordingArray> array;
  std::unique_ptr<Controller> controller;
};

Fold fold() {
  Fold f;
  f.north_beats = 4;
  f.west_beats = 16;
  return f;
}

TileLoad load(Operand operand, std::int64_t index, std::int64_t last_user, std::uint64_t address, std::int64_t bytes) {
  return {operand, index, last_user, Transfer2D{address, 1, bytes, bytes}};
}

FoldTiles tiles(std::int64_t input_load, std::int64_t weight_load, std::int64_t output, bool first, bool last) {
  FoldTiles f;
  f.load = {input_load, weight_load};
  f.stationary = {false, true};  // WS: B north, A west
  f.output = output;
  f.first_of_output = first;
  f.last_of_output = last;
  return f;
}

// Fold 0 reads weight tile 0 (16 bytes at 4096) and the A panel (64 bytes
// at 0); fold 1 (if two_folds) the same panel and weight tile 1 (at 4112).
// One output tile after the last fold, or (two_outputs) one per fold.
LayerPlan plan(bool two_folds, int slots, int output_slots, bool two_outputs = false) {
  LayerPlan p;
  p.loads = {load(kWeight, 0, 0, 4096, 16), load(kInput, 0, two_folds ? 1 : 0, 0, 64)};
  p.folds = {tiles(1, 0, 0, true, !two_folds || two_outputs)};
  if (two_folds) {
    p.loads.push_back(load(kWeight, 1, 1, 4112, 16));
    p.folds.push_back(tiles(1, 2, two_outputs ? 1 : 0, two_outputs, true));
  }
  p.outputs = {Transfer2D{8192, 1, 64, 64}};
  if (two_outputs) p.outputs.push_back(Transfer2D{8256, 1, 64, 64});
  p.slots = {slots, slots};
  p.output_slots = output_slots;
  p.words_per_cycle = {1, 1};
  return p;
}

TEST_F(ControllerTest, OneFoldWaitsForItsLaterTileAndAttributesEveryStallCycle) {
  const std::vector<Fold> folds{fold()};
  const LayerOutcome out = run(plan(false, 2, 2), folds);
  // A (command 0) is in SRAM at 15, B (command 1) at 16: avail = 16 + 1.
  ASSERT_EQ(out.avail.size(), 1u);
  EXPECT_EQ(out.avail[0], 17);
  expect_avail_ahead();
  // North 17..20, west 21..36, last output 36 + 7 = 43; delivered at 44,
  // written back from 44: in DRAM at 57, the end of the layer.
  ASSERT_EQ(out.run.timing.size(), 1u);
  EXPECT_EQ(out.run.timing[0].north_first, 17);
  EXPECT_EQ(out.run.timing[0].west_first, 21);
  EXPECT_EQ(out.run.timing[0].out_last, 43);
  EXPECT_EQ(out.start, 0);
  EXPECT_EQ(out.end, 57);
  // All data on chip at 0: west 4..19, last output 26: 27 compute cycles.
  EXPECT_EQ(out.compute_cycles, 27);
  // 30 stall cycles: the stream started 21 - 4 = 17 late, charged to B's
  // load {1, 11, 4} / 16; the 57 - 44 = 13-cycle tail to the write-back
  // {4, 8, 1}. Shares: bandwidth 17/16 + 4 = 5.06, latency 187/16 + 8 =
  // 19.69, interconnect 68/16 + 1 = 5.25: floors 5 + 19 + 5, the last cycle
  // to latency's remainder .69.
  EXPECT_EQ(out.stalls, stalls(5, 20, 5, 0, 0));
  // Each tile read once, then C written once.
  ASSERT_EQ(memory->accesses.size(), 3u);
  EXPECT_EQ(memory->accesses[0].address, 0u);
  EXPECT_EQ(memory->accesses[1].address, 4096u);
  EXPECT_EQ(memory->accesses[2].command, tlm::TLM_WRITE_COMMAND);
  EXPECT_EQ(memory->accesses[2].address, 8192u);
  EXPECT_EQ(memory->accesses[2].entered, clock->time_of(46, Phase::DramWrite));
  // The unit's SRAM reads: 4 north beats of 1 word from the filter buffer,
  // 16 west beats from the ifmap buffer.
  EXPECT_EQ(filter->stats().array_words, 4);
  EXPECT_EQ(ifmap->stats().array_words, 16);
}

TEST_F(ControllerTest, TheLayerStartsWhereItIsCalled) {
  // The same layer from cycle 100: every cycle 100 later, the same stalls.
  const std::vector<Fold> folds{fold()};
  const LayerOutcome out = run(plan(false, 2, 2), folds, 100);
  EXPECT_EQ(out.start, 100);
  EXPECT_EQ(out.avail[0], 117);
  EXPECT_EQ(out.end, 157);
  EXPECT_EQ(out.compute_cycles, 27);
  EXPECT_EQ(out.stalls, stalls(5, 20, 5, 0, 0));
}

TEST_F(ControllerTest, DoubleBufferingLoadsTheNextWeightTileDuringTheFold) {
  const std::vector<Fold> folds{fold(), fold()};
  const LayerOutcome out = run(plan(true, 2, 2), folds);
  // Both weight tiles load at once (two regions): commands A 0, B0 1, B1 2;
  // in SRAM at 15, 16, 17. Fold 1: avail 17 + 1 = 18, but its preload waits
  // for fold 0's (ends 20) and its stream for fold 0's (ends 36): west
  // 37..52, last output 59, written from 60: in DRAM at 73.
  EXPECT_EQ(out.avail, (std::vector<std::int64_t>{17, 18}));
  expect_avail_ahead();
  EXPECT_EQ(out.run.timing[1].west_first, 37);
  EXPECT_EQ(out.end, 73);
  // On chip from 0: fold 1 streams 20..35, last output 42: 43 cycles.
  EXPECT_EQ(out.compute_cycles, 43);
  // Fold 1 starts no later than it would with its data on chip (d = 0):
  // the 30 cycles are fold 0's 17 and the 13-cycle tail, as for one fold.
  EXPECT_EQ(out.stalls, stalls(5, 20, 5, 0, 0));
  ASSERT_EQ(memory->accesses.size(), 4u);  // the A panel once for both folds
  EXPECT_EQ(memory->accesses[2].address, 4112u);
  EXPECT_EQ(memory->accesses[2].entered, clock->time_of(3, Phase::DramRead));
}

TEST_F(ControllerTest, SingleBufferingWaitsForTheRegionAndChargesArrayBusy) {
  const std::vector<Fold> folds{fold(), fold()};
  const LayerOutcome out = run(plan(true, 1, 1), folds);
  // One weight region: B1 may load once fold 0 has read B0, its last north
  // beat in cycle 20 (known at 21). Command 21, in SRAM at 36: fold 1's
  // avail 37, north 37..40, west 41..56, last output 63; written from 64,
  // in DRAM at 77.
  EXPECT_EQ(out.avail, (std::vector<std::int64_t>{17, 37}));
  expect_avail_ahead();
  EXPECT_EQ(out.run.timing[1].west_first, 41);
  EXPECT_EQ(out.end, 77);
  EXPECT_EQ(out.compute_cycles, 43);
  ASSERT_EQ(memory->accesses.size(), 4u);
  EXPECT_EQ(memory->accesses[2].address, 4112u);
  EXPECT_EQ(memory->accesses[2].entered, clock->time_of(22, Phase::DramRead));
  // 34 stall cycles. Fold 1 streams 41 - 37 = 4 cycles late (after fold 0
  // as it ran, its data on chip would let it stream at 37), charged to B1:
  // its channel was free from 16 (B0 done), it was submitted at 21 (array
  // busy 5) and done at 36 (15 cycles: bandwidth 1, interconnect 2L + 1 =
  // 3, latency 11): 4 x {1, 11, 3, 0, 5} / 20. With fold 0's 17 and the
  // tail's 13 as before, the shares are bandwidth 5.26, latency 21.89,
  // interconnect 5.85, array busy 1: floors 5 + 21 + 5 + 1 = 32, then
  // latency (.89) and interconnect (.85).
  EXPECT_EQ(out.stalls, stalls(5, 22, 6, 0, 1));
}

TEST_F(ControllerTest, AFoldWaitsForTheWriteBackThatFreesItsAccumulatorRegion) {
  const std::vector<Fold> folds{fold(), fold()};
  const LayerOutcome out = run(plan(true, 2, 1, /*two_outputs=*/true), folds);
  // One accumulator region: fold 1's output tile needs fold 0's written
  // back first: written from 44 (fold 0's last output 43), in DRAM at 57,
  // so fold 1's avail is 58: north 58..61, west 62..77, last output 84;
  // its tile written from 85, in DRAM at 98.
  EXPECT_EQ(out.avail, (std::vector<std::int64_t>{17, 58}));
  EXPECT_EQ(out.run.timing[1].west_first, 62);
  EXPECT_EQ(out.end, 98);
  EXPECT_EQ(out.compute_cycles, 43);
  // 55 stall cycles: fold 0's 17 on B0 as before; fold 1 streams 62 - 37 =
  // 25 late, charged to the first write-back (13 cycles {4, 8, 1}); the
  // 98 - 85 = 13-cycle tail to the second {4, 8, 1}. Bandwidth 17/16 +
  // 100/13 + 4 = 12.75, latency 187/16 + 200/13 + 8 = 35.07, interconnect
  // 68/16 + 25/13 + 1 = 7.17: floors 12 + 35 + 7, one more to bandwidth.
  EXPECT_EQ(out.stalls, stalls(13, 35, 7, 0, 0));
  ASSERT_EQ(memory->accesses.size(), 5u);
  EXPECT_EQ(memory->accesses[3].address, 8192u);
  EXPECT_EQ(memory->accesses[4].address, 8256u);
}

TEST_F(ControllerTest, TwoAccumulatorRegionsLetTheNextFoldRunDuringTheWriteBack) {
  const std::vector<Fold> folds{fold(), fold()};
  const LayerOutcome out = run(plan(true, 2, 2, /*two_outputs=*/true), folds);
  // Fold 1 runs as with one output tile (avail 18, last output 59); fold
  // 0's tile is in DRAM at 57, fold 1's written from 60, in DRAM at 73.
  EXPECT_EQ(out.avail, (std::vector<std::int64_t>{17, 18}));
  EXPECT_EQ(out.end, 73);
  EXPECT_EQ(out.stalls, stalls(5, 20, 5, 0, 0));
}

TEST_F(ControllerTest, AStreamLayerEndsWithItsLaterTransfer) {
  LayerOutcome out;
  spawn([&] { out = controller->run_stream_layer(64, 5); });
  sc_core::sc_start();
  // 64 bytes in (in SRAM at 15) and 64 bytes out from cycle 0 (in DRAM at
  // 13) while the unit works 5 cycles: the read ends the layer at 15.
  EXPECT_EQ(out.start, 0);
  EXPECT_EQ(out.end, 15);
  EXPECT_EQ(out.compute_cycles, 5);
  EXPECT_EQ(sc_core::sc_time_stamp(), clock->time_of(15));
  // 10 stall cycles split as the read's 15 {bandwidth 4, interconnect 3,
  // latency 8}: 2.67, 2, 5.33: floors 2 + 2 + 5, one more to bandwidth.
  EXPECT_EQ(out.stalls, stalls(3, 5, 2, 0, 0));
  ASSERT_EQ(memory->accesses.size(), 2u);
  // The output after the input on a 4 KiB boundary.
  const auto& write = memory->accesses[0].command == tlm::TLM_WRITE_COMMAND ? memory->accesses[0] : memory->accesses[1];
  EXPECT_EQ(write.address, 4096u);
}

TEST_F(ControllerTest, AComputeBoundStreamLayerHasNoStall) {
  LayerOutcome out;
  spawn([&] {
    clock->wait_until(3, Phase::Edge);
    out = controller->run_stream_layer(64, 100);
  });
  sc_core::sc_start();
  EXPECT_EQ(out.start, 3);
  EXPECT_EQ(out.end, 103);
  EXPECT_EQ(out.stalls, stalls(0, 0, 0, 0, 0));
  EXPECT_EQ(sc_core::sc_time_stamp(), clock->time_of(103));
}

TEST_F(ControllerTest, AStreamLayerOnChipOnlyComputes) {
  LayerOutcome out;
  spawn([&] {
    clock->wait_until(3, Phase::Edge);
    out = controller->run_stream_layer(0, 7);
  });
  sc_core::sc_start();
  EXPECT_EQ(out.end, 10);
  EXPECT_EQ(out.stalls, stalls(0, 0, 0, 0, 0));
  EXPECT_TRUE(memory->accesses.empty());
}

TEST_F(ControllerTest, APlanThatDisagreesWithTheFoldsIsRefused) {
  const std::vector<Fold> folds{fold(), fold()};  // the plan has one fold
  const LayerPlan p = plan(false, 2, 2);
  bool refused = false;
  spawn([&] {
    try {
      controller->run_layer(p, folds);
    } catch (const std::logic_error&) {
      refused = true;
    }
  });
  sc_core::sc_start();
  EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace sasim::sysc
