// The fast C++ model of the matrix unit: timing from the FoldTimer
// recurrence, outputs from the same arithmetic the PEs do (raw lanes cut to
// IN_W bits as the RTL's ports do, stale bank contents and two's-complement
// wrap-around included), so it matches the RTL bit for bit without simulating
// the mesh cycle by cycle.
//
// Outputs: each fold is a small GEMM, out[t][c] = sum_r lhs[t][r] * rhs[r][c]
// (WS/IS: lhs = streamed west beats, rhs = the stationary bank; OS: lhs = the
// west lanes transposed, rhs = the north beats). Operands are at most 16 bits,
// so they are packed as int16 pairs along r and multiplied with vpmaddwd /
// vpdpwssd, 16 products per instruction (AVX2) or 32 (AVX-512 VNNI), into
// 32-bit sums kept in registers; a pair sum that overflows int32 wraps, which
// is exact modulo 2^32 like every other addition. The sums are wrapped to
// acc_width, sign-extended to int64 and appended to the fold's output vector
// a few rows at a time from an L1-resident chunk, so the output memory is
// written once. acc_width > 32 takes portable loops with 64-bit sums (built
// for AVX2 too), as do CPUs without AVX2.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#if defined(__x86_64__) && defined(__GNUC__)
#if !defined(__clang__)
// GCC 12's AVX-512 intrinsics start from _mm512_undefined_epi32(), which
// -Wmaybe-uninitialized reports inside the header once they are inlined
// (clang has no such warning).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#define SASIM_MODEL_X86 1
#endif

#include "sasim/support/error.hpp"
#include "sasim/support/wrap.hpp"
#include "sasim/unit/fold_timer.hpp"
#include "sasim/unit/matrix_unit.hpp"

