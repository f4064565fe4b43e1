// The Verilated RTL in the platform: a hand-written SC_MODULE whose thread
// clocks the variant's C ABI (rtl/abi/sa_rtl_abi.h) once per array cycle at
// Phase::Edge while the unit has work, presenting each fold's beats from its
// avail cycle on and posting what it observes on the handshakes. When no
// beat is in flight and the next fold is not yet available, it sleeps
// until it is: idle cycles change no state in the RTL.
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "sasim/unit/rtl_library.hpp"
#include "sasim/unit/rtl_variant.hpp"
#include "sasim/sysc/array_engine.hpp"

namespace sasim::sysc {
namespace {

struct Cursor {
  std::size_t fold = 0;
  int beat = 0;
};

class RtlArray final : public sc_core::sc_module, public ArrayEngine {
 public:
  SC_HAS_PROCESS(RtlArray);
  RtlArray(sc_core::sc_module_name name, const ArrayConfig& config, const CycleClock& clock, ArrayEventQueue& events,
           bool quiet)
      : sc_module(name),
        config_(config),
        clock_(clock),
        events_(events),
        lib_(ensure_rtl_variant(config, RtlBuildOptions{quiet}), config),
        unit_(lib_.create(nullptr)),
        pins_(lib_.pins(unit_)) {
    SC_THREAD(clocked);
  }
  ~RtlArray() override { lib_.destroy(unit_); }

  UnitKind unit_kind() const override { return UnitKind::Rtl; }

  void begin_layer(const std::vector<Fold>* folds) override {
    folds_ = folds;
    avail_.assign(folds->size(), -1);
    result_ = RunResult{};
    result_.timing.assign(folds->size(), FoldTiming{});
    with_data_ = !folds->empty() && !folds->front().west.empty();
    if (with_data_) result_.outputs.resize(folds->size());
    north_ = west_ = out_ = Cursor{};
  }

  void set_avail(std::size_t fold, std::int64_t avail) override {
    avail_.at(fold) = avail;
    wake_.notify();
  }

  RunResult end_layer() override {
    if (!folds_ || out_.fold != folds_->size()) throw std::logic_error("RtlArray: layer ended with folds in flight");
    folds_ = nullptr;
    return std::move(result_);
  }

 private:
  std::size_t count() const { return folds_ ? folds_->size() : 0; }
  bool available(const Cursor& c, std::int64_t cycle) const {
    return c.fold < count() && avail_[c.fold] >= 0 && cycle >= avail_[c.fold];
  }
  // Beats accepted whose outputs have not all left, or a fold half fed.
  bool in_flight() const {
    return out_.fold < west_.fold || west_.beat > 0 || north_.beat > 0 || out_.beat > 0;
  }

  void clocked() {
    std::int64_t idle = 0;
    const std::int64_t idle_limit = 4 * (std::int64_t{config_.rows} + config_.cols) + 64;
    for (;;) {
      const std::int64_t cycle = clock_.now();
      if (clock_.time_of(cycle) != sc_core::sc_time_stamp()) {
        clock_.wait_until(cycle, Phase::Edge);
        continue;
      }
      if (!in_flight() && !available(north_, cycle) && !available(west_, cycle)) {
        std::int64_t next = -1;  // the earliest known avail of a fold still to feed
        for (const Cursor* c : {&north_, &west_}) {
          if (c->fold < count() && avail_[c->fold] >= 0 && (next < 0 || avail_[c->fold] < next)) next = avail_[c->fold];
        }
        if (next >= 0) {
          clock_.wait_until(next, Phase::Edge);
        } else {
          sc_core::wait(wake_);
        }
        idle = 0;
        continue;
      }
      idle = step(cycle) ? 0 : idle + 1;
      if (idle > idle_limit) {
        throw std::logic_error(fmt::format("RTL {} made no progress for {} cycles at cycle {}",
                                           rtl_variant_name(config_), idle, cycle));
      }
      clock_.wait_until(cycle + 1, Phase::Edge);
    }
  }

