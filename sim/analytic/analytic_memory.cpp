// DRAM traffic of one GEMM instance under the SRAM budget, and the layer
// estimate that combines it with the exact compute cycles. The counts are
// closed forms over the tile schedule the platform's tile plan walks
// (tile_schedule.hpp): the same loop nest, counted instead of enumerated,
// so that a layer of millions of folds costs no more than one of four;
// docs/analytic.md derives every term below.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sasim/analytic/analytic.hpp"
#include "sasim/mapping/blocking.hpp"
#include "sasim/mapping/dataflow.hpp"
#include "sasim/mapping/tile_schedule.hpp"
#include "sasim/support/enum_table.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/int_math.hpp"

namespace sasim {
namespace {

// A, B and C of the GEMM itself, in_width bits an element.
OperandBytes matrix_bytes(const Architecture& arch, const GemmShape& shape) {
  const std::int64_t ib = operand_bytes(arch.array);
  return {layer_mul(layer_mul(shape.m, shape.k), ib), layer_mul(layer_mul(shape.k, shape.n), ib),
          layer_mul(layer_mul(shape.m, shape.n), ib)};
}

// The layer's fold stream: per repeat, its chunks in order (docs/analytic.md),
// the GEMMs the platform's tile plan runs (tile_schedule.hpp, chunk_box). A
// stream loop outside the fold loops (WS, IS) runs its chunks as GEMMs of
// their own, the last one shorter; inside them (OS) each output tile runs
// its K chunks back to back.
std::vector<ComputeSegment> chunk_segments(const TileSchedule& s, std::int64_t repeat) {
  const TileLoop& stream = s.loops[std::size_t(s.stream_level)];
  if (stream.trips <= 1) return {ComputeSegment{s.shape, repeat}};
  if (s.stream_level > 0) return {ComputeSegment{s.shape, repeat, stream.step}};
  const GemmShape full = chunk_box(s, first_index(s)).shape(), last = chunk_box(s, last_index(s)).shape();
  if (extent(last, stream.dim) == extent(full, stream.dim)) return {ComputeSegment{full, stream.trips * repeat}};
  std::vector<ComputeSegment> segments;
  for (std::int64_t r = 0; r < repeat; ++r) {
    segments.push_back({full, stream.trips - 1});
    segments.push_back({last, 1});
  }
  return segments;
}

}  // namespace

namespace {
constexpr EnumTable<Bound, 2> kBounds{{{Bound::Compute, "compute"}, {Bound::Memory, "memory"}}};
}  // namespace

const char* to_string(Bound bound) {
  return enum_name(kBounds, bound);
}

TrafficEstimate estimate_traffic(const Architecture& arch, const GemmShape& shape) {
  return estimate_traffic(arch, shape, matrix_bytes(arch, shape));
}

TrafficEstimate estimate_traffic(const Architecture& arch, const GemmShape& shape, const OperandBytes& bytes) {
  // The platform's own blocking (blocking.hpp): the same blocks cross the
  // DRAM interface the same number of times.
  const ArrayConfig& c = arch.array;
  const Blocking b = block_gemm(
      arch, shape, fmt::format("GEMM M={} N={} K={} on a {}x{} array", shape.m, shape.n, shape.k, c.rows, c.cols));
  const TileSchedule schedule = tile_schedule(c, shape, b.chunk, b.stream_panel, b.output_rows);
  TrafficEstimate t;
  t.chunk = b.chunk;
  t.chunks = b.chunks;
  t.a_passes = tile_passes(schedule, kInput);
  t.b_passes = tile_passes(schedule, kWeight);
  t.folds = schedule_folds(schedule);
  t.dram_read_bytes = layer_add(layer_mul(bytes.a, t.a_passes), layer_mul(bytes.b, t.b_passes));
  t.dram_write_bytes = bytes.c;  // every tile of C leaves once
  // What nothing can hide: the loads before the first fold streams (its
  // tiles of A and B) and the last write after the last fold (C's last
  // tile); each in proportion to the operand's bytes given (0 when it stays
  // on chip, a feature map smaller than the im2col matrix).
  const std::int64_t ib = operand_bytes(c);
  const std::int64_t first_a = operand_tile(schedule, kInput, first_index(schedule)).elements(kInput) * ib;
  const std::int64_t first_b = operand_tile(schedule, kWeight, first_index(schedule)).elements(kWeight) * ib;
  const std::int64_t last_c = operand_tile(schedule, kOutput, last_index(schedule)).elements(kOutput) * ib;
  const auto share = [](std::int64_t part, std::int64_t given, std::int64_t full) {
    return std::int64_t((__int128(part) * given) / full);
  };
  t.first_block_bytes =
      share(first_a, bytes.a, shape.m * shape.k * ib) + share(first_b, bytes.b, shape.k * shape.n * ib);
  t.last_write_bytes = share(last_c, bytes.c, shape.m * shape.n * ib);
  return t;
}

AnalyticLayer combine(const Architecture& arch, std::int64_t compute_cycles, std::int64_t read_bytes,
                      std::int64_t write_bytes, std::int64_t exposed_bytes, double dram_bytes_per_cycle) {
  if (!(dram_bytes_per_cycle > 0)) throw UserError("analytic engine: DRAM bandwidth must be > 0 bytes per cycle");
  AnalyticLayer r;
  r.compute_cycles = compute_cycles;
  r.dram_read_bytes = read_bytes;
  r.dram_write_bytes = write_bytes;
  const double bytes = double(read_bytes) + double(write_bytes);
  r.memory_cycles = std::int64_t(std::ceil(bytes / dram_bytes_per_cycle));
  const auto exposed = std::int64_t(std::ceil(double(exposed_bytes) / dram_bytes_per_cycle));
  // Double buffering overlaps loads and stores with compute: the layer takes
  // the compute plus what no overlap hides (the first block's load, the last
  // write), or the memory time, which already includes those bytes. Without it every block
  // waits for its data and the array waits for the stores: they add up.
  r.cycles = arch.sram.double_buffer ? std::max(r.compute_cycles + exposed, r.memory_cycles)
                                     : r.compute_cycles + r.memory_cycles;
  r.stall_cycles = r.cycles - r.compute_cycles;
  r.bound = r.memory_cycles > r.compute_cycles ? Bound::Memory : Bound::Compute;
  return r;
}

AnalyticLayer analyze_gemm(const Architecture& arch, const GemmShape& shape, std::int64_t repeat,
                           const OperandBytes& bytes, double dram_bytes_per_cycle) {
  const TrafficEstimate t = estimate_traffic(arch, shape, bytes);
  // The chunks' loops do not depend on panels or bands.
  const std::vector<ComputeSegment> segments =
      chunk_segments(tile_schedule(arch.array, shape, t.chunk, false, false), repeat);
  AnalyticLayer r = combine(arch, analytic_compute_cycles(arch.array, segments), layer_mul(t.dram_read_bytes, repeat),
                            layer_mul(t.dram_write_bytes, repeat), layer_add(t.first_block_bytes, t.last_write_bytes),
                            dram_bytes_per_cycle);
  r.folds = layer_mul(t.folds, repeat);  // the schedule's folds, SRAM chunks included
  return r;
}

AnalyticLayer analyze_gemm(const Architecture& arch, const GemmShape& shape, std::int64_t repeat,
                           double dram_bytes_per_cycle) {
  return analyze_gemm(arch, shape, repeat, matrix_bytes(arch, shape), dram_bytes_per_cycle);
}

}  // namespace sasim