namespace sasim {
namespace {

#define SASIM_INLINE inline __attribute__((always_inline))

// Output rows per kernel call: 8 independent accumulator chains hide the
// latency of the multiply-add (about 5 cycles) behind its throughput.
constexpr int kBlockRows = 8;
// Columns per packed rhs block: the widest vector (16 int32 lanes).
constexpr int kColumnPad = 16;

// One fold's operands, packed (see the file comment).
struct Packed {
  int t_count = 0;                    // output rows
  int r_pairs = 0;                    // reduction length / 2, rounded up (odd lengths padded with 0)
  int cols = 0;                       // output columns
  int cols_padded = 0;                // cols rounded up to kColumnPad
  const std::int16_t* lhs = nullptr;  // t_count x (2 r_pairs)
  const std::int32_t* rhs = nullptr;  // r_pairs x cols_padded words: (rhs[2p][c], rhs[2p+1][c]) as int16 pair
};

// A lane as the RTL sees it: the low in_width bits, signed (the ports are
// in_width bits wide).
SASIM_INLINE std::int16_t to_operand(std::int32_t lane, unsigned drop) {
  return static_cast<std::int16_t>(static_cast<std::int32_t>(static_cast<std::uint32_t>(lane) << drop) >> drop);
}

SASIM_INLINE std::int32_t pair_word(std::int16_t low, std::int16_t high) {
  return static_cast<std::int32_t>(std::uint32_t(std::uint16_t(low)) | (std::uint32_t(std::uint16_t(high)) << 16));
}

SASIM_INLINE std::int32_t load_word(const std::int16_t* pair) {
  std::int32_t word;
  std::memcpy(&word, pair, sizeof word);
  return word;
}

// lhs rows from lanes: row t, element r = lanes[t * t_stride + r * r_stride].
SASIM_INLINE void pack_lhs(const std::int32_t* lanes, std::ptrdiff_t t_stride, std::ptrdiff_t r_stride, int t_count,
                           int r_count, unsigned drop, std::int16_t* dst) {
  const int width = (r_count + 1) & ~1;
  for (int t = 0; t < t_count; ++t) {
    std::int16_t* row = dst + std::size_t(t) * width;
    const std::int32_t* src = lanes + t * t_stride;
    if (r_stride == 1) {
      for (int r = 0; r < r_count; ++r) row[r] = to_operand(src[r], drop);  // contiguous: vectorised
    } else {
      for (int r = 0; r < r_count; ++r) row[r] = to_operand(src[r * r_stride], drop);
    }
    if (width != r_count) row[r_count] = 0;
  }
}

// rhs rows (r_count x cols operands, row r at rows[r * cols]) as pair words.
template <typename Lane>
SASIM_INLINE void pack_rhs(const Lane* rows, int r_count, int cols, int cols_padded, unsigned drop, std::int32_t* dst) {
  for (int p = 0; p < (r_count + 1) / 2; ++p) {
    const Lane* even = rows + std::size_t(2 * p) * cols;
    const Lane* odd = 2 * p + 1 < r_count ? even + cols : nullptr;
    std::int32_t* out = dst + std::size_t(p) * cols_padded;
    for (int c = 0; c < cols; ++c) {
      out[c] = pair_word(to_operand(even[c], drop), odd ? to_operand(odd[c], drop) : std::int16_t{0});
    }
    std::fill(out + cols, out + cols_padded, 0);
  }
}

// --- kernels: rows [t0, t0 + t_n) of the fold into out (t_n x cols, dense) --

// Portable: Sum (uint32_t for acc_width <= 32, uint64_t above) per column,
// accumulated row pair by row pair over contiguous columns so the compiler
// vectorises the inner loop.
template <typename Sum>
SASIM_INLINE void block_generic(const Packed& p, int t0, int t_n, int acc_width, std::int64_t* out) {
  using Wide = std::conditional_t<sizeof(Sum) == 8, std::int64_t, std::int32_t>;
  Sum sum[kMaxArrayDim];
  for (int i = 0; i < t_n; ++i) {
    const std::int16_t* a = p.lhs + std::size_t(t0 + i) * (2 * p.r_pairs);
    std::fill(sum, sum + p.cols, Sum{0});
    for (int q = 0; q < p.r_pairs; ++q) {
      const Wide a0 = a[2 * q], a1 = a[2 * q + 1];
      if (a0 == 0 && a1 == 0) continue;  // zero-padded lanes cost nothing
      const std::int32_t* w = p.rhs + std::size_t(q) * p.cols_padded;
      for (int c = 0; c < p.cols; ++c) {
        const Wide w0 = std::int16_t(w[c] & 0xffff), w1 = std::int16_t(std::uint32_t(w[c]) >> 16);
        sum[c] += Sum(a0 * w0) + Sum(a1 * w1);  // each product fits Wide; the sum wraps in Sum
      }
    }
    for (int c = 0; c < p.cols; ++c) out[std::size_t(i) * p.cols + c] = wrap_signed(sum[c], acc_width);
  }
}

#ifdef SASIM_MODEL_X86
#define SASIM_AVX2 __attribute__((target("avx2")))
#define SASIM_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

// T rows x 8 columns (from column c0) in ymm registers.
template <int T>
SASIM_AVX2 SASIM_INLINE void tile_avx2(const Packed& p, int t0, int c0, unsigned acc_drop, std::int64_t* out) {
  __m256i acc[T];
  for (int i = 0; i < T; ++i) acc[i] = _mm256_setzero_si256();
  const std::int16_t* a = p.lhs + std::size_t(t0) * (2 * p.r_pairs);
  const std::int32_t* w = p.rhs + c0;
  for (int q = 0; q < p.r_pairs; ++q) {
    const __m256i wv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + std::size_t(q) * p.cols_padded));
    for (int i = 0; i < T; ++i) {
      const __m256i av = _mm256_set1_epi32(load_word(a + std::size_t(i) * (2 * p.r_pairs) + 2 * q));
      acc[i] = _mm256_add_epi32(acc[i], _mm256_madd_epi16(av, wv));
    }
  }
  const int valid = std::min(8, p.cols - c0);
  const __m128i shift = _mm_cvtsi32_si128(int(acc_drop));
  for (int i = 0; i < T; ++i) {
    const __m256i v = _mm256_sra_epi32(_mm256_sll_epi32(acc[i], shift), shift);
    std::int64_t* dst = out + std::size_t(i) * p.cols + c0;
    const __m256i lo = _mm256_cvtepi32_epi64(_mm256_castsi256_si128(v));
    const __m256i hi = _mm256_cvtepi32_epi64(_mm256_extracti128_si256(v, 1));
    if (valid == 8) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), lo);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 4), hi);
    } else {
      alignas(32) std::int64_t lanes[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), lo);
      _mm256_store_si256(reinterpret_cast<__m256i*>(lanes + 4), hi);
      std::copy_n(lanes, valid, dst);
    }
  }
}

