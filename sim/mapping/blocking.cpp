// The SRAM blocking shared by the platform and the analytic engine
// (blocking.hpp; the rules and their reasons are in docs/platform.md,
// "Blocking").
#include "sasim/mapping/blocking.hpp"

#include <fmt/format.h>

#include <algorithm>

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

// WS and IS: `stationary` is the operand preloaded into the PEs, `streamed`
// the one streamed past them along `stream` (M for WS, N for IS); `outer` is
// the other output dimension (N for WS, M for IS).
struct Roles {
  const Buffer& stationary_buffer;
  const Buffer& streamed_buffer;
  const char* stationary_name;  // for messages
  const char* streamed_row;
  const char* output_row;
  std::int64_t stream, outer, stationary_bytes, streamed_bytes;
};

// Sets b.chunk, b.chunks and b.stream_panel; returns how often each role's
// operand crosses the DRAM interface.
void block_stationary(Blocking& b, const ArrayConfig& c, const GemmShape& shape, const Roles& r,
                      const Buffer& accumulator, const std::string& layer, std::int64_t& stationary_passes_out,
                      std::int64_t& streamed_passes) {
  const std::int64_t ib = operand_bytes(c), ob = accumulator_bytes(c);
  const std::int64_t kt = std::min<std::int64_t>(c.rows, shape.k), xt = std::min<std::int64_t>(c.cols, r.outer);
  require(r.stationary_buffer, kt * xt * ib, layer, r.stationary_name);
  require(accumulator, xt * ob, layer, r.output_row);
  require(r.streamed_buffer, kt * ib, layer, r.streamed_row);
  // The partial sums of one outer tile stay in the accumulator across the K
  // tiles: that caps the chunk. The stream's K tile (or whole panel) must
  // fit its buffer too.
  const std::int64_t acc_cap = accumulator.region() / (xt * ob);
  const std::int64_t tile_chunk = std::min({r.stream, acc_cap, r.streamed_buffer.region() / (kt * ib)});
  const std::int64_t panel_chunk = std::min({r.stream, acc_cap, r.streamed_buffer.region() / (shape.k * ib)});
  const std::int64_t outer_tiles = ceil_div(r.outer, c.cols), k_tiles = ceil_div(shape.k, c.rows);
  // A streamed K tile is loaded again for every outer tile unless it is the
  // whole panel anyway (one K tile). The stationary tiles come back for
  // every chunk unless there is only one.
  const std::int64_t tile_streamed_passes = k_tiles == 1 ? 1 : outer_tiles;
  const auto stationary_passes = [&](std::int64_t chunk) {
    return outer_tiles * k_tiles == 1 ? 1 : ceil_div(r.stream, chunk);
  };
  // Least DRAM traffic wins: a panel reads the streamed operand once but
  // may cut the stream finer (the stationary operand comes back per chunk).
  const Wide tile_bytes = Wide(r.streamed_bytes) * Wide(tile_streamed_passes) +
                          Wide(r.stationary_bytes) * Wide(stationary_passes(tile_chunk));
  const Wide panel_bytes = panel_chunk < 1 ? tile_bytes + 1
                                           : Wide(r.streamed_bytes) +
                                                 Wide(r.stationary_bytes) * Wide(stationary_passes(panel_chunk));
  b.stream_panel = panel_bytes <= tile_bytes;
  b.chunk = b.stream_panel ? panel_chunk : tile_chunk;
  b.chunks = ceil_div(r.stream, b.chunk);
  streamed_passes = b.stream_panel ? 1 : tile_streamed_passes;
  stationary_passes_out = stationary_passes(b.chunk);
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

std::int64_t operand_bytes(const ArrayConfig& config) { return config.in_width / 8; }
std::int64_t accumulator_bytes(const ArrayConfig& config) { return (config.acc_width + 7) / 8; }

Blocking block_gemm(const Architecture& arch, const GemmShape& shape, const std::string& what) {
  const ArrayConfig& c = arch.array;
  const Buffers buf = buffers(arch.sram);
  const std::int64_t ib = operand_bytes(c);
  Blocking b;
  const std::int64_t output_region = buf.output.region();  // stages row bands of C
  const std::int64_t a_bytes = shape.m * shape.k * ib, b_bytes = shape.k * shape.n * ib;  // check_layer_fits bounds them
  switch (c.dataflow) {
    case Dataflow::OS: {
      // A row panel (mt x K) and a B column block (K x nt) per fold. When
      // they do not fit, K is cut into chunks of kc: the fold of each output
      // tile runs once per chunk and the accumulator adds the partial sums
      // (the tile's K chunks back to back, then the next tile).
      const std::int64_t mt = std::min<std::int64_t>(c.rows, shape.m), nt = std::min<std::int64_t>(c.cols, shape.n);
      require(buf.input, mt * ib, what, "one K column of the input (A) tile");
      require(buf.weight, nt * ib, what, "one K row of the weight (B) tile");
      require(buf.accumulator, mt * nt * accumulator_bytes(c), what, "the output tile");
      b.chunk = std::min({shape.k, buf.input.region() / (mt * ib), buf.weight.region() / (nt * ib)});
      b.chunks = ceil_div(shape.k, b.chunk);
      const std::int64_t m_tiles = ceil_div(shape.m, c.rows), n_tiles = ceil_div(shape.n, c.cols);
      // An A panel serves every N tile of its M tile unless K is cut; a B
      // block stays only when it is the only one.
      b.a_passes = b.chunks == 1 || n_tiles == 1 ? 1 : n_tiles;
      b.b_passes = n_tiles == 1 && b.chunks == 1 ? 1 : m_tiles;
      b.output_rows = shape.n <= c.cols || mt * shape.n * ib <= output_region;
      return b;
    }
    case Dataflow::WS: {
      const Roles roles{buf.weight, buf.input, "the weight (B) tile", "one row of the input (A) tile",
                        "one row of the output tile", shape.m, shape.n, b_bytes, a_bytes};
      block_stationary(b, c, shape, roles, buf.accumulator, what, b.b_passes, b.a_passes);
      b.output_rows = shape.n <= c.cols || b.chunk * shape.n * ib <= output_region;
      return b;
    }
    case Dataflow::IS: {
      const Roles roles{buf.input, buf.weight, "the input (A) tile", "one column of the weight (B) tile",
                        "one column of the output tile", shape.n, shape.m, a_bytes, b_bytes};
      block_stationary(b, c, shape, roles, buf.accumulator, what, b.a_passes, b.b_passes);
      b.output_rows = b.chunks == 1;  // an output tile then spans all N columns
      return b;
    }
  }
  return b;
}

}  // namespace sasim
