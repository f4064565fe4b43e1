// The Verilated RTL behind the MatrixUnit interface: loads the variant's
// shared object and drives its valid/ready channels cycle by cycle, feeding
// each beat as soon as its fold is available and the unit is ready.
#include <fmt/format.h>

#include <algorithm>

#include "sasim/support/error.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/unit/rtl_library.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim {
namespace {

// Feeds one channel: the beats of fold `fold`, one per accepted cycle.
struct ChannelCursor {
  std::size_t fold = 0;
  int beat = 0;
};

class RtlUnit final : public MatrixUnit {
 public:
  RtlUnit(const ArrayConfig& config, const RtlOptions& options)
      : config_((config.validate(), config)),
        options_(options),
        lib_(ensure_rtl_variant(config_, RtlBuildOptions{options.quiet}), config_) {}
  RtlUnit(const RtlUnit&) = delete;
  RtlUnit& operator=(const RtlUnit&) = delete;

  const ArrayConfig& config() const override { return config_; }
  const char* engine_name() const override { return "rtl"; }

  RunResult run(const std::vector<Fold>& folds) override {
    check_folds(config_, folds);
    sa_rtl* unit = lib_.create(options_.trace_path.empty() ? nullptr : options_.trace_path.c_str());
    struct Destroy {
      const RtlLibrary& lib;
      sa_rtl* unit;
      ~Destroy() { lib.destroy(unit); }
    } destroy{lib_, unit};
    sa_rtl_pins* pins = lib_.pins(unit);

    RunResult result;
    result.timing.assign(folds.size(), FoldTiming{});
    const bool with_data = !folds.empty() && std::all_of(folds.begin(), folds.end(),
                                                         [](const Fold& f) { return !f.west.empty(); });
    if (with_data) result.outputs.resize(folds.size());
    const int rows = config_.rows, cols = config_.cols;
    // Lanes are passed by pointer (sa_rtl_abi.h): inputs straight from the
    // folds' beat data, outputs straight into the result. Timing-only folds
    // read zeros and write to scratch.
    const std::vector<std::int32_t> zeros(std::size_t(std::max(rows, cols)), 0);
    std::vector<std::int64_t> scratch(static_cast<std::size_t>(cols));
    ChannelCursor north, west, out;
    const std::size_t n = folds.size();
    // Where the output beat of this cycle goes, if there is one.
    auto out_slot = [&]() -> std::int64_t* {
      if (!with_data || out.fold >= n) return scratch.data();
      std::vector<std::int64_t>& dst = result.outputs[out.fold];
      if (dst.empty()) dst.resize(std::size_t(output_beats(config_, folds[out.fold])) * cols);
      return dst.data() + std::size_t(out.beat) * cols;
    };
    pins->out_data = out_slot();
    std::int64_t idle = 0;  // cycles without any handshake, to catch a hang
    const std::int64_t idle_limit = 4 * (std::int64_t{rows} + cols) + 64;

    for (std::int64_t cycle = 0; out.fold < n; ++cycle) {
      // Present the next beat on each channel once its fold is available.
      const bool north_on = north.fold < n && cycle >= folds[north.fold].avail;
      const bool west_on = west.fold < n && cycle >= folds[west.fold].avail;
      pins->north_valid = north_on;
      pins->west_valid = west_on;
      pins->out_ready = 1;
      if (north_on) {
        const Fold& f = folds[north.fold];
        pins->north_last = north.beat == f.north_beats - 1;
        pins->north_data = beat_lanes(f.north, north.beat, cols, zeros);
      }
      if (west_on) {
        const Fold& f = folds[west.fold];
        pins->west_last = west.beat == f.west_beats - 1;
        pins->west_data = beat_lanes(f.west, west.beat, rows, zeros);
      }
      lib_.cycle(unit);

      bool progress = false;
      if (north_on && pins->north_ready) {
        progress = true;
        FoldTiming& t = result.timing[north.fold];
        if (north.beat == 0) t.north_first = cycle;
        if (++north.beat == folds[north.fold].north_beats) {
          t.north_last = cycle;
          north = {north.fold + 1, 0};
        }
      }
      if (west_on && pins->west_ready) {
        progress = true;
        FoldTiming& t = result.timing[west.fold];
        if (west.beat == 0) t.west_first = cycle;
        if (++west.beat == folds[west.fold].west_beats) {
          t.west_last = cycle;
          west = {west.fold + 1, 0};
        }
      }
      if (pins->out_valid) {
        progress = true;
        FoldTiming& t = result.timing[out.fold];
        if (out.beat == 0) t.out_first = cycle;
        const int beats = output_beats(config_, folds[out.fold]);
        ++out.beat;
        if (bool(pins->out_last) != (out.beat == beats)) {
          throw std::logic_error(fmt::format("RTL out_last at beat {} of fold {} ({} beats expected)", out.beat,
                                             out.fold, beats));
        }
        if (out.beat == beats) {
          t.out_last = cycle;
          result.total_cycles = cycle + 1;
          out = {out.fold + 1, 0};
        }
        pins->out_data = out_slot();
      }
      idle = progress || !(north_on || west_on) ? 0 : idle + 1;
      if (idle > idle_limit) {
        throw std::logic_error(fmt::format("RTL {} made no progress for {} cycles at cycle {}",
                                           rtl_variant_name(config_), idle, cycle));
      }
    }
    return result;
  }

 private:
  // The lanes of one beat: in the fold's data, or zeros for timing-only folds.
  static const std::int32_t* beat_lanes(const std::vector<std::int32_t>& data, int beat, int lanes,
                                        const std::vector<std::int32_t>& zeros) {
    return data.empty() ? zeros.data() : data.data() + std::size_t(beat) * lanes;
  }

  ArrayConfig config_;
  RtlOptions options_;
  RtlLibrary lib_;
};

}  // namespace

std::unique_ptr<MatrixUnit> make_rtl_unit(const ArrayConfig& config, const RtlOptions& options) {
  return std::make_unique<RtlUnit>(config, options);
}

}  // namespace sasim