SASIM_AVX2 void block_avx2(const Packed& p, int t0, int t_n, unsigned acc_drop, std::int64_t* out) {
  for (int c0 = 0; c0 < p.cols; c0 += 8) {
    int i = 0;
    for (; i + kBlockRows <= t_n; i += kBlockRows)
      tile_avx2<kBlockRows>(p, t0 + i, c0, acc_drop, out + std::size_t(i) * p.cols);
    for (; i < t_n; ++i) tile_avx2<1>(p, t0 + i, c0, acc_drop, out + std::size_t(i) * p.cols);
  }
}

// T rows x 16 columns (from column c0) in zmm registers, masked at the edge.
template <int T>
SASIM_AVX512 SASIM_INLINE void tile_avx512(const Packed& p, int t0, int c0, unsigned acc_drop, std::int64_t* out) {
  __m512i acc[T];
  for (int i = 0; i < T; ++i) acc[i] = _mm512_setzero_si512();
  const std::int16_t* a = p.lhs + std::size_t(t0) * (2 * p.r_pairs);
  const std::int32_t* w = p.rhs + c0;
  for (int q = 0; q < p.r_pairs; ++q) {
    const __m512i wv = _mm512_loadu_si512(w + std::size_t(q) * p.cols_padded);
    for (int i = 0; i < T; ++i) {
      const __m512i av = _mm512_set1_epi32(load_word(a + std::size_t(i) * (2 * p.r_pairs) + 2 * q));
      acc[i] = _mm512_dpwssd_epi32(acc[i], av, wv);
    }
  }
  const int valid = std::min(16, p.cols - c0);
  const __mmask8 lo_mask = valid >= 8 ? 0xff : __mmask8((1u << valid) - 1);
  const __mmask8 hi_mask = valid >= 16 ? 0xff : valid > 8 ? __mmask8((1u << (valid - 8)) - 1) : 0;
  const __m128i shift = _mm_cvtsi32_si128(int(acc_drop));
  for (int i = 0; i < T; ++i) {
    const __m512i v = _mm512_sra_epi32(_mm512_sll_epi32(acc[i], shift), shift);
    std::int64_t* dst = out + std::size_t(i) * p.cols + c0;
    _mm512_mask_storeu_epi64(dst, lo_mask, _mm512_cvtepi32_epi64(_mm512_castsi512_si256(v)));
    _mm512_mask_storeu_epi64(dst + 8, hi_mask, _mm512_cvtepi32_epi64(_mm512_extracti64x4_epi64(v, 1)));
  }
}

SASIM_AVX512 void block_avx512(const Packed& p, int t0, int t_n, unsigned acc_drop, std::int64_t* out) {
  for (int c0 = 0; c0 < p.cols; c0 += 16) {
    int i = 0;
    for (; i + kBlockRows <= t_n; i += kBlockRows)
      tile_avx512<kBlockRows>(p, t0 + i, c0, acc_drop, out + std::size_t(i) * p.cols);
    for (; i < t_n; ++i) tile_avx512<1>(p, t0 + i, c0, acc_drop, out + std::size_t(i) * p.cols);
  }
}
#endif

// --- one fold, end to end ---------------------------------------------------

// Reused across folds so that a run allocates only its output vectors.
struct Scratch {
  std::vector<std::int16_t> lhs;
  std::vector<std::int32_t> rhs;
  std::vector<std::int64_t> chunk;  // kBlockRows output rows
};

enum class Kernel { Generic, Avx2, Avx512 };

const char* kernel_name(Kernel kernel) {
  return kernel == Kernel::Avx512 ? "avx512" : kernel == Kernel::Avx2 ? "avx2" : "generic";
}

