// DRAM traffic of one GEMM instance under the SRAM budget, and the layer
// estimate that combines it with the exact compute cycles. The loop nest is
// mapping.cpp's fold order (docs/matrix-unit.md, "A fold"); docs/analytic.md
// derives every term below.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sasim/analytic.hpp"
#include "sasim/error.hpp"

namespace sasim {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// a*b, or a UserError when the product leaves int64 (absurd layers).
std::int64_t mul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw UserError("layer too large: its byte count does not fit in 64 bits");
  return r;
}
std::int64_t add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw UserError("layer too large: its byte count does not fit in 64 bits");
  return r;
}

// Bytes of an operand that is streamed `passes` times when `resident` of its
// bytes can stay on chip between passes: the first pass reads everything,
// later passes only what did not stay.
std::int64_t streamed_bytes(std::int64_t bytes, std::int64_t passes, std::int64_t resident) {
  const std::int64_t missing = bytes - std::min(bytes, std::max<std::int64_t>(resident, 0));
  return add(bytes, mul(passes - 1, missing));
}

// The capacities the blocking may use, in bytes. Double buffering keeps the
// next block beside the current one: half of each buffer holds data in use.
struct Budget {
  std::int64_t stationary, streamed, accumulator;
  const char* stationary_key;
  const char* streamed_key;
};

Budget budget(const Architecture& arch, std::int64_t stationary_tile_bytes, bool ws_like) {
  const SramConfig& s = arch.sram;
  const std::int64_t share = s.double_buffer ? 2 : 1;
  Budget b{};
  b.accumulator = s.accumulator_kib * 1024 / share;
  if (s.unified_kib > 0) {
    // One buffer for everything: the stationary tiles in flight take their
    // place first, the streamed operand may keep the rest resident.
    const std::int64_t usable = s.unified_kib * 1024 / share;
    b.stationary = usable;
    b.streamed = usable - stationary_tile_bytes;
    b.stationary_key = b.streamed_key = "sram.unified_kib";
    return b;
  }
  // WS keeps B (weights) stationary and streams A (inputs); IS the reverse;
  // OS streams both and keeps the A row panel as its "stationary" block.
  b.stationary = (ws_like ? s.filter_kib : s.ifmap_kib) * 1024 / share;
  b.streamed = (ws_like ? s.ifmap_kib : s.filter_kib) * 1024 / share;
  b.stationary_key = ws_like ? "sram.filter_kib" : "sram.ifmap_kib";
  b.streamed_key = ws_like ? "sram.ifmap_kib" : "sram.filter_kib";
  return b;
}

void require(bool fits, const char* key, std::int64_t need, const Architecture& arch, const GemmShape& shape) {
  if (fits) return;
  throw UserError(fmt::format(
      "{}: too small for one {}x{} array tile of GEMM M={} N={} K={} (needs {} bytes{}); enlarge it or shrink "
      "the array",
      key, arch.array.rows, arch.array.cols, shape.m, shape.n, shape.k, need,
      arch.sram.double_buffer ? ", twice that with sram.double_buffer" : ""));
}

// The layer's fold stream: per repeat, its chunks in order (docs/analytic.md).
std::vector<ComputeSegment> chunk_segments(const ArrayConfig& c, const GemmShape& shape, std::int64_t repeat,
                                           const TrafficEstimate& t) {
  if (t.chunks <= 1) return {ComputeSegment{shape, repeat}};
  GemmShape full = shape, last = shape;
  std::int64_t& full_stream = c.dataflow == Dataflow::WS ? full.m : full.n;
  std::int64_t& last_stream = c.dataflow == Dataflow::WS ? last.m : last.n;
  full_stream = t.chunk;
  last_stream = (c.dataflow == Dataflow::WS ? shape.m : shape.n) - t.chunk * (t.chunks - 1);
  if (last_stream == t.chunk) return {ComputeSegment{full, (t.chunks) * repeat}};
  std::vector<ComputeSegment> segments;
  for (std::int64_t r = 0; r < repeat; ++r) {
    if (t.chunks > 1) segments.push_back({full, t.chunks - 1});
    segments.push_back({last, 1});
  }
  return segments;
}

}  // namespace

