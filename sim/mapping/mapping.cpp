#include "sasim/mapping/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "sasim/mapping/dataflow.hpp"

#include "sasim/support/error.hpp"
#include "sasim/support/int_math.hpp"
#include "sasim/support/wrap.hpp"

namespace sasim {
namespace {

// The GEMM loop nest seen from the array (dataflow.hpp): `outer` tiles are
// visited in the outer loop, `inner` tiles in the inner one; each (outer,
// inner) is a fold, and the stream dimension passes whole through each.
struct Tiling {
  std::int64_t outer_tiles, inner_tiles, stream;
};

Tiling tiling(const ArrayConfig& c, const GemmShape& s) {
  const DataflowTraits& t = dataflow_traits(c.dataflow);
  return {ceil_div(extent(s, t.outer), fold_tile(c, s, t.outer)),
          ceil_div(extent(s, t.inner), fold_tile(c, s, t.inner)), extent(s, t.stream)};
}

// Element (k, x) of an operand: A[x][k] or B[k][x].
struct OperandView {
  const GemmOperands& ops;
  const GemmShape& s;
  std::int32_t operator()(Operand op, std::int64_t k, std::int64_t x) const {
    return op == kInput ? ops.a[std::size_t(x * s.k + k)] : ops.b[std::size_t(k * s.n + x)];
  }
};

// OS: both operands stream K beats; row i of the output tile takes west lane
// rows-1-i, so drain beat d is row d.
void fill_joined(Fold& f, const ArrayConfig& c, const GemmShape& s, const OperandView& at, std::int64_t m0,
                 std::int64_t n0) {
  const Operand north = dataflow_traits(c.dataflow).north, west = north == kInput ? kWeight : kInput;
  const int rows = c.rows, cols = c.cols;
  const int mt = int(std::min<std::int64_t>(rows, s.m - m0)), nt = int(std::min<std::int64_t>(cols, s.n - n0));
  f.west.assign(std::size_t(s.k) * rows, 0);
  f.north.assign(std::size_t(s.k) * cols, 0);
  for (std::int64_t p = 0; p < s.k; ++p) {
    for (int i = 0; i < mt; ++i) f.west[std::size_t(p) * rows + (rows - 1 - i)] = at(west, p, m0 + i);
    for (int j = 0; j < nt; ++j) f.north[std::size_t(p) * cols + j] = at(north, p, n0 + j);
  }
}

// WS/IS: stationary tile row r holds k = k0 + r, and beat q lands in row
// kt-1-q; the streamed operand's element v (M for WS, N for IS) is west beat v.
void fill_stationary(Fold& f, const ArrayConfig& c, const GemmShape& s, const OperandView& at, std::int64_t x0,
                     std::int64_t k0, int kt, int xt) {
  const DataflowTraits& t = dataflow_traits(c.dataflow);
  const int rows = c.rows, cols = c.cols;
  f.north.assign(std::size_t(kt) * cols, 0);
  for (int q = 0; q < kt; ++q) {
    const std::int64_t p = k0 + kt - 1 - q;
    for (int j = 0; j < xt; ++j) f.north[std::size_t(q) * cols + j] = at(t.stationary, p, x0 + j);
  }
  const std::int64_t stream = extent(s, t.stream);
  f.west.assign(std::size_t(stream) * rows, 0);
  for (std::int64_t v = 0; v < stream; ++v)
    for (int r = 0; r < kt; ++r) f.west[std::size_t(v) * rows + r] = at(t.streamed, k0 + r, v);
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
  const DataflowTraits& dt = dataflow_traits(c.dataflow);
  const Tiling t = tiling(c, s);
  const std::int64_t outer_step = fold_tile(c, s, dt.outer), inner_step = fold_tile(c, s, dt.inner);
  std::vector<Fold> folds;
  folds.reserve(std::size_t(t.outer_tiles * t.inner_tiles));
  for (std::int64_t o = 0; o < t.outer_tiles; ++o) {
    for (std::int64_t in = 0; in < t.inner_tiles; ++in) {
      Fold f;
      f.west_beats = static_cast<int>(t.stream);
      const std::int64_t x0 = o * outer_step, y0 = in * inner_step;
      if (!dt.has_stationary) {
        f.north_beats = f.west_beats;
        if (ops) fill_joined(f, c, s, OperandView{*ops, s}, x0, y0);
      } else {
        // The inner loop walks K in tiles of `rows`: the stationary tile's height.
        const int kt = int(std::min<std::int64_t>(c.rows, s.k - y0));
        const int xt = int(std::min<std::int64_t>(c.cols, extent(s, dt.outer) - x0));
        f.north_beats = kt;
        if (ops) fill_stationary(f, c, s, OperandView{*ops, s}, x0, y0, kt, xt);
      }
      folds.push_back(std::move(f));
    }
  }
  return folds;
}

std::vector<std::int64_t> assemble_output(const ArrayConfig& c, const GemmShape& s,
                                          const std::vector<std::vector<std::int64_t>>& outputs) {
  const Tiling t = tiling(c, s);
  const int cols = c.cols;
  std::vector<std::uint64_t> sum(std::size_t(s.m * s.n), 0);
  auto add = [&](std::int64_t i, std::int64_t j, std::int64_t v) {
    sum[std::size_t(i * s.n + j)] += static_cast<std::uint64_t>(v);
  };
  // The output beats of a fold: OS drains its tile row by row (beat d is
  // row d); WS/IS emit beat v for stream element v, lane j for outer x0 + j.
  const DataflowTraits& dt = dataflow_traits(c.dataflow);
  const std::int64_t outer_step = fold_tile(c, s, dt.outer), inner_step = fold_tile(c, s, dt.inner);
  std::size_t f = 0;
  for (std::int64_t o = 0; o < t.outer_tiles; ++o) {
    for (std::int64_t in = 0; in < t.inner_tiles; ++in, ++f) {
      const std::vector<std::int64_t>& out = outputs[f];
      std::array<std::int64_t, 3> at{};  // C's (m, n, -) per output element
      const std::int64_t x0 = o * outer_step, xt = std::min(outer_step, extent(s, dt.outer) - x0);
      const Dim beat_dim = dt.has_stationary ? dt.stream : dt.outer;
      const Dim lane_dim = dt.has_stationary ? dt.outer : dt.inner;
      const std::int64_t beat0 = dt.has_stationary ? 0 : x0, lane0 = dt.has_stationary ? x0 : in * inner_step;
      const std::int64_t beats = dt.has_stationary ? t.stream : xt;
      const std::int64_t lanes = std::min<std::int64_t>(cols, extent(s, lane_dim) - lane0);
      for (std::int64_t d = 0; d < beats; ++d) {
        for (std::int64_t j = 0; j < lanes; ++j) {
          at[beat_dim] = beat0 + d;
          at[lane_dim] = lane0 + j;
          add(at[kM], at[kN], out[std::size_t(d * cols + j)]);
        }
      }
    }
  }
  std::vector<std::int64_t> result(sum.size());
  for (std::size_t i = 0; i < sum.size(); ++i) result[i] = wrap_signed(sum[i], c.acc_width);
  return result;
}

}  // namespace sasim
