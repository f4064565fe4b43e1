#include "sasim/sysc/controller.hpp"

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "sasim/unit/fold_timer.hpp"

namespace sasim::sysc {

struct Controller::State {
  LayerPlan plan;
  const std::vector<Fold>* folds = nullptr;
  std::int64_t start = 0;
  std::unique_ptr<TransferRecord[]> loads;       // one per plan.loads
  std::unique_ptr<TransferRecord[]> outputs;     // one per plan.outputs
  std::vector<std::int64_t> load_of_operand[2];  // global load index by operand load index
  std::vector<std::int64_t> released;            // per load: cycle its region was last read, -1 before
  std::vector<std::int64_t> output_done;         // per output tile: cycle of its last output beat, -1 before
  std::int64_t last_out = -1;                    // cycle of the layer's last output beat, -1 before
  std::vector<std::int64_t> avail;               // per fold
  // Per fold: what its avail waited for last: a load (>= 0) or an output
  // region (-1 - output tile whose write-back freed it); kNone: nothing.
  std::vector<std::int64_t> critical;
  static constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();
};

Controller::Controller(const Parts& parts) : parts_(parts) {}
Controller::~Controller() = default;

void Controller::on_array_event(std::size_t fold, ArrayEvent event, std::int64_t cycle) {
  if (!state_) return;
  State& s = *state_;
  const FoldTiles& ft = s.plan.folds[fold];
  const Fold& f = (*s.folds)[fold];
  const bool os = parts_.arch->array.dataflow == Dataflow::OS;
  for (int op = 0; op < 2; ++op) {
    SramBuffer& buffer = parts_.loads[std::size_t(op)]->buffer();
    const std::int64_t words = s.plan.words_per_cycle[std::size_t(op)];
    const bool north = ft.stationary[std::size_t(op)];
    switch (event) {
      case ArrayEvent::NorthFirst:
        if (north) buffer.array_stream(cycle, f.north_beats, words);
        break;
      case ArrayEvent::WestFirst:
        if (!north || os) buffer.array_stream(cycle, f.west_beats, words);
        break;
      case ArrayEvent::NorthLast:
        if (north) release(fold, op, cycle);
        break;
      case ArrayEvent::WestLast:
        if (!north) release(fold, op, cycle);
        break;
      case ArrayEvent::OutLast: break;
    }
  }
  if (event == ArrayEvent::OutLast && ft.last_of_output) {
    s.output_done[std::size_t(ft.output)] = cycle;
    output_ready_.notify();
  }
  if (event == ArrayEvent::OutLast && fold + 1 == s.plan.folds.size()) {
    s.last_out = cycle;
    output_ready_.notify();
  }
}

void Controller::release(std::size_t fold, int op, std::int64_t cycle) {
  State& s = *state_;
  const std::int64_t load = s.plan.folds[fold].load[std::size_t(op)];
  if (load < 0) return;  // the operand stayed on chip
  if (s.plan.loads[std::size_t(load)].last_user == std::int64_t(fold)) {
    s.released[std::size_t(load)] = cycle;
    released_.notify();
  }
}

void Controller::loader(int operand) {
  State& s = *state_;
  // Each operand has its own DMA channel and SRAM regions: its loads go in
  // fold order, each as soon as its region is free, whatever the other
  // operand waits for (a WS input panel prefetches while weight tiles cycle).
  for (const std::int64_t i : s.load_of_operand[operand]) {
    const TileLoad& load = s.plan.loads[std::size_t(i)];
    TransferRecord& record = s.loads[std::size_t(i)];
    record.transfer = load.transfer;
    record.want = parts_.clock->now();
    // Its region held the load `slots` earlier of the same operand.
    const std::int64_t earlier = load.index - s.plan.slots[std::size_t(operand)];
    if (earlier >= 0) {
      const std::int64_t previous = s.load_of_operand[operand][std::size_t(earlier)];
      while (s.released[std::size_t(previous)] < 0) sc_core::wait(released_);
    }
    parts_.loads[std::size_t(operand)]->submit(record);
  }
}

void Controller::dispatcher() {
  State& s = *state_;
  const int output_slots = s.plan.output_slots;
  for (std::size_t f = 0; f < s.plan.folds.size(); ++f) {
    const FoldTiles& ft = s.plan.folds[f];
    std::int64_t ready = s.start, critical = State::kNone;
    for (const std::int64_t load : ft.load) {
      if (load < 0) continue;  // on chip already
      TransferRecord& record = s.loads[std::size_t(load)];
      while (record.done < 0) sc_core::wait(record.finished);
      if (record.done > ready) {
        ready = record.done;
        critical = load;
      }
    }
    if (ft.first_of_output && ft.output >= output_slots) {
      const std::int64_t previous = ft.output - output_slots;  // the tile that held this accumulator region
      TransferRecord& record = s.outputs[std::size_t(previous)];
      while (record.done < 0) sc_core::wait(record.finished);
      if (record.done > ready) {
        ready = record.done;
        critical = -1 - previous;
      }
    }
    // One cycle from SRAM to the array's edge registers.
    const std::int64_t avail = std::max(ready, parts_.clock->now()) + 1;
    s.avail[f] = avail;
    s.critical[f] = critical;
    parts_.array->set_avail(f, avail);
  }
}

void Controller::write_back() {
  State& s = *state_;
  for (std::size_t j = 0; j < s.plan.outputs.size(); ++j) {
    while (s.output_done[j] < 0) sc_core::wait(output_ready_);
    TransferRecord& record = s.outputs[j];
    record.transfer = s.plan.outputs[j];
    record.want = parts_.clock->now();
    parts_.write_back->submit(record);
  }
  for (std::size_t j = 0; j < s.plan.outputs.size(); ++j) {
    while (s.outputs[j].done < 0) sc_core::wait(s.outputs[j].finished);
  }
  // With C on chip the layer ends at its last output beat.
  while (s.last_out < 0) sc_core::wait(output_ready_);
}

LayerOutcome Controller::run_stream_layer(std::int64_t bytes, std::int64_t compute_cycles) {
  LayerOutcome out;
  out.start = parts_.clock->now();
  out.compute_cycles = compute_cycles;
  out.end = out.start + compute_cycles;
  if (bytes > 0) {
    TransferRecord in, back;
    // Input at address 0, output after it on a 4 KiB boundary, as a GEMM
    // layer lays out its operands (tile_plan.cpp).
    in.transfer = {0, 1, bytes, bytes};
    back.transfer = {std::uint64_t((bytes + 4095) / 4096 * 4096), 1, bytes, bytes};
    in.want = back.want = out.start;
    parts_.loads[kInput]->submit(in);
    parts_.write_back->submit(back);
    while (in.done < 0) sc_core::wait(in.finished);
    while (back.done < 0) sc_core::wait(back.finished);
    const std::int64_t memory_end = std::max(in.done, back.done);
    if (memory_end > out.end) {
      // The stall is the later transfer's, split by its causes.
      const bool read_last = in.done >= back.done;
      const StallCycles cost =
          transfer_cost(read_last ? in : back, read_last, parts_.link, std::numeric_limits<std::int64_t>::min());
      StallShares shares{};
      for (int c = 0; c < kStallCauseCount; ++c) shares[std::size_t(c)] = double(cost[std::size_t(c)]);
      out.end = memory_end;
      out.stalls = split_stall(out.end - out.start - compute_cycles, shares);
    }
  }
  parts_.clock->wait_until(out.end, Phase::Edge);
  return out;
}

LayerOutcome Controller::run_layer(const LayerPlan& plan, const std::vector<Fold>& folds) {
  auto state = std::make_unique<State>();
  State& s = *state;
  s.plan = plan;
  if (s.plan.folds.size() != folds.size()) throw std::logic_error("Controller: tile plan and folds disagree");
  s.folds = &folds;
  s.start = parts_.clock->now();
  s.loads.reset(new TransferRecord[s.plan.loads.size()]);
  s.outputs.reset(new TransferRecord[s.plan.outputs.size()]);
  for (std::size_t i = 0; i < s.plan.loads.size(); ++i)
    s.load_of_operand[s.plan.loads[i].operand].push_back(std::int64_t(i));
  s.released.assign(s.plan.loads.size(), -1);
  s.output_done.assign(s.plan.outputs.size(), -1);
  s.avail.assign(folds.size(), -1);
  s.critical.assign(folds.size(), State::kNone);
  state_ = std::move(state);

  parts_.array->begin_layer(&folds);
  sc_core::sc_process_handle loading_input =
      sc_core::sc_spawn([this] { loader(kInput); }, sc_core::sc_gen_unique_name("load_input"));
  sc_core::sc_process_handle loading_weight =
      sc_core::sc_spawn([this] { loader(kWeight); }, sc_core::sc_gen_unique_name("load_weight"));
  sc_core::sc_process_handle dispatching =
      sc_core::sc_spawn([this] { dispatcher(); }, sc_core::sc_gen_unique_name("dispatcher"));
  sc_core::sc_process_handle writing =
      sc_core::sc_spawn([this] { write_back(); }, sc_core::sc_gen_unique_name("write_back"));
  for (sc_core::sc_process_handle h : {loading_input, loading_weight, dispatching, writing}) {
    if (!h.terminated()) sc_core::wait(h.terminated_event());
  }
  LayerOutcome outcome = finish(folds);
  state_.reset();
  return outcome;
}

std::int64_t Controller::load_channel_free(std::int64_t load) const {
  const State& s = *state_;
  const TileLoad& l = s.plan.loads[std::size_t(load)];
  if (l.index == 0) return std::numeric_limits<std::int64_t>::min();
  return s.loads[std::size_t(s.load_of_operand[l.operand][std::size_t(l.index - 1)])].done;
}

std::int64_t Controller::output_channel_free(std::int64_t output) const {
  const State& s = *state_;
  return output == 0 ? std::numeric_limits<std::int64_t>::min() : s.outputs[std::size_t(output - 1)].done;
}

LayerOutcome Controller::finish(const std::vector<Fold>& folds) {
  State& s = *state_;
  LayerOutcome out;
  out.start = s.start;
  out.end = s.last_out + 1;
  for (std::size_t j = 0; j < s.plan.outputs.size(); ++j) out.end = std::max(out.end, s.outputs[j].done);
  out.run = parts_.array->end_layer();

  // Stall attribution (docs/platform.md): each fold's stream starts d_f
  // cycles later than it would have with its own data on chip from the
  // layer's start (same history); d_f is charged to the causes of the
  // transfer its avail waited for last, and the tail after the last output
  // to the write-back that ended last. The layer's stall cycles are split in
  // proportion to those charges.
  const ArrayConfig& config = parts_.arch->array;
  FoldTimer actual(config), ideal(config);
  StallShares shares{};
  const auto charge = [&](std::int64_t cycles, const StallCycles& cost) {
    std::int64_t sum = 0;
    for (const std::int64_t c : cost) sum += c;
    if (cycles <= 0 || sum <= 0) return;
    for (int c = 0; c < kStallCauseCount; ++c)
      shares[std::size_t(c)] += double(cycles) * double(cost[std::size_t(c)]) / double(sum);
  };
  std::int64_t ideal_last = s.start - 1, actual_last = s.start - 1;
  for (std::size_t f = 0; f < folds.size(); ++f) {
    const Fold& fold = folds[f];
    FoldTimer what_if = actual;
    const FoldTiming own = what_if.next(s.start, fold.north_beats, fold.west_beats);
    const FoldTiming t = actual.next(s.avail[f], fold.north_beats, fold.west_beats);
    if (!(t == out.run.timing[f])) throw std::logic_error("Controller: the unit broke its timing contract");
    ideal_last = ideal.next(s.start, fold.north_beats, fold.west_beats).out_last;
    actual_last = t.out_last;
    const std::int64_t critical = s.critical[f];
    if (critical == State::kNone) continue;
    const bool load = critical >= 0;
    const TransferRecord& record = load ? s.loads[std::size_t(critical)] : s.outputs[std::size_t(-1 - critical)];
    charge(t.west_first - own.west_first,
           transfer_cost(record, load, parts_.link,
                         load ? load_channel_free(critical) : output_channel_free(-1 - critical)));
  }
  std::size_t last_write = 0;
  for (std::size_t j = 0; j < s.plan.outputs.size(); ++j)
    if (s.outputs[j].done >= s.outputs[last_write].done) last_write = j;
  if (!s.plan.outputs.empty())
    charge(out.end - (actual_last + 1),
           transfer_cost(s.outputs[last_write], false, parts_.link, output_channel_free(std::int64_t(last_write))));
  out.compute_cycles = ideal_last + 1 - s.start;
  out.avail = s.avail;
  out.stalls = split_stall((out.end - out.start) - out.compute_cycles, shares);
  return out;
}

}  // namespace sasim::sysc
