#include "sasim/unit/rtl_driver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "sasim/unit/rtl_variant.hpp"

namespace sasim {

RtlDriver::RtlDriver(const RtlLibrary& lib, const ArrayConfig& config, const char* trace_path, Listener listener)
    : lib_(lib),
      config_(config),
      listener_(std::move(listener)),
      unit_(lib_.create(trace_path)),
      pins_(lib_.pins(unit_)),
      zeros_(std::size_t(std::max(config.rows, config.cols)), 0),
      scratch_(std::size_t(config.cols)) {
  pins_->out_data = scratch_.data();
}

RtlDriver::~RtlDriver() {
  lib_.destroy(unit_);
}

void RtlDriver::begin(const std::vector<Fold>& folds) {
  folds_ = &folds;
  avail_.assign(folds.size(), -1);
  result_ = RunResult{};
  result_.timing.assign(folds.size(), FoldTiming{});
  with_data_ = !folds.empty() && std::all_of(folds.begin(), folds.end(), [](const Fold& f) { return !f.west.empty(); });
  if (with_data_) result_.outputs.resize(folds.size());
  north_ = west_ = out_ = Cursor{};
  pins_->out_data = out_slot();
}

void RtlDriver::set_avail(std::size_t fold, std::int64_t avail) {
  avail_.at(fold) = avail;
}

bool RtlDriver::in_flight() const {
  return out_.fold < west_.fold || west_.beat > 0 || north_.beat > 0 || out_.beat > 0;
}

std::int64_t RtlDriver::next_avail() const {
  std::int64_t next = -1;
  for (const Cursor* c : {&north_, &west_}) {
    if (c->fold < count() && avail_[c->fold] >= 0 && (next < 0 || avail_[c->fold] < next)) next = avail_[c->fold];
  }
  return next;
}

// Where the output beat of this cycle goes, if there is one.
std::int64_t* RtlDriver::out_slot() {
  if (!with_data_ || out_.fold >= count()) return scratch_.data();
  std::vector<std::int64_t>& dst = result_.outputs[out_.fold];
  if (dst.empty()) dst.resize(std::size_t(output_beats(config_, (*folds_)[out_.fold])) * config_.cols);
  return dst.data() + std::size_t(out_.beat) * config_.cols;
}

void RtlDriver::present(const Cursor& c, bool north) {
  const Fold& f = (*folds_)[c.fold];
  const std::vector<std::int32_t>& data = north ? f.north : f.west;
  const int lanes = north ? config_.cols : config_.rows;
  const std::int32_t* lanes_at = data.empty() ? zeros_.data() : data.data() + std::size_t(c.beat) * lanes;
  if (north) {
    pins_->north_last = c.beat == f.north_beats - 1;
    pins_->north_data = lanes_at;
  } else {
    pins_->west_last = c.beat == f.west_beats - 1;
    pins_->west_data = lanes_at;
  }
}

// After the cycle: if the channel's beat was taken, records it and moves on.
bool RtlDriver::accept(Cursor& c, bool north, std::int64_t cycle) {
  if (!(north ? pins_->north_ready : pins_->west_ready)) return false;
  FoldTiming& t = result_.timing[c.fold];
  const int beats = north ? (*folds_)[c.fold].north_beats : (*folds_)[c.fold].west_beats;
  if (c.beat == 0) {
    (north ? t.north_first : t.west_first) = cycle;
    notify(c.fold, north ? ArrayEvent::NorthFirst : ArrayEvent::WestFirst, cycle);
  }
  if (++c.beat == beats) {
    (north ? t.north_last : t.west_last) = cycle;
    notify(c.fold, north ? ArrayEvent::NorthLast : ArrayEvent::WestLast, cycle);
    c = {c.fold + 1, 0};
  }
  return true;
}

void RtlDriver::output(std::int64_t cycle) {
  if (out_.fold >= count()) throw std::logic_error("RTL: output beat without a fold");
  FoldTiming& t = result_.timing[out_.fold];
  if (out_.beat == 0) t.out_first = cycle;
  const int beats = output_beats(config_, (*folds_)[out_.fold]);
  ++out_.beat;
  if (bool(pins_->out_last) != (out_.beat == beats)) {
    throw std::logic_error(
        fmt::format("RTL out_last at beat {} of fold {} ({} beats expected)", out_.beat, out_.fold, beats));
  }
  if (out_.beat == beats) {
    t.out_last = cycle;
    result_.total_cycles = cycle + 1;
    notify(out_.fold, ArrayEvent::OutLast, cycle);
    out_ = {out_.fold + 1, 0};
  }
  pins_->out_data = out_slot();
}

void RtlDriver::step(std::int64_t cycle) {
  const bool north_on = available(north_, cycle), west_on = available(west_, cycle);
  pins_->north_valid = north_on;
  pins_->west_valid = west_on;
  pins_->out_ready = 1;
  if (north_on) present(north_, true);
  if (west_on) present(west_, false);
  lib_.cycle(unit_);

  bool progress = false;
  if (north_on) progress |= accept(north_, true, cycle);
  if (west_on) progress |= accept(west_, false, cycle);
  if (pins_->out_valid) {
    progress = true;
    output(cycle);
  }
  const std::int64_t idle_limit = 4 * (std::int64_t{config_.rows} + config_.cols) + 64;
  idle_ = progress || !(north_on || west_on) ? 0 : idle_ + 1;
  if (idle_ > idle_limit) {
    throw std::logic_error(
        fmt::format("RTL {} made no progress for {} cycles at cycle {}", rtl_variant_name(config_), idle_, cycle));
  }
}

RunResult RtlDriver::finish() {
  if (!done()) throw std::logic_error("RtlDriver: run finished with folds in flight");
  folds_ = nullptr;
  pins_->out_data = scratch_.data();  // the outputs leave with the result
  return std::move(result_);
}

}  // namespace sasim