// The operands of a fold as Packed, in scratch. bank: rows x cols operands
// (WS/IS), already cut to in_width.
SASIM_INLINE Packed pack_fold(const ArrayConfig& config, const Fold& fold, const std::int16_t* bank, Scratch& scratch) {
  const int rows = config.rows, cols = config.cols;
  const unsigned drop = 32u - unsigned(config.in_width);
  Packed p;
  p.cols = cols;
  p.cols_padded = (cols + kColumnPad - 1) / kColumnPad * kColumnPad;
  const bool os = config.dataflow == Dataflow::OS;
  // OS: PE(r, c) sums west[k][r] * north[k][c]; drain beat d reads row rows-1-d.
  // WS/IS: beat t meets the whole bank, lane r against bank row r.
  p.t_count = os ? rows : fold.west_beats;
  const int r_count = os ? fold.west_beats : rows;
  p.r_pairs = (r_count + 1) / 2;
  scratch.lhs.resize(std::size_t(p.t_count) * 2 * p.r_pairs);
  scratch.rhs.resize(std::size_t(p.r_pairs) * p.cols_padded);
  if (os) {
    pack_lhs(fold.west.data() + (rows - 1), -1, rows, p.t_count, r_count, drop, scratch.lhs.data());
    pack_rhs(fold.north.data(), r_count, cols, p.cols_padded, drop, scratch.rhs.data());
  } else {
    pack_lhs(fold.west.data(), rows, 1, p.t_count, r_count, drop, scratch.lhs.data());
    pack_rhs(bank, r_count, cols, p.cols_padded, 0, scratch.rhs.data());
  }
  p.lhs = scratch.lhs.data();
  p.rhs = scratch.rhs.data();
  return p;
}

// Appends the fold's outputs to out, kBlockRows rows at a time through an
// L1-resident chunk (out's memory is written once, never zero-filled).
template <typename Block>
SASIM_INLINE void emit_fold(const Packed& p, Scratch& scratch, std::vector<std::int64_t>& out, Block block) {
  out.reserve(std::size_t(p.t_count) * p.cols);
  scratch.chunk.resize(std::size_t(kBlockRows) * p.cols);
  std::int64_t* chunk = scratch.chunk.data();
  for (int t0 = 0; t0 < p.t_count; t0 += kBlockRows) {
    const int t_n = std::min(kBlockRows, p.t_count - t0);
    block(p, t0, t_n, chunk);
    out.insert(out.end(), chunk, chunk + std::size_t(t_n) * p.cols);
  }
}

// One function per instruction set, so that the packing loops inlined into
// it are vectorised for that set too.
using FoldFn = void (*)(const ArrayConfig&, const Fold&, const std::int16_t*, Scratch&, std::vector<std::int64_t>&);

SASIM_INLINE void fold_portable(const ArrayConfig& config, const Fold& fold, const std::int16_t* bank, Scratch& scratch,
                                std::vector<std::int64_t>& out) {
  const Packed p = pack_fold(config, fold, bank, scratch);
  const int acc_width = config.acc_width;
  if (acc_width > 32) {
    emit_fold(p, scratch, out, [acc_width](const Packed& q, int t0, int t_n, std::int64_t* dst) {
      block_generic<std::uint64_t>(q, t0, t_n, acc_width, dst);
    });
  } else {
    emit_fold(p, scratch, out, [acc_width](const Packed& q, int t0, int t_n, std::int64_t* dst) {
      block_generic<std::uint32_t>(q, t0, t_n, acc_width, dst);
    });
  }
}

void fold_generic(const ArrayConfig& config, const Fold& fold, const std::int16_t* bank, Scratch& scratch,
                  std::vector<std::int64_t>& out) {
  fold_portable(config, fold, bank, scratch, out);
}

#ifdef SASIM_MODEL_X86
// acc_width > 32 on AVX2 or AVX-512 machines: the portable loops, vectorised for AVX2.
SASIM_AVX2 void fold_wide_avx2(const ArrayConfig& config, const Fold& fold, const std::int16_t* bank, Scratch& scratch,
                               std::vector<std::int64_t>& out) {
  fold_portable(config, fold, bank, scratch, out);
}

SASIM_AVX2 void fold_avx2(const ArrayConfig& config, const Fold& fold, const std::int16_t* bank, Scratch& scratch,
                          std::vector<std::int64_t>& out) {
  const Packed p = pack_fold(config, fold, bank, scratch);
  const unsigned drop = 32u - unsigned(config.acc_width);
  emit_fold(p, scratch, out,
            [&](const Packed& q, int t0, int t_n, std::int64_t* dst) { block_avx2(q, t0, t_n, drop, dst); });
}

SASIM_AVX512 void fold_avx512(const ArrayConfig& config, const Fold& fold, const std::int16_t* bank, Scratch& scratch,
                              std::vector<std::int64_t>& out) {
  const Packed p = pack_fold(config, fold, bank, scratch);
  const unsigned drop = 32u - unsigned(config.acc_width);
  emit_fold(p, scratch, out,
            [&](const Packed& q, int t0, int t_n, std::int64_t* dst) { block_avx512(q, t0, t_n, drop, dst); });
}
#endif

