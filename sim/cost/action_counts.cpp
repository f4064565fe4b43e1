#include "sasim/cost/action_counts.hpp"

#include <cmath>

namespace sasim {

ActionCounts operand_action_counts(const ArrayConfig& array, const GemmShape& shape) {
  const double m = double(shape.m), n = double(shape.n), k = double(shape.k);
  const double in_bytes = array.in_width / 8.0, acc_bytes = array.acc_width / 8.0;
  auto tiles = [](double extent, int size) { return std::ceil(extent / size); };
  const double a = m * k * in_bytes, b = k * n * in_bytes, out = m * n * acc_bytes;
  ActionCounts c;
  c.macs = m * n * k;
  c.ifmap.write_bytes = a;
  c.filter.write_bytes = b;
  c.ofmap.write_bytes = out;
  c.ofmap.read_bytes = out;
  switch (array.dataflow) {
    case Dataflow::WS: {  // B stationary once; A streamed once per N tile; partial sums per K tile
      const double k_tiles = tiles(k, array.rows);
      c.filter.read_bytes = b;
      c.ifmap.read_bytes = a * tiles(n, array.cols);
      c.accumulator.write_bytes = out * k_tiles;
      c.accumulator.read_bytes = out * (k_tiles - 1);
      break;
    }
    case Dataflow::IS: {  // A stationary once; B streamed once per M tile; partial sums per K tile
      const double k_tiles = tiles(k, array.rows);
      c.ifmap.read_bytes = a;
      c.filter.read_bytes = b * tiles(m, array.cols);
      c.accumulator.write_bytes = out * k_tiles;
      c.accumulator.read_bytes = out * (k_tiles - 1);
      break;
    }
    case Dataflow::OS:  // C accumulates in the PEs; A once per N tile, B once per M tile
      c.ifmap.read_bytes = a * tiles(n, array.cols);
      c.filter.read_bytes = b * tiles(m, array.rows);
      break;
  }
  c.dram_read_bytes = a + b;
  c.dram_write_bytes = out;
  c.interconnect_bytes = a + b + out;
  return c;
}

ActionCounts vector_action_counts(const ArrayConfig& array, std::int64_t elements) {
  const double bytes = double(elements) * (array.in_width / 8.0);
  ActionCounts c;
  c.vector_ops = double(elements);
  c.ifmap.read_bytes = bytes;
  c.ifmap.write_bytes = bytes;
  return c;
}

}  // namespace sasim
