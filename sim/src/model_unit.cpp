// The fast C++ model of the matrix unit: timing from the FoldTimer
// recurrence, outputs from the same arithmetic the PEs do (raw lanes, stale
// bank contents and two's-complement wrap-around included), so it matches the
// RTL bit for bit without simulating the mesh cycle by cycle.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sasim/fold_timer.hpp"
#include "sasim/matrix_unit.hpp"
#include "sasim/wrap.hpp"

namespace sasim {
namespace {

// out[t][c] += sum_r lhs[t][r] * rhs[r][c], modulo 2^bits of Acc (wrapped to
// acc_width later, which is exact because wrapping commutes with addition).
// The inner loop runs over contiguous c so the compiler vectorises it; with
// acc_width <= 32 the sums fit 32-bit lanes (products of 16-bit operands fit
// int32), twice as many per vector as 64-bit ones.
template <typename Acc, typename Product>
inline void mac_rows_impl(const std::int32_t* lhs, int t_count, int r_count, const std::int32_t* rhs, int c_count,
                          Acc* out) {
  for (int t = 0; t < t_count; ++t) {
    Acc* out_row = out + std::size_t(t) * c_count;
    for (int r = 0; r < r_count; ++r) {
      const Product a = lhs[std::size_t(t) * r_count + r];
      if (a == 0) continue;  // zero-padded lanes and sparse data cost nothing
      const std::int32_t* rhs_row = rhs + std::size_t(r) * c_count;
      for (int c = 0; c < c_count; ++c) out_row[c] += static_cast<Acc>(a * rhs_row[c]);
    }
  }
}

// One build runs on any x86-64 and uses AVX2 where the CPU has it.
__attribute__((target_clones("avx2", "default"))) void mac_rows32(const std::int32_t* lhs, int t_count,
                                                                   int r_count, const std::int32_t* rhs,
                                                                   int c_count, std::uint32_t* out) {
  mac_rows_impl<std::uint32_t, std::int32_t>(lhs, t_count, r_count, rhs, c_count, out);
}

__attribute__((target_clones("avx2", "default"))) void mac_rows64(const std::int32_t* lhs, int t_count,
                                                                   int r_count, const std::int32_t* rhs,
                                                                   int c_count, std::uint64_t* out) {
  mac_rows_impl<std::uint64_t, std::int64_t>(lhs, t_count, r_count, rhs, c_count, out);
}

class ModelUnit final : public MatrixUnit {
 public:
  explicit ModelUnit(const ArrayConfig& config) : config_(config) { config_.validate(); }
  const ArrayConfig& config() const override { return config_; }
  const char* engine_name() const override { return "model"; }

  RunResult run(const std::vector<Fold>& folds) override {
    check_folds(config_, folds);
    RunResult result;
    FoldTimer timer(config_);
    result.timing.reserve(folds.size());
    for (const Fold& fold : folds) result.timing.push_back(timer.next(fold.avail, fold.north_beats, fold.west_beats));
    if (!result.timing.empty()) result.total_cycles = result.timing.back().out_last + 1;
    const bool with_data = !folds.empty() && std::all_of(folds.begin(), folds.end(),
                                                         [](const Fold& f) { return !f.west.empty(); });
    if (with_data) compute_outputs(folds, result);
    return result;
  }

 private:
  void compute_outputs(const std::vector<Fold>& folds, RunResult& result) const {
    const int rows = config_.rows, cols = config_.cols;
    // Stationary banks as the PEs hold them, rows x cols each; reset is zero.
    std::vector<std::int32_t> bank[2] = {std::vector<std::int32_t>(std::size_t(rows) * cols, 0),
                                         std::vector<std::int32_t>(std::size_t(rows) * cols, 0)};
    std::vector<std::uint32_t> acc32;
    std::vector<std::uint64_t> acc64;
    const bool narrow = config_.acc_width <= 32;
    auto mac = [&](const std::int32_t* lhs, int t_count, int r_count, const std::int32_t* rhs) {
      if (narrow) mac_rows32(lhs, t_count, r_count, rhs, cols, acc32.data());
      else mac_rows64(lhs, t_count, r_count, rhs, cols, acc64.data());
    };
    result.outputs.resize(folds.size());
    for (std::size_t f = 0; f < folds.size(); ++f) {
      const Fold& fold = folds[f];
      const int beats = output_beats(config_, fold);
      const std::size_t lanes = std::size_t(beats) * cols;
      narrow ? acc32.assign(lanes, 0) : acc64.assign(lanes, 0);
      if (config_.dataflow == Dataflow::OS) {
        // PE(r, c) sums west[k][r] * north[k][c]; drain beat d reads row rows-1-d.
        std::vector<std::int32_t> west_t(std::size_t(rows) * fold.west_beats);
        for (int k = 0; k < fold.west_beats; ++k)
          for (int r = 0; r < rows; ++r)
            west_t[std::size_t(rows - 1 - r) * fold.west_beats + k] = fold.west[std::size_t(k) * rows + r];
        mac(west_t.data(), rows, fold.west_beats, fold.north.data());
      } else {
        // Preload shifts the bank down one row per north beat, beat enters row 0.
        std::vector<std::int32_t>& w = bank[f % 2];
        const int shift = fold.north_beats;
        std::move_backward(w.begin(), w.end() - std::size_t(shift) * cols, w.end());
        for (int q = 0; q < shift; ++q)
          std::copy_n(fold.north.begin() + std::ptrdiff_t(q) * cols, cols,
                      w.begin() + std::ptrdiff_t(shift - 1 - q) * cols);
        mac(fold.west.data(), fold.west_beats, rows, w.data());
      }
      std::vector<std::int64_t>& out = result.outputs[f];
      out.resize(lanes);
      for (std::size_t i = 0; i < lanes; ++i) out[i] = wrap_signed(narrow ? acc32[i] : acc64[i], config_.acc_width);
    }
  }

  ArrayConfig config_;
};

}  // namespace

std::unique_ptr<MatrixUnit> make_model_unit(const ArrayConfig& config) {
  return std::make_unique<ModelUnit>(config);
}

}  // namespace sasim
