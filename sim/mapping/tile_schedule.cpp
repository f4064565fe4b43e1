// The tile loop nest shared by the platform's tile plan and the analytic
// engine (tile_schedule.hpp).
#include "sasim/mapping/tile_schedule.hpp"

#include <algorithm>

#include "sasim/support/error.hpp"
#include "sasim/support/int_math.hpp"

namespace sasim {
namespace {

bool has_dim(Operand operand, Dim dim) {
  const std::array<Dim, 2> dims = operand_dims(operand);
  return dims[0] == dim || dims[1] == dim;
}

// The deepest loop level the operand's tile changes with that runs more
// than once; -1 when its tile is the same in every fold.
int deepest_varying(const TileSchedule& s, Operand operand) {
  for (int l = 2; l >= 0; --l)
    if (tile_depends(s, operand, l) && s.loops[std::size_t(l)].trips > 1) return l;
  return -1;
}

}  // namespace

std::int64_t Box::elements(Operand operand) const {
  const std::array<Dim, 2> d = operand_dims(operand);
  return len[d[0]] * len[d[1]];
}

TileSchedule tile_schedule(const ArrayConfig& c, const GemmShape& shape, std::int64_t chunk, bool stream_panel,
                           bool output_rows) {
  const DataflowTraits& t = dataflow_traits(c.dataflow);
  TileSchedule s;
  s.shape = shape;
  for (int l = 0; l < 3; ++l) {
    const Dim dim = t.loops[std::size_t(l)];
    const std::int64_t step = dim == t.stream ? chunk : fold_tile(c, shape, dim);
    s.loops[std::size_t(l)] = {dim, step, ceil_div(extent(shape, dim), step)};
    if (dim == t.stream) s.stream_level = l;
  }
  if (t.has_stationary) s.whole[t.streamed][kK] = stream_panel;
  // A band across all N spans every chunk when the stream cuts N (IS): an
  // IS output tile spans all N already when there is one chunk.
  s.whole[kOutput][kN] = output_rows && t.stream != kN;
  return s;
}

bool tile_depends(const TileSchedule& s, Operand operand, int level) {
  const Dim dim = s.loops[std::size_t(level)].dim;
  return has_dim(operand, dim) && !s.whole[operand][dim];
}

Box fold_box(const TileSchedule& s, const LoopIndex& index) {
  Box b;
  for (int l = 0; l < 3; ++l) {
    const TileLoop& loop = s.loops[std::size_t(l)];
    const std::int64_t lo = index[std::size_t(l)] * loop.step;
    b.lo[loop.dim] = lo;
    b.len[loop.dim] = std::min(loop.step, extent(s.shape, loop.dim) - lo);
  }
  return b;
}

Box operand_tile(const TileSchedule& s, Operand operand, const LoopIndex& index) {
  Box b = fold_box(s, index);
  for (const Dim dim : {kM, kN, kK}) {
    if (!s.whole[operand][dim]) continue;
    b.lo[dim] = 0;
    b.len[dim] = extent(s.shape, dim);
  }
  return b;
}

std::int64_t tile_key(const TileSchedule& s, Operand operand, const LoopIndex& index) {
  std::int64_t key = 0;
  for (int l = 0; l < 3; ++l)
    key = key * s.loops[std::size_t(l)].trips + (tile_depends(s, operand, l) ? index[std::size_t(l)] : 0);
  return key;
}

std::int64_t schedule_folds(const TileSchedule& s) {
  return layer_mul(layer_mul(s.loops[0].trips, s.loops[1].trips), s.loops[2].trips);
}

std::int64_t tile_passes(const TileSchedule& s, Operand operand) {
  // The key changes whenever the deepest varying loop moves, and a loop
  // outside it that the tile does not depend on brings every tile back
  // once per iteration.
  const int deepest = deepest_varying(s, operand);
  std::int64_t passes = 1;
  for (int l = 0; l < deepest; ++l)
    if (!tile_depends(s, operand, l)) passes = layer_mul(passes, s.loops[std::size_t(l)].trips);
  return passes;
}

LoopIndex first_index(const TileSchedule&) {
  return {0, 0, 0};
}
LoopIndex last_index(const TileSchedule& s) {
  return {s.loops[0].trips - 1, s.loops[1].trips - 1, s.loops[2].trips - 1};
}

// C's tile is a prefix of the nest: the loops it does not depend on are the
// innermost ones, and the fold at their first (last) index starts (ends) it.
bool first_of_output(const TileSchedule& s, const LoopIndex& index) {
  for (int l = 0; l < 3; ++l)
    if (!tile_depends(s, kOutput, l) && index[std::size_t(l)] != 0) return false;
  return true;
}

bool last_of_output(const TileSchedule& s, const LoopIndex& index) {
  for (int l = 0; l < 3; ++l)
    if (!tile_depends(s, kOutput, l) && index[std::size_t(l)] != s.loops[std::size_t(l)].trips - 1) return false;
  return true;
}

// The stream index moves when its loop steps (every deeper loop back at 0)
// or an outer loop steps and it wraps (it runs more than once).
bool starts_chunk(const TileSchedule& s, const LoopIndex& index) {
  bool deeper_at_start = true;
  for (int l = s.stream_level + 1; l < 3; ++l) deeper_at_start = deeper_at_start && index[std::size_t(l)] == 0;
  if (!deeper_at_start) return false;
  if (s.loops[std::size_t(s.stream_level)].trips > 1) return true;
  for (int l = 0; l < s.stream_level; ++l)
    if (index[std::size_t(l)] != 0) return false;
  return index[std::size_t(s.stream_level)] == 0;
}

// The GEMM of a run of folds with one stream index: the loops inside the
// stream loop cover their whole dimension; those outside it are fixed for
// the run when the stream loop runs more than once (OS K chunks: one fold
// each), else the run spans them too.
Box chunk_box(const TileSchedule& s, const LoopIndex& index) {
  Box b = fold_box(s, index);
  const bool cut = s.loops[std::size_t(s.stream_level)].trips > 1;
  for (int l = 0; l < 3; ++l) {
    if (l == s.stream_level || (l < s.stream_level && cut)) continue;
    const Dim dim = s.loops[std::size_t(l)].dim;
    b.lo[dim] = 0;
    b.len[dim] = extent(s.shape, dim);
  }
  return b;
}

}  // namespace sasim