bool cpu_has(Kernel kernel) {
#ifdef SASIM_MODEL_X86
  __builtin_cpu_init();
  if (kernel == Kernel::Avx2) return __builtin_cpu_supports("avx2");
  if (kernel == Kernel::Avx512) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
  }
#endif
  return kernel == Kernel::Generic;
}

// The fastest kernel the CPU runs, or the one SASIM_MODEL_KERNEL names
// (generic, avx2, avx512), so that tests can check every kernel against the
// others on one machine.
Kernel choose_kernel() {
  if (const char* name = std::getenv("SASIM_MODEL_KERNEL"); name && *name) {
    for (Kernel k : {Kernel::Generic, Kernel::Avx2, Kernel::Avx512}) {
      if (std::string(name) != kernel_name(k)) continue;
      if (!cpu_has(k)) throw UserError(fmt::format("SASIM_MODEL_KERNEL={}: this CPU lacks it", name));
      return k;
    }
    throw UserError(fmt::format("SASIM_MODEL_KERNEL='{}': expected generic, avx2 or avx512", name));
  }
  return cpu_has(Kernel::Avx512) ? Kernel::Avx512 : cpu_has(Kernel::Avx2) ? Kernel::Avx2 : Kernel::Generic;
}

class ModelUnit final : public MatrixUnit {
 public:
  explicit ModelUnit(const ArrayConfig& config) : config_(config) {
    config_.validate();
    const Kernel kernel = choose_kernel();
    fold_fn_ = fold_generic;
#ifdef SASIM_MODEL_X86
    // The int16-pair kernels sum in 32 bits; wider accumulators take the portable loops.
    if (kernel != Kernel::Generic && config_.acc_width > 32) fold_fn_ = fold_wide_avx2;
    else if (kernel == Kernel::Avx2) fold_fn_ = fold_avx2;
    else if (kernel == Kernel::Avx512) fold_fn_ = fold_avx512;
#endif
  }
  const ArrayConfig& config() const override {
    return config_;
  }

  RunResult run(const std::vector<Fold>& folds) override {
    check_folds(config_, folds);
    RunResult result;
    FoldTimer timer(config_);
    result.timing.reserve(folds.size());
    for (const Fold& fold : folds) result.timing.push_back(timer.next(fold.avail, fold.north_beats, fold.west_beats));
    if (!result.timing.empty()) result.total_cycles = result.timing.back().out_last + 1;
    const bool with_data =
        !folds.empty() && std::all_of(folds.begin(), folds.end(), [](const Fold& f) { return !f.west.empty(); });
    if (with_data) compute_outputs(folds, result);
    return result;
  }

 private:
  void compute_outputs(const std::vector<Fold>& folds, RunResult& result) const {
    const int rows = config_.rows, cols = config_.cols;
    const unsigned drop = 32u - unsigned(config_.in_width);
    // Stationary banks as the PEs hold them (operands, rows x cols); reset is zero.
    std::vector<std::int16_t> bank[2] = {std::vector<std::int16_t>(std::size_t(rows) * cols, 0),
                                         std::vector<std::int16_t>(std::size_t(rows) * cols, 0)};
    Scratch scratch;
    result.outputs.resize(folds.size());
    for (std::size_t f = 0; f < folds.size(); ++f) {
      const Fold& fold = folds[f];
      std::vector<std::int16_t>& w = bank[f % 2];
      if (config_.dataflow != Dataflow::OS) {
        // Preload shifts the bank down one row per north beat, beat enters row 0.
        const int shift = fold.north_beats;
        std::move_backward(w.begin(), w.end() - std::size_t(shift) * cols, w.end());
        for (int q = 0; q < shift; ++q) {
          const std::int32_t* src = fold.north.data() + std::size_t(q) * cols;
          std::int16_t* dst = w.data() + std::size_t(shift - 1 - q) * cols;
          for (int c = 0; c < cols; ++c) dst[c] = to_operand(src[c], drop);
        }
      }
      fold_fn_(config_, fold, w.data(), scratch, result.outputs[f]);
    }
  }

  ArrayConfig config_;
  FoldFn fold_fn_ = nullptr;
};

}  // namespace

std::unique_ptr<MatrixUnit> make_model_unit(const ArrayConfig& config) {
  return std::make_unique<ModelUnit>(config);
}

}  // namespace sasim
