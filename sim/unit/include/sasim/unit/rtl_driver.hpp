#pragma once
// The per-cycle pin protocol of a Verilated matrix-unit variant (its C ABI,
// rtl/abi/sa_rtl_abi.h), shared by the two places that clock the RTL: the
// RTL MatrixUnit (rtl_unit.cpp: every cycle from reset until the folds are
// done) and the SystemC platform's RtlArray (sysc/src/rtl_array.cpp:
// clocked by the platform, asleep while nothing is in flight or available).
// Each cycle it presents the next north and west beats of the folds whose
// avail cycle has come, always accepts outputs, and records each fold's
// handshakes as FoldTiming and its output beats as outputs.
#include <cstdint>
#include <functional>
#include <vector>

#include "sasim/config/array_config.hpp"
#include "sasim/mapping/fold.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/unit/rtl_library.hpp"

namespace sasim {

class RtlDriver {
 public:
  // Told of every event in the cycle it happens, in the order the driver sees them.
  using Listener = std::function<void(std::size_t fold, ArrayEvent event, std::int64_t cycle)>;

  // Creates an instance of lib's variant (an FST waveform to trace_path
  // unless it is null), held in reset until the first step.
  RtlDriver(const RtlLibrary& lib, const ArrayConfig& config, const char* trace_path, Listener listener = {});
  ~RtlDriver();
  RtlDriver(const RtlDriver&) = delete;
  RtlDriver& operator=(const RtlDriver&) = delete;

  // A new run of folds (held by the caller until finish), each unavailable
  // until set_avail. The instance keeps its state: a drained unit is the
  // same as one from reset.
  void begin(const std::vector<Fold>& folds);
  // Fold `fold` may enter from cycle avail on.
  void set_avail(std::size_t fold, std::int64_t avail);

  // One clock cycle, numbered `cycle` (one more than the last step's, or
  // later after a sleep with nothing in flight). Throws std::logic_error if
  // the RTL breaks the protocol or stalls a presented beat too long.
  void step(std::int64_t cycle);

  bool done() const { return out_.fold == count(); }
  // True while a beat accepted has outputs still to leave, or a fold is half fed.
  bool in_flight() const;
  // True if a beat can be presented in `cycle`.
  bool can_feed(std::int64_t cycle) const { return available(north_, cycle) || available(west_, cycle); }
  // The earliest known avail cycle of a fold still to feed, or -1.
  std::int64_t next_avail() const;

  // After done(): the folds' timing, and outputs if every fold carries data.
  RunResult finish();

 private:
  struct Cursor {  // the next beat on one channel: beat `beat` of fold `fold`
    std::size_t fold = 0;
    int beat = 0;
  };
  std::size_t count() const { return folds_ ? folds_->size() : 0; }
  bool available(const Cursor& c, std::int64_t cycle) const {
    return c.fold < count() && avail_[c.fold] >= 0 && cycle >= avail_[c.fold];
  }
  void present(const Cursor& c, bool north);
  bool accept(Cursor& c, bool north, std::int64_t cycle);
  void output(std::int64_t cycle);
  std::int64_t* out_slot();
  void notify(std::size_t fold, ArrayEvent event, std::int64_t cycle) {
    if (listener_) listener_(fold, event, cycle);
  }

  const RtlLibrary& lib_;
  ArrayConfig config_;
  Listener listener_;
  sa_rtl* unit_;
  sa_rtl_pins* pins_;
  const std::vector<Fold>* folds_ = nullptr;
  std::vector<std::int64_t> avail_;  // per fold, -1 until set_avail
  RunResult result_;
  bool with_data_ = false;
  Cursor north_, west_, out_;
  std::int64_t idle_ = 0;  // cycles with a beat presented but none moving, to catch a hang
  // Lanes are passed by pointer (sa_rtl_abi.h): inputs straight from the
  // folds' beat data, outputs straight into the result. Timing-only folds
  // read zeros and write to scratch.
  std::vector<std::int32_t> zeros_;
  std::vector<std::int64_t> scratch_;
};

}  // namespace sasim
