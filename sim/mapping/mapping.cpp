#include "sasim/mapping/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sasim/support/error.hpp"
#include "sasim/support/wrap.hpp"
#include "sasim/support/int_math.hpp"

namespace sasim {
namespace {


// The GEMM loop nest seen from the array: `outer` tiles are visited in the
// outer loop, `inner` tiles in the inner one; each (outer, inner) is a fold.
struct Tiling {
  std::int64_t outer_tiles, inner_tiles, stream;
};

Tiling tiling(const ArrayConfig& c, const GemmShape& s) {
  switch (c.dataflow) {
    case Dataflow::WS: return {ceil_div(s.n, c.cols), ceil_div(s.k, c.rows), s.m};  // N tiles x K tiles, M streams
    case Dataflow::IS: return {ceil_div(s.m, c.cols), ceil_div(s.k, c.rows), s.n};  // M tiles x K tiles, N streams
    case Dataflow::OS: return {ceil_div(s.m, c.rows), ceil_div(s.n, c.cols), s.k};  // M tiles x N tiles, K streams
  }
  return {0, 0, 0};
}

}  // namespace

FoldPlan plan_folds(const ArrayConfig& c, const GemmShape& s) {
  if (s.m < 1 || s.n < 1 || s.k < 1) {
    throw UserError(fmt::format("GEMM M={}, N={}, K={}: every dimension must be >= 1", s.m, s.n, s.k));
  }
  const Tiling t = tiling(c, s);
  FoldPlan plan;
  // Checked: a shape whose M*N*K fits 64 bits can still overflow the PE-slot
  // count (M = K = 2^31-1, N = 1 on a 256x256 array is about 2^76 slots).
  if (__builtin_mul_overflow(t.outer_tiles, t.inner_tiles, &plan.count) ||
      __builtin_mul_overflow(plan.count, t.stream, &plan.stream_beats) ||
      __builtin_mul_overflow(plan.stream_beats, std::int64_t{c.rows} * c.cols, &plan.pe_slots)) {
    throw UserError(fmt::format(
        "GEMM M={}, N={}, K={} on a {}x{} {} array: its PE-slot count (folds x streamed beats x PEs) overflows "
        "64 bits: expected a smaller layer",
        s.m, s.n, s.k, c.rows, c.cols, to_string(c.dataflow)));
  }
  return plan;
}

std::vector<Fold> make_folds(const ArrayConfig& c, const GemmShape& s, const GemmOperands* ops) {
  const Tiling t = tiling(c, s);
  const int rows = c.rows, cols = c.cols;
  auto A = [&](std::int64_t i, std::int64_t p) { return ops->a[std::size_t(i * s.k + p)]; };
  auto B = [&](std::int64_t p, std::int64_t j) { return ops->b[std::size_t(p * s.n + j)]; };
  std::vector<Fold> folds;
  folds.reserve(std::size_t(t.outer_tiles * t.inner_tiles));
  for (std::int64_t o = 0; o < t.outer_tiles; ++o) {
    for (std::int64_t in = 0; in < t.inner_tiles; ++in) {
      Fold f;
      f.west_beats = static_cast<int>(t.stream);
      if (c.dataflow == Dataflow::OS) {
        const std::int64_t m0 = o * rows, n0 = in * cols;
        const int mt = int(std::min<std::int64_t>(rows, s.m - m0)), nt = int(std::min<std::int64_t>(cols, s.n - n0));
        f.north_beats = f.west_beats;
        if (ops) {
          f.west.assign(std::size_t(s.k) * rows, 0);
          f.north.assign(std::size_t(s.k) * cols, 0);
          for (std::int64_t p = 0; p < s.k; ++p) {
            // Row i of the tile enters lane rows-1-i: drain beat d is then row d.
            for (int i = 0; i < mt; ++i) f.west[std::size_t(p) * rows + (rows - 1 - i)] = A(m0 + i, p);
            for (int j = 0; j < nt; ++j) f.north[std::size_t(p) * cols + j] = B(p, n0 + j);
          }
        }
      } else {
        const bool ws = c.dataflow == Dataflow::WS;
        const std::int64_t x0 = o * cols, k0 = in * rows;  // x = n (WS) or m (IS)
        const int kt = int(std::min<std::int64_t>(rows, s.k - k0));
        const int xt = int(std::min<std::int64_t>(cols, (ws ? s.n : s.m) - x0));
        f.north_beats = kt;
        if (ops) {
          // Stationary tile row r holds k = k0 + r; beat q lands in row kt-1-q.
          f.north.assign(std::size_t(kt) * cols, 0);
          for (int q = 0; q < kt; ++q) {
            const std::int64_t p = k0 + kt - 1 - q;
            for (int j = 0; j < xt; ++j) f.north[std::size_t(q) * cols + j] = ws ? B(p, x0 + j) : A(x0 + j, p);
          }
          f.west.assign(std::size_t(t.stream) * rows, 0);
          for (std::int64_t v = 0; v < t.stream; ++v)  // v = m (WS) or n (IS)
            for (int r = 0; r < kt; ++r) f.west[std::size_t(v) * rows + r] = ws ? A(v, k0 + r) : B(k0 + r, v);
        }
      }
      folds.push_back(std::move(f));
    }
  }
  return folds;
}

std::vector<std::int64_t> assemble_output(const ArrayConfig& c, const GemmShape& s,
                                          const std::vector<std::vector<std::int64_t>>& outputs) {
  const Tiling t = tiling(c, s);
  const int rows = c.rows, cols = c.cols;
  std::vector<std::uint64_t> sum(std::size_t(s.m * s.n), 0);
  auto add = [&](std::int64_t i, std::int64_t j, std::int64_t v) {
    sum[std::size_t(i * s.n + j)] += static_cast<std::uint64_t>(v);
  };
  std::size_t f = 0;
  for (std::int64_t o = 0; o < t.outer_tiles; ++o) {
    for (std::int64_t in = 0; in < t.inner_tiles; ++in, ++f) {
      const std::vector<std::int64_t>& out = outputs[f];
      if (c.dataflow == Dataflow::OS) {
        const std::int64_t m0 = o * rows, n0 = in * cols;
        for (std::int64_t d = 0; d < std::min<std::int64_t>(rows, s.m - m0); ++d)
          for (std::int64_t j = 0; j < std::min<std::int64_t>(cols, s.n - n0); ++j)
            add(m0 + d, n0 + j, out[std::size_t(d * cols + j)]);
      } else {
        const bool ws = c.dataflow == Dataflow::WS;
        const std::int64_t x0 = o * cols;
        const std::int64_t xt = std::min<std::int64_t>(cols, (ws ? s.n : s.m) - x0);
        for (std::int64_t v = 0; v < t.stream; ++v)
          for (std::int64_t j = 0; j < xt; ++j) {
            const std::int64_t value = out[std::size_t(v * cols + j)];
            ws ? add(v, x0 + j, value) : add(x0 + j, v, value);
          }
      }
    }
  }
  std::vector<std::int64_t> result(sum.size());
  for (std::size_t i = 0; i < sum.size(); ++i) result[i] = wrap_signed(sum[i], c.acc_width);
  return result;
}

}  // namespace sasim
