#include "sasim/mapping/tile_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sasim/mapping/blocking.hpp"
#include "sasim/mapping/dataflow.hpp"
#include "sasim/mapping/mapping.hpp"
#include "sasim/mapping/tile_schedule.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/int_math.hpp"
#include "sasim/support/wrap.hpp"

namespace sasim {
namespace {

// DRAM layout: A, then B, then C, each starting on a 4 KiB boundary (a page,
// so an operand never shares a DRAM row with another).
constexpr std::int64_t kRegionAlign = 4096;
std::int64_t align(std::int64_t bytes) {
  return ceil_div(bytes, kRegionAlign) * kRegionAlign;
}

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

// Where one repeat's A, B and C sit in DRAM (blocking.hpp), and the DMA
// transfer that moves a tile of each.
struct DramLayout {
  GemmShape s;
  std::int64_t ib = 1;
  // A convolution reads its feature map, not the M x K im2col matrix the
  // array sees: the DMA brings the part of the feature map an A tile's rows
  // and K columns come from, sized in proportion (the analytic engine
  // counts the same bytes). The tiles of a row band partition it in K order.
  std::int64_t a_matrix = 0, a_bytes = 0, repeat_bytes = 0;
  std::int64_t a_base = 0, b_base = 0, c_base = 0;

  DramLayout(const ArrayConfig& c, const Layer& layer) : s(layer.shape), ib(operand_bytes(c)) {
    a_matrix = s.m * s.k * ib;
    a_bytes = layer.conv ? operand_elements(layer).a / layer.repeats * ib : a_matrix;
    repeat_bytes = align(a_bytes) + align(s.k * s.n * ib) + align(s.m * s.n * ib);
  }
  // Each repeat (conv group, attention head) has its own A, B and C.
  void set_repeat(std::int64_t rep) {
    a_base = rep * repeat_bytes;
    b_base = a_base + align(a_bytes);
    c_base = b_base + align(s.k * s.n * ib);
  }
  Transfer2D tile(Operand op, const Box& box) const {
    const std::int64_t m0 = box.lo[kM], n0 = box.lo[kN], k0 = box.lo[kK];
    const std::int64_t mt = box.len[kM], nt = box.len[kN], kt = box.len[kK];
    switch (op) {
      case kInput: {  // row-major, or the feature map's share of it (contiguous)
        if (a_bytes == a_matrix) return transfer(a_base + (m0 * s.k + k0) * ib, mt, kt * ib, s.k * ib);
        const auto scaled = [&](std::int64_t at) { return std::int64_t(__int128(at) * a_bytes / a_matrix); };
        const std::int64_t from = scaled((m0 * s.k + mt * k0) * ib), to = scaled((m0 * s.k + mt * (k0 + kt)) * ib);
        return contiguous(a_base + from, to - from);  // may be 0 bytes: a sliver of a small feature map
      }
      // Column blocks as wide as the tile, each row-major K x width: contiguous.
      case kWeight: return contiguous(b_base + (s.k * n0 + k0 * nt) * ib, kt * nt * ib);
      case kOutput: return transfer(c_base + (m0 * s.n + n0) * ib, mt, nt * ib, s.n * ib);
    }
    return {};
  }
};

// Builds the plan from the walk of each repeat's tile schedule.
struct PlanBuilder {
  LayerPlan& plan;
  const DataflowTraits& traits;
  Residency resident;
  DramLayout dram;
  std::array<std::int64_t, 2> last_key{-1, -1};
  std::array<std::int64_t, 2> count{0, 0};
  std::array<std::int64_t, 2> latest{-1, -1};  // each operand's latest load (index into plan.loads)
  std::int64_t key_base = 0;

  void start_repeat(std::int64_t rep) {
    dram.set_repeat(rep);
    key_base = rep << 40;  // tiles of different repeats are different tiles
  }
  void operator()(const FoldStep& step) {
    if (step.new_chunk) {
      Chunk chunk;
      chunk.shape = step.chunk.shape();
      chunk.m0 = step.chunk.lo[kM];
      chunk.n0 = step.chunk.lo[kN];
      chunk.k0 = step.chunk.lo[kK];
      plan.chunks.push_back(chunk);
    }
    ++plan.chunks.back().folds;
    FoldTiles f;
    for (const Operand op : {kInput, kWeight}) f.stationary[op] = traits.has_stationary && traits.stationary == op;
    if (resident.c) {
      f.output = -1;  // C stays on chip: no output groups
    } else {
      f.first_of_output = step.first_of_output;
      f.last_of_output = step.last_of_output;
      f.output = std::int64_t(plan.outputs.size());
      if (f.last_of_output) plan.outputs.push_back(dram.tile(kOutput, step.tile[kOutput]));
    }
    // Stationary operand first: its region frees earlier (NorthLast).
    const std::array<Operand, 2> order =
        f.stationary[kInput] ? std::array<Operand, 2>{kInput, kWeight} : std::array<Operand, 2>{kWeight, kInput};
    for (const Operand op : order) load(f, op, step);
    plan.folds.push_back(f);
  }
  // A tile equal to the operand's previous load is reused, not loaded again.
  void load(FoldTiles& f, Operand op, const FoldStep& step) {
    if (op == kInput ? resident.a : resident.b) return;  // already on chip: no load
    const Transfer2D tile = dram.tile(op, step.tile[op]);
    if (tile.bytes() == 0) return;  // its share rounds to nothing
    const std::int64_t fold_index = std::int64_t(plan.folds.size()), key = key_base + step.key[op];
    if (key != last_key[op]) {
      last_key[op] = key;
      latest[op] = std::int64_t(plan.loads.size());
      plan.loads.push_back({op, count[op]++, fold_index, tile});
    }
    f.load[op] = latest[op];
    plan.loads[std::size_t(latest[op])].last_user = fold_index;
  }
};

}  // namespace

LayerPlan plan_layer(const Architecture& arch, const Layer& layer) {
  const ArrayConfig& c = arch.array;
  const Blocking blocking = block_gemm(arch, layer.shape, layer_text(layer));
  const TileSchedule schedule =
      tile_schedule(c, layer.shape, blocking.chunk, blocking.stream_panel, blocking.output_rows);
  const int regions = arch.sram.double_buffer ? 2 : 1;
  LayerPlan plan;
  plan.slots = {regions, regions};
  plan.output_slots = regions;
  // Activations kept on chip from the layer before, or for the layer after,
  // are neither loaded nor written back (blocking.hpp).
  PlanBuilder builder{plan, dataflow_traits(c.dataflow), resident_operands(arch, layer), DramLayout(c, layer)};
  for (std::int64_t rep = 0; rep < layer.repeats; ++rep) {
    builder.start_repeat(rep);
    walk_tiles(schedule, builder);
  }
  // Words per cycle the array reads from each operand's buffer: the west
  // edge takes `rows` lanes, the north edge `cols`.
  const std::int64_t ib = operand_bytes(c), width = arch.sram.bank_width_bytes;
  const std::int64_t west_words = ceil_div(c.rows * ib, width), north_words = ceil_div(c.cols * ib, width);
  const bool input_north = dataflow_traits(c.dataflow).north == kInput;
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
        sum[std::size_t((chunk.m0 + i) * shape.n + chunk.n0 + j)] +=
            std::uint64_t(sub[std::size_t(i * chunk.shape.n + j)]);
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
    const bool input_north = dataflow_traits(c.dataflow).north == kInput;
    check(input_north ? "filter" : input, west, "west edge");
    check(input_north ? input : "filter", north, "north edge");
  }
}

}  // namespace sasim
