// The SRAM blocking shared by the platform and the analytic engine
// (blocking.hpp; the rules and their reasons are in docs/platform.md,
// "Blocking").
#include "sasim/mapping/blocking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "sasim/mapping/tile_schedule.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/int_math.hpp"

namespace sasim {
namespace {

using Wide = unsigned __int128;  // byte totals of candidate blockings: M*K*passes may pass 2^64

// One buffer as the blocking sees it: the key that sizes it, its capacity
// in bytes, and how many regions it is cut into (two with double
// buffering). A unified buffer gives half to inputs and half to outputs.
struct Buffer {
  const char* key;
  std::int64_t kib;      // the key's value
  std::int64_t share;    // the key's buffer holds this many kinds of data (unified: 2 or 4 parts)
  std::int64_t regions;  // 2 with sram.double_buffer
  std::int64_t region() const { return kib * 1024 / share / regions; }
};

// Throws when `bytes` do not fit one region of `buffer`.
void require(const Buffer& buffer, std::int64_t bytes, const std::string& layer, const char* thing) {
  if (bytes <= buffer.region()) return;
  const std::int64_t needed = bytes * buffer.regions * buffer.share;
  throw UserError(fmt::format("{} = {} is too small for {}: {}{}{} needs {} KiB; expected {} >= {}", buffer.key,
                              buffer.kib, layer, thing, buffer.regions == 2 ? " twice (sram.double_buffer)" : "",
                              buffer.share == 2   ? " in its half for inputs or outputs"
                              : buffer.share == 4 ? " in its quarter (inputs, weights and outputs share it)"
                                                  : "",
                              ceil_div(bytes * buffer.regions, 1024), buffer.key, ceil_div(needed, 1024)));
}

struct Buffers {
  Buffer input, weight, accumulator, output;
};

Buffers buffers(const SramConfig& s) {
  const std::int64_t regions = s.double_buffer ? 2 : 1;
  Buffers b{};
  if (s.unified_kib > 0) {
    // TPU v1's Unified Buffer holds a layer's inputs and its outputs; with
    // filter_kib = 0 (Gemmini's scratchpad) the weights too: inputs and
    // weights a quarter each.
    b.input = {"sram.unified_kib", s.unified_kib, 2, regions};
    b.output = b.input;
    if (s.filter_kib == 0) b.input.share = 4;
  } else {
    b.input = {"sram.ifmap_kib", s.ifmap_kib, 1, regions};
    b.output = {"sram.ofmap_kib", s.ofmap_kib, 1, regions};
  }
  b.weight = s.unified_kib > 0 && s.filter_kib == 0 ? b.input : Buffer{"sram.filter_kib", s.filter_kib, 1, regions};
  if (s.accumulator_kib > 0) {
    b.accumulator = {"sram.accumulator_kib", s.accumulator_kib, 1, regions};
  } else {
    // No accumulator SRAM (SCALE-Sim's model): partial sums live in the
    // output buffer, which then stages no row bands besides.
    b.accumulator = b.output;
    b.output.kib = 0;
  }
  return b;
}

// A and B each come through their own buffer (the same one when unified).
const Buffer& operand_buffer(const Buffers& b, Operand operand) {
  return operand == kInput ? b.input : b.weight;
}

// Names in messages, by operand: its tile, and one lane of it in the stream.
constexpr const char* kTileName[2] = {"the input (A) tile", "the weight (B) tile"};
constexpr const char* kStreamLane[2] = {"one row of the input (A) tile", "one column of the weight (B) tile"};

// WS and IS: the stationary operand is preloaded into the PEs, the streamed
// one passes them along the stream dimension (M for WS, N for IS); the
// outer dimension is the other output dimension. Sets chunk, chunks and
// stream_panel.
void block_stationary(Blocking& b, const ArrayConfig& c, const GemmShape& shape, const Buffers& buf,
                      const std::string& layer) {
  const DataflowTraits& t = dataflow_traits(c.dataflow);
  const Buffer& stationary = operand_buffer(buf, t.stationary);
  const Buffer& streamed = operand_buffer(buf, t.streamed);
  const std::int64_t ib = operand_bytes(c), ob = accumulator_bytes(c);
  const std::int64_t stream = extent(shape, t.stream);
  const std::int64_t kt = std::min<std::int64_t>(c.rows, shape.k);
  const std::int64_t xt = std::min<std::int64_t>(c.cols, extent(shape, t.outer));
  require(stationary, kt * xt * ib, layer, kTileName[t.stationary]);
  require(buf.accumulator, xt * ob, layer,
          t.stream == kM ? "one row of the output tile" : "one column of the output tile");
  require(streamed, kt * ib, layer, kStreamLane[t.streamed]);
  // The partial sums of one outer tile stay in the accumulator across the K
  // tiles: that caps the chunk. The stream's K tile (or whole panel) must
  // fit its buffer too.
  const std::int64_t acc_cap = buf.accumulator.region() / (xt * ob);
  const std::int64_t tile_chunk = std::min({stream, acc_cap, streamed.region() / (kt * ib)});
  const std::int64_t panel_chunk = std::min({stream, acc_cap, streamed.region() / (shape.k * ib)});
  // Least DRAM traffic wins, counted on the schedule each choice runs: a
  // panel reads the streamed operand once but may cut the stream finer (the
  // stationary operand comes back per chunk); K tiles come back per outer
  // tile.
  const std::array<Wide, 2> bytes = {Wide(shape.m) * Wide(shape.k) * Wide(ib),
                                     Wide(shape.k) * Wide(shape.n) * Wide(ib)};
  const auto traffic = [&](std::int64_t chunk, bool panel) {
    const TileSchedule s = tile_schedule(c, shape, chunk, panel, false);
    return bytes[t.streamed] * Wide(tile_passes(s, t.streamed)) +
           bytes[t.stationary] * Wide(tile_passes(s, t.stationary));
  };
  const Wide tile_bytes = traffic(tile_chunk, false);
  const Wide panel_bytes = panel_chunk < 1 ? tile_bytes + 1 : traffic(panel_chunk, true);
  b.stream_panel = panel_bytes <= tile_bytes;
  b.chunk = b.stream_panel ? panel_chunk : tile_chunk;
  b.chunks = ceil_div(stream, b.chunk);
}

// OS: a row panel of A (mt x K) and a column block of B (K x nt) per fold.
// When they do not fit, K is cut into chunks: the fold of each output tile
// runs once per chunk and the accumulator adds the partial sums (the
// tile's K chunks back to back, then the next tile).
void block_output_stationary(Blocking& b, const ArrayConfig& c, const GemmShape& shape, const Buffers& buf,
                             const std::string& what) {
  const std::int64_t ib = operand_bytes(c);
  const std::int64_t mt = std::min<std::int64_t>(c.rows, shape.m), nt = std::min<std::int64_t>(c.cols, shape.n);
  require(buf.input, mt * ib, what, "one K column of the input (A) tile");
  require(buf.weight, nt * ib, what, "one K row of the weight (B) tile");
  require(buf.accumulator, mt * nt * accumulator_bytes(c), what, "the output tile");
  b.chunk = std::min({shape.k, buf.input.region() / (mt * ib), buf.weight.region() / (nt * ib)});
  b.chunks = ceil_div(shape.k, b.chunk);
}

}  // namespace

Residency resident_operands(const Architecture& arch, const Layer& layer) {
  if (arch.sram.unified_kib <= 0) return {};
  const OperandElements e = operand_elements(layer);
  const std::int64_t ib = operand_bytes(arch.array);
  const Wide bytes = Wide(e.a) * Wide(ib) + Wide(e.c) * Wide(ib);
  if (bytes > Wide(arch.sram.unified_kib * 1024 / 2)) return {};
  Residency r;
  r.a = layer.a_source == OperandSource::Activation;
  r.b = layer.b_source == OperandSource::Activation;
  r.c = true;
  return r;
}

std::int64_t operand_bytes(const ArrayConfig& config) {
  return config.in_width / 8;
}
std::int64_t accumulator_bytes(const ArrayConfig& config) {
  return (config.acc_width + 7) / 8;
}

Blocking block_gemm(const Architecture& arch, const GemmShape& shape, const std::string& what) {
  const ArrayConfig& c = arch.array;
  const DataflowTraits& t = dataflow_traits(c.dataflow);
  const Buffers buf = buffers(arch.sram);
  Blocking b;
  if (t.has_stationary) {
    block_stationary(b, c, shape, buf, what);
  } else {
    block_output_stationary(b, c, shape, buf, what);
  }
  if (t.stream == kN) {
    b.output_rows = b.chunks == 1;  // an IS output tile then spans all N columns
  } else {
    // A band holds the output rows of a WS chunk or of an OS row of tiles
    // across all N, staged in the output buffer.
    const std::int64_t band_rows = t.stream == kM ? b.chunk : std::min<std::int64_t>(c.rows, shape.m);
    b.output_rows = shape.n <= c.cols || band_rows * shape.n * operand_bytes(c) <= buf.output.region();
  }
  // How often A and B cross the DRAM interface: the schedule both engines
  // run (tile_schedule.hpp).
  const TileSchedule s = tile_schedule(c, shape, b.chunk, b.stream_panel, b.output_rows);
  b.a_passes = tile_passes(s, kInput);
  b.b_passes = tile_passes(s, kWeight);
  return b;
}

}  // namespace sasim