  // Lanes are passed by pointer (sa_rtl_abi.h): straight from the fold's
  // beat data, or zeros for timing-only folds.
  const std::int32_t* beat_lanes(const std::vector<std::int32_t>& data, int beat, int lanes) const {
    return data.empty() ? zeros_.data() : data.data() + std::size_t(beat) * lanes;
  }

  // One clock cycle; true if a beat moved on some channel.
  bool step(std::int64_t cycle) {
    const bool north_on = available(north_, cycle), west_on = available(west_, cycle);
    const std::vector<Fold>& folds = *folds_;
    pins_->north_valid = north_on;
    pins_->west_valid = west_on;
    pins_->out_ready = 1;
    if (north_on) {
      const Fold& f = folds[north_.fold];
      pins_->north_last = north_.beat == f.north_beats - 1;
      pins_->north_data = beat_lanes(f.north, north_.beat, config_.cols);
    }
    if (west_on) {
      const Fold& f = folds[west_.fold];
      pins_->west_last = west_.beat == f.west_beats - 1;
      pins_->west_data = beat_lanes(f.west, west_.beat, config_.rows);
    }
    lib_.cycle(unit_);

    const bool os = config_.dataflow == Dataflow::OS;
    bool progress = false;
    if (north_on && pins_->north_ready) {
      progress = true;
      FoldTiming& t = result_.timing[north_.fold];
      if (north_.beat == 0) {
        t.north_first = cycle;
        if (!os) events_.post(cycle, north_.fold, ArrayEvent::NorthFirst);
      }
      if (++north_.beat == folds[north_.fold].north_beats) {
        t.north_last = cycle;
        if (!os) events_.post(cycle, north_.fold, ArrayEvent::NorthLast);
        north_ = {north_.fold + 1, 0};
      }
    }
    if (west_on && pins_->west_ready) {
      progress = true;
      FoldTiming& t = result_.timing[west_.fold];
      if (west_.beat == 0) {
        t.west_first = cycle;
        events_.post(cycle, west_.fold, ArrayEvent::WestFirst);
      }
      if (++west_.beat == folds[west_.fold].west_beats) {
        t.west_last = cycle;
        events_.post(cycle, west_.fold, ArrayEvent::WestLast);
        west_ = {west_.fold + 1, 0};
      }
    }
    if (pins_->out_valid) {
      progress = true;
      if (out_.fold >= folds.size()) throw std::logic_error("RtlArray: output beat without a fold");
      FoldTiming& t = result_.timing[out_.fold];
      if (out_.beat == 0) t.out_first = cycle;
      if (with_data_) {
        std::vector<std::int64_t>& dst = result_.outputs[out_.fold];
        dst.insert(dst.end(), pins_->out_data, pins_->out_data + config_.cols);
      }
      const int beats = output_beats(config_, folds[out_.fold]);
      ++out_.beat;
      if (bool(pins_->out_last) != (out_.beat == beats)) {
        throw std::logic_error(fmt::format("RTL out_last at beat {} of fold {} ({} beats expected)", out_.beat,
                                           out_.fold, beats));
      }
      if (out_.beat == beats) {
        t.out_last = cycle;
        result_.total_cycles = cycle + 1;
        events_.post(cycle, out_.fold, ArrayEvent::OutLast);
        out_ = {out_.fold + 1, 0};
      }
    }
    return progress || !(north_on || west_on);
  }

  ArrayConfig config_;
  const CycleClock& clock_;
  ArrayEventQueue& events_;
  RtlLibrary lib_;
  sa_rtl* unit_;
  sa_rtl_pins* pins_;
  const std::vector<Fold>* folds_ = nullptr;
  std::vector<std::int64_t> avail_;
  RunResult result_;
  bool with_data_ = false;
  Cursor north_, west_, out_;
  sc_core::sc_event wake_;
  std::vector<std::int32_t> zeros_ = std::vector<std::int32_t>(std::size_t(std::max(config_.rows, config_.cols)), 0);
};

}  // namespace

std::unique_ptr<ArrayEngine> make_rtl_array(const char* name, const ArrayConfig& config, const CycleClock& clock,
                                            ArrayEventQueue& events, bool quiet) {
  return std::make_unique<RtlArray>(name, config, clock, events, quiet);
}

}  // namespace sasim::sysc