const char* to_string(Bound bound) { return bound == Bound::Memory ? "memory" : "compute"; }

TrafficEstimate estimate_traffic(const Architecture& arch, const GemmShape& shape) {
  const std::int64_t ib = arch.array.in_width / 8;
  return estimate_traffic(arch, shape,
                          OperandBytes{mul(mul(shape.m, shape.k), ib), mul(mul(shape.k, shape.n), ib),
                                       mul(mul(shape.m, shape.n), ib)});
}

TrafficEstimate estimate_traffic(const Architecture& arch, const GemmShape& shape, const OperandBytes& bytes) {
  const ArrayConfig& c = arch.array;
  const std::int64_t ib = c.in_width / 8, ab = (c.acc_width + 7) / 8;
  const std::int64_t a_bytes = bytes.a, b_bytes = bytes.b, c_bytes = bytes.c;
  const std::int64_t tile_bytes = std::int64_t{c.rows} * c.cols * ib;
  TrafficEstimate t;
  t.dram_write_bytes = c_bytes;

  if (c.dataflow == Dataflow::OS) {
    // M tiles (ROWS rows) outer, N tiles inner, K streamed: the A row panel
    // (ROWS x K) serves every N tile of its M tile; B is streamed once per
    // M tile, and whatever of it stays resident is not read again.
    const Budget b = budget(arch, tile_bytes, false);
    const std::int64_t m_tiles = ceil_div(shape.m, c.rows), n_tiles = ceil_div(shape.n, c.cols);
    // A's row panels (ROWS rows of A each; the last may be short) share A's
    // bytes in proportion to their rows.
    const std::int64_t last_rows = shape.m - (m_tiles - 1) * c.rows;
    const std::int64_t last_panel = std::int64_t(double(a_bytes) * double(last_rows) / double(shape.m));
    const std::int64_t panel = m_tiles > 1 ? (a_bytes - last_panel) / (m_tiles - 1) : 0;
    const std::int64_t beat_bytes = std::int64_t{c.rows + c.cols} * ib;  // one joined beat of A and B
    require(b.stationary >= beat_bytes, b.stationary_key, beat_bytes, arch, shape);
    const std::int64_t a_reads = add(mul(streamed_bytes(panel, n_tiles, b.stationary), m_tiles - 1),
                                     streamed_bytes(last_panel, n_tiles, b.stationary));
    t.a_passes = panel <= b.stationary ? 1 : n_tiles;
    t.b_passes = b_bytes <= b.streamed ? 1 : m_tiles;
    t.block_m = c.rows;
    t.block_n = shape.n;
    t.dram_read_bytes = add(a_reads, streamed_bytes(b_bytes, m_tiles, b.streamed));
    t.first_block_bytes = beat_bytes * std::min<std::int64_t>(shape.k, c.rows);
    return t;
  }

  // WS: N tiles (COLS wide) outer, K tiles inner, M rows of A streamed per
  // fold; IS is the same with A and B (and M and N) exchanged.
  const bool ws = c.dataflow == Dataflow::WS;
  const Budget b = budget(arch, 2 * tile_bytes, ws);
  require(b.stationary >= tile_bytes, b.stationary_key, tile_bytes, arch, shape);
  const std::int64_t stream = ws ? shape.m : shape.n;
  const std::int64_t outer = ceil_div(ws ? shape.n : shape.m, c.cols);
  const std::int64_t stationary_bytes = ws ? b_bytes : a_bytes, streamed_op = ws ? a_bytes : b_bytes;
  // The partial sums of one outer tile (COLS outputs per streamed element,
  // at acc_width) stay in the accumulator SRAM across the K tiles, and one
  // K tile of the streamed operand (ROWS elements per streamed element) must
  // fit its buffer. A longer stream is cut into chunks that fit both, each
  // a GEMM of its own run back to back, as the platform's tile plan does
  // (sysc/src/tile_plan.cpp): the stationary operand is then read once per
  // chunk unless it stays resident.
  const std::int64_t kt = std::min<std::int64_t>(c.rows, shape.k);
  const std::int64_t xt = std::min<std::int64_t>(c.cols, ws ? shape.n : shape.m);
  const std::int64_t acc_unit = xt * ab, stream_unit = kt * ib;
  require(b.accumulator >= acc_unit, "sram.accumulator_kib", acc_unit, arch, shape);
  require(b.streamed >= stream_unit, b.streamed_key, stream_unit, arch, shape);
  t.chunk = std::min({stream, b.accumulator / acc_unit, b.streamed / stream_unit});
  t.chunks = ceil_div(stream, t.chunk);
  const std::int64_t stationary_reads = stationary_bytes <= b.stationary ? stationary_bytes : mul(stationary_bytes, t.chunks);
  // Each chunk's part of the streamed operand is read once per outer tile,
  // minus what stays resident in its buffer.
  const std::int64_t full_part = std::int64_t(double(streamed_op) * double(t.chunk) / double(stream));
  const std::int64_t last_part = streamed_op - full_part * (t.chunks - 1);
  const std::int64_t streamed_reads = add(mul(streamed_bytes(full_part, outer, b.streamed), t.chunks - 1),
                                          streamed_bytes(last_part, outer, b.streamed));
  t.dram_read_bytes = add(stationary_reads, streamed_reads);
  const bool streamed_resident = full_part <= b.streamed && last_part <= b.streamed;
  t.a_passes = ws ? (streamed_resident ? 1 : outer) : (stationary_reads > stationary_bytes ? t.chunks : 1);
  t.b_passes = ws ? (stationary_reads > stationary_bytes ? t.chunks : 1) : (streamed_resident ? 1 : outer);
  t.block_m = ws ? t.chunk : xt;
  t.block_n = ws ? xt : t.chunk;
  // Before the first fold streams: its stationary tile, then one beat per
  // array row of the stream to fill the skew.
  t.first_block_bytes = tile_bytes + std::min<std::int64_t>(t.chunk, c.rows) * c.rows * ib;
  return t;
}

