#include "sasim/mapping/tile_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sasim/mapping/blocking.hpp"
#include "sasim/support/error.hpp"
#include "sasim/mapping/mapping.hpp"
#include "sasim/support/wrap.hpp"
#include "sasim/support/int_math.hpp"

namespace sasim {
namespace {


// DRAM layout: A, then B, then C, each starting on a 4 KiB boundary (a page,
// so an operand never shares a DRAM row with another).
constexpr std::int64_t kRegionAlign = 4096;
std::int64_t align(std::int64_t bytes) { return ceil_div(bytes, kRegionAlign) * kRegionAlign; }

Transfer2D transfer(std::int64_t address, std::int64_t rows, std::int64_t row_bytes, std::int64_t stride) {
  // Rows that follow each other in DRAM are one contiguous transfer.
  if (stride == row_bytes) return {std::uint64_t(address), 1, rows * row_bytes, rows * row_bytes};
  return {std::uint64_t(address), rows, row_bytes, stride};
}

std::string layer_text(const Layer& layer) {
  return fmt::format("layer '{}' (M={}, N={}, K={})", layer.name, layer.shape.m, layer.shape.n, layer.shape.k);
}

Transfer2D contiguous(std::int64_t address, std::int64_t bytes) {
  return {std::uint64_t(address), 1, bytes, bytes};
}

}  // namespace

LayerPlan plan_layer(const Architecture& arch, const Layer& layer) {
  const ArrayConfig& c = arch.array;
  const GemmShape& s = layer.shape;
  const Blocking blocking = block_gemm(arch, s, layer_text(layer));
  // Activations kept on chip from the layer before, or for the layer after,
  // are neither loaded nor written back (blocking.hpp).
  const Residency resident = resident_operands(arch, layer);
  const std::int64_t ib = operand_bytes(c);
  // Each repeat (conv group, attention head) has its own A, B and C; C
  // leaves requantised to in_width bits (blocking.hpp).
  // A convolution reads its feature map, not the M x K im2col matrix the
  // array sees: the DMA brings the part of the feature map an A tile's rows
  // and K columns come from, sized in proportion (the analytic engine
  // counts the same bytes). The tiles of a row band partition it in K order.
  const std::int64_t a_matrix = s.m * s.k * ib;
  const std::int64_t a_bytes = layer.conv ? operand_elements(layer).a / layer.repeats * ib : a_matrix;
  const std::int64_t repeat_bytes = align(a_bytes) + align(s.k * s.n * ib) + align(s.m * s.n * ib);
  const int regions = arch.sram.double_buffer ? 2 : 1;
  const std::int64_t rows = c.rows, cols = c.cols;
  const bool os = c.dataflow == Dataflow::OS, ws = c.dataflow == Dataflow::WS;
  const std::int64_t stream = os ? s.k : blocking.chunk;
  const std::int64_t total_stream = os ? s.k : (ws ? s.m : s.n);
  // OS: K chunks per output tile (1 when a full-K panel and block fit).
  const std::int64_t k_chunk = os ? blocking.chunk : s.k, k_chunks = os ? blocking.chunks : 1;
  // Output tiles grouped into row bands across all N (WS chunk, OS row of
  // tiles) leave as one contiguous write each; IS tiles span all N already
  // when output_rows holds.
  const bool bands = blocking.output_rows && !(c.dataflow == Dataflow::IS);

  LayerPlan plan;
  plan.slots = {regions, regions};
  plan.output_slots = regions;
  std::array<std::int64_t, 2> last_key{-1, -1};
  std::array<std::int64_t, 2> count{0, 0};
  std::array<std::int64_t, 2> latest{-1, -1};  // each operand's latest load (index into plan.loads)
  for (std::int64_t rep = 0; rep < layer.repeats; ++rep) {
  const std::int64_t a_base = rep * repeat_bytes, b_base = a_base + align(a_bytes);
  // A's rows [r0, r0 + rows) x K columns [k0, k0 + cols): row-major, or the
  // feature map's share of it for a convolution (contiguous).
  const auto input_tile = [&](std::int64_t r0, std::int64_t rows, std::int64_t k0, std::int64_t cols) {
    if (a_bytes == a_matrix) return transfer(a_base + (r0 * s.k + k0) * ib, rows, cols * ib, s.k * ib);
    const auto scaled = [&](std::int64_t at) { return std::int64_t(__int128(at) * a_bytes / a_matrix); };
    const std::int64_t from = scaled((r0 * s.k + rows * k0) * ib), to = scaled((r0 * s.k + rows * (k0 + cols)) * ib);
    return contiguous(a_base + from, to - from);  // may be 0 bytes: a sliver of a small feature map
  };
  const std::int64_t c_base = b_base + align(s.k * s.n * ib);
  const std::int64_t key_base = rep << 40;  // tiles of different repeats are different tiles
  // B's column block starting at column n0, `width` wide, rows k0.. of it
  // (blocking.hpp: each block is row-major K x width, so this is contiguous).
  const auto weight_tile = [&](std::int64_t k0, std::int64_t k_rows, std::int64_t n0, std::int64_t width) {
    return contiguous(b_base + (s.k * n0 + k0 * width) * ib, k_rows * width * ib);
  };
  for (std::int64_t s0 = 0, chunk_index = 0; s0 < total_stream; s0 += stream, ++chunk_index) {
    Chunk chunk;
    (ws ? chunk.m0 : chunk.n0) = os ? 0 : s0;
    chunk.shape = s;
    const std::int64_t sl = std::min(stream, total_stream - s0);
    if (!os) (ws ? chunk.shape.m : chunk.shape.n) = sl;
    const GemmShape& cs = chunk.shape;
    const std::int64_t outer = os ? ceil_div(cs.m, rows) : ceil_div(ws ? cs.n : cs.m, cols);
    const std::int64_t inner = os ? ceil_div(cs.n, cols) * k_chunks : ceil_div(cs.k, rows);
    const std::size_t first_fold = plan.folds.size();
    for (std::int64_t o = 0; o < outer; ++o) {
      for (std::int64_t in = 0; in < inner; ++in) {
        FoldTiles f;
        std::array<std::int64_t, 2> key{};
        std::array<Transfer2D, 2> tile{};
        Transfer2D out_tile;
        if (os) {
          // Output tile (o, n), its K chunk kk: the tile's chunks back to back.
          const std::int64_t n = in / k_chunks, kk = in % k_chunks, n_tiles = inner / k_chunks;
          const std::int64_t m0 = o * rows, n0 = n * cols, k0 = kk * k_chunk;
          const std::int64_t mt = std::min(rows, s.m - m0), nt = std::min(cols, s.n - n0);
          const std::int64_t kl = std::min(k_chunk, s.k - k0);
          key = {key_base + o * k_chunks + kk, key_base + n * k_chunks + kk};
          tile[kInput] = input_tile(m0, mt, k0, kl);
          tile[kWeight] = weight_tile(k0, kl, n0, nt);
          f.stationary = {false, false};
          f.first_of_output = kk == 0 && (!bands || n == 0);
          f.last_of_output = kk == k_chunks - 1 && (!bands || n == n_tiles - 1);
          if (k_chunks > 1) {
            Chunk piece;
            piece.shape = GemmShape{mt, nt, kl};
            piece.m0 = m0;
            piece.n0 = n0;
            piece.k0 = k0;
            piece.folds = 1;
            plan.chunks.push_back(piece);
          }
          out_tile = bands ? contiguous(c_base + m0 * s.n * ib, mt * s.n * ib)
                           : transfer(c_base + (m0 * s.n + n0) * ib, mt, nt * ib, s.n * ib);
        } else {
          const std::int64_t x0 = o * cols, k0 = in * rows;  // x = n (WS) or m (IS), in the chunk
          const std::int64_t k_t = std::min(rows, s.k - k0), x_t = std::min(cols, (ws ? cs.n : cs.m) - x0);
          if (ws) {
            // A: the chunk's whole panel (one key per chunk) or its K tile.
            key = {key_base + (blocking.stream_panel ? chunk_index : chunk_index * inner + in),
                   key_base + o * inner + in};
            tile[kInput] = blocking.stream_panel ? input_tile(s0, sl, 0, s.k) : input_tile(s0, sl, k0, k_t);
            tile[kWeight] = weight_tile(k0, k_t, x0, x_t);
            f.stationary = {false, true};
            out_tile = bands ? contiguous(c_base + s0 * s.n * ib, sl * s.n * ib)
                             : transfer(c_base + (s0 * s.n + x0) * ib, sl, x_t * ib, s.n * ib);
          } else {
            key = {key_base + o * inner + in,
                   key_base + (blocking.stream_panel ? chunk_index : chunk_index * inner + in)};
            tile[kInput] = input_tile(x0, x_t, k0, k_t);
            tile[kWeight] = blocking.stream_panel ? weight_tile(0, s.k, s0, sl) : weight_tile(k0, k_t, s0, sl);
            f.stationary = {true, false};
            out_tile = transfer(c_base + (x0 * s.n + s0) * ib, x_t, sl * ib, s.n * ib);
          }
          f.first_of_output = in == 0 && (!bands || o == 0);
          f.last_of_output = in == inner - 1 && (!bands || o == outer - 1);
        }
        if (resident.c) {
          f.first_of_output = f.last_of_output = false;
          f.output = -1;
        } else {
          f.output = std::int64_t(plan.outputs.size());
          if (f.last_of_output) plan.outputs.push_back(out_tile);
        }
        // Stationary operand first: its region frees earlier (NorthLast).
        const std::array<Operand, 2> order =
            f.stationary[kInput] ? std::array<Operand, 2>{kInput, kWeight} : std::array<Operand, 2>{kWeight, kInput};
        const std::size_t fold_index = plan.folds.size();
        for (const Operand op : order) {
          if (op == kInput ? resident.a : resident.b) continue;  // already on chip: no load
          if (tile[op].bytes() == 0) continue;                    // its share rounds to nothing
          if (key[op] != last_key[op]) {
            last_key[op] = key[op];
            latest[op] = std::int64_t(plan.loads.size());
            plan.loads.push_back({op, count[op]++, std::int64_t(fold_index), tile[op]});
          }
          f.load[op] = latest[op];
          plan.loads[std::size_t(latest[op])].last_user = std::int64_t(fold_index);
        }
        plan.folds.push_back(f);
      }
    }
    chunk.folds = plan.folds.size() - first_fold;
    if (k_chunks == 1) plan.chunks.push_back(chunk);
    if (os) break;
  }
  }

  // Words per cycle the array reads from each operand's buffer: the west
  // edge takes `rows` lanes, the north edge `cols`.
  const std::int64_t width = arch.sram.bank_width_bytes;
  const std::int64_t west_words = ceil_div(rows * ib, width), north_words = ceil_div(cols * ib, width);
  const bool input_north = c.dataflow == Dataflow::IS;
  plan.words_per_cycle[kInput] = input_north ? north_words : west_words;
  plan.words_per_cycle[kWeight] = input_north ? west_words : north_words;
  return plan;
}

std::vector<Fold> layer_folds(const ArrayConfig& config, const LayerPlan& plan, const GemmShape& shape,
                              const GemmOperands* operands) {
  std::vector<Fold> folds;
  for (const Chunk& chunk : plan.chunks) {
    std::vector<Fold> part;
    if (operands && plan.chunks.size() > 1) {
      // The chunk's own operands: A[m0.., k0..] and B[k0.., n0..].
      const GemmShape& cs = chunk.shape;
      GemmOperands slice;
      slice.a.reserve(std::size_t(cs.m * cs.k));
      slice.b.reserve(std::size_t(cs.k * cs.n));
      for (std::int64_t i = 0; i < cs.m; ++i)
        for (std::int64_t p = 0; p < cs.k; ++p)
          slice.a.push_back(operands->a[std::size_t((chunk.m0 + i) * shape.k + chunk.k0 + p)]);
      for (std::int64_t p = 0; p < cs.k; ++p)
        for (std::int64_t j = 0; j < cs.n; ++j)
          slice.b.push_back(operands->b[std::size_t((chunk.k0 + p) * shape.n + chunk.n0 + j)]);
      part = make_folds(config, cs, &slice);
    } else {
      part = make_folds(config, chunk.shape, operands);
    }
    folds.insert(folds.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return folds;
}

std::vector<std::int64_t> layer_output(const ArrayConfig& config, const LayerPlan& plan, const GemmShape& shape,
                                       const std::vector<std::vector<std::int64_t>>& outputs) {
  if (plan.chunks.size() == 1) return assemble_output(config, shape, outputs);
  // Each chunk's C placed at (m0, n0); chunks of the same output tile (OS K
  // chunks) add up, wrapped to acc_width as the accumulator does.
  std::vector<std::uint64_t> sum(std::size_t(shape.m * shape.n), 0);
  std::size_t first = 0;
  for (const Chunk& chunk : plan.chunks) {
    const std::vector<std::vector<std::int64_t>> part(outputs.begin() + std::ptrdiff_t(first),
                                                      outputs.begin() + std::ptrdiff_t(first + chunk.folds));
    first += chunk.folds;
    const std::vector<std::int64_t> sub = assemble_output(config, chunk.shape, part);
    for (std::int64_t i = 0; i < chunk.shape.m; ++i)
      for (std::int64_t j = 0; j < chunk.shape.n; ++j)
        sum[std::size_t((chunk.m0 + i) * shape.n + chunk.n0 + j)] += std::uint64_t(sub[std::size_t(i * chunk.shape.n + j)]);
  }
  std::vector<std::int64_t> c(sum.size());
  for (std::size_t i = 0; i < sum.size(); ++i) c[i] = wrap_signed(sum[i], config.acc_width);
  return c;
}

}  // namespace sasim

namespace sasim {

void check_sram(const Architecture& arch) {
  const SramConfig& sram = arch.sram;
  const auto positive = [](const char* key, std::int64_t value) {
    if (value < 1) throw UserError(fmt::format("{} = {}: expected an integer >= 1", key, value));
  };
  positive("sram.banks", sram.banks);
  positive("sram.bank_width_bytes", sram.bank_width_bytes);
  positive("sram.ports", sram.ports);
  if (sram.unified_kib == 0) positive("sram.ifmap_kib", sram.ifmap_kib);
  if (sram.unified_kib < 0) positive("sram.unified_kib", sram.unified_kib);
  if (sram.unified_kib == 0) positive("sram.filter_kib", sram.filter_kib);  // 0: weights in the unified buffer
  const ArrayConfig& c = arch.array;
  const std::int64_t ib = operand_bytes(c), width = sram.bank_width_bytes;
  const std::int64_t slots = std::int64_t(sram.banks) * sram.ports;
  const std::int64_t west = ceil_div(c.rows * ib, width), north = ceil_div(c.cols * ib, width);
  // The array reads both edges in the same cycles (the next tile's preload
  // overlaps the stream); one buffer feeds both when unified.
  const auto check = [&](const char* buffer, std::int64_t words, const char* edges) {
    if (words > slots) {
      throw UserError(fmt::format(
          "sram.banks = {} x sram.ports = {} give {} accesses of sram.bank_width_bytes = {} per cycle, but the "
          "array reads {} per cycle from the {} buffer ({}); expected sram.banks * sram.ports >= {}",
          sram.banks, sram.ports, slots, width, words, buffer, edges, words));
    }
  };
  const char* input = sram.unified_kib > 0 ? "unified" : "ifmap";
  if (sram.unified_kib > 0 && sram.filter_kib == 0) {
    check("unified", west + north, "both edges");  // it holds the weights too
  } else {
    check(c.dataflow == Dataflow::IS ? "filter" : input, west, "west edge");
    check(c.dataflow == Dataflow::IS ? input : "filter", north, "north edge");
  }
}

}  // namespace sasim
