#include "sasim/mapping/dataflow.hpp"

namespace sasim {

const DataflowTraits& dataflow_traits(Dataflow dataflow) {
  // stream, row_dim, col_dim, outer, inner, loops, has_stationary, stationary, streamed, north
  static const DataflowTraits ws{kM, kK, kN, kN, kK, {kM, kN, kK}, true, kWeight, kInput, kWeight};
  static const DataflowTraits is{kN, kK, kM, kM, kK, {kN, kM, kK}, true, kInput, kWeight, kInput};
  static const DataflowTraits os{kK, kM, kN, kM, kN, {kM, kN, kK}, false, kOutput, kOutput, kWeight};
  switch (dataflow) {
    case Dataflow::WS: return ws;
    case Dataflow::IS: return is;
    case Dataflow::OS: return os;
  }
  return ws;
}

std::array<Dim, 2> operand_dims(Operand operand) {
  switch (operand) {
    case kInput: return {kM, kK};
    case kWeight: return {kK, kN};
    case kOutput: return {kM, kN};
  }
  return {kM, kN};
}

std::int64_t extent(const GemmShape& shape, Dim dim) {
  return dim == kM ? shape.m : dim == kN ? shape.n : shape.k;
}
std::int64_t& extent(GemmShape& shape, Dim dim) {
  return dim == kM ? shape.m : dim == kN ? shape.n : shape.k;
}

std::int64_t fold_tile(const ArrayConfig& config, const GemmShape& shape, Dim dim) {
  const DataflowTraits& t = dataflow_traits(config.dataflow);
  if (dim == t.row_dim) return config.rows;
  if (dim == t.col_dim) return config.cols;
  return extent(shape, dim);
}

}  // namespace sasim