AnalyticLayer combine(const Architecture& arch, std::int64_t compute_cycles, std::int64_t read_bytes,
                      std::int64_t write_bytes, std::int64_t first_load_bytes, double dram_bytes_per_cycle) {
  if (!(dram_bytes_per_cycle > 0)) throw UserError("analytic engine: DRAM bandwidth must be > 0 bytes per cycle");
  AnalyticLayer r;
  r.compute_cycles = compute_cycles;
  r.dram_read_bytes = read_bytes;
  r.dram_write_bytes = write_bytes;
  const double bytes = double(read_bytes) + double(write_bytes);
  r.memory_cycles = std::int64_t(std::ceil(bytes / dram_bytes_per_cycle));
  const auto first_load = std::int64_t(std::ceil(double(first_load_bytes) / dram_bytes_per_cycle));
  // Double buffering overlaps loads and stores with compute: the slower side
  // bounds the layer, after the first block arrives. Without it every block
  // waits for its data and the array waits for the stores: they add up.
  r.cycles = arch.sram.double_buffer ? std::max(r.compute_cycles, r.memory_cycles) + first_load
                                     : r.compute_cycles + r.memory_cycles;
  r.stall_cycles = r.cycles - r.compute_cycles;
  r.bound = r.memory_cycles > r.compute_cycles ? Bound::Memory : Bound::Compute;
  return r;
}

AnalyticLayer analyze_gemm(const Architecture& arch, const GemmShape& shape, std::int64_t repeat,
                           const OperandBytes& bytes, double dram_bytes_per_cycle) {
  const TrafficEstimate t = estimate_traffic(arch, shape, bytes);
  return combine(arch, analytic_compute_cycles(arch.array, chunk_segments(arch.array, shape, repeat, t)),
                 mul(t.dram_read_bytes, repeat),
                 mul(t.dram_write_bytes, repeat), t.first_block_bytes, dram_bytes_per_cycle);
}

AnalyticLayer analyze_gemm(const Architecture& arch, const GemmShape& shape, std::int64_t repeat,
                           double dram_bytes_per_cycle) {
  const std::int64_t ib = arch.array.in_width / 8;
  return analyze_gemm(arch, shape, repeat,
                      OperandBytes{mul(mul(shape.m, shape.k), ib), mul(mul(shape.k, shape.n), ib),
                                   mul(mul(shape.m, shape.n), ib)},
                      dram_bytes_per_cycle);
}

}  // namespace sasim
