#pragma once
// The workload readers behind parse_workload (docs/workloads.md). Each throws
// UserError naming the file and line, node or spec key and what is expected.
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/workload/workload.hpp"

namespace sasim {

// A SCALE-Sim v2 topology CSV, conv form (`Layer name, IFMAP Height, IFMAP
// Width, Filter Height, Filter Width, Channels, Num Filter, Strides,`) or GEMM
// form (`Layer, M, N, K,`), chosen by its header line.
std::vector<Layer> read_topology_csv(const std::string& path);

// An ONNX model, shape-inferred, at `batch` (the graph is read at its own
// batch of 1 and every activation-dependent layer scaled by `batch`).
struct OnnxModel {
  std::vector<Layer> layers;
  std::int64_t folded_ops = 0;  // nodes computing on constants only, folded
  // Inferences per pass (Workload::batch): `batch` when the data input's
  // leading dimension is 1 or symbolic. A fixed other leading dimension may
  // be a batch or a sequence (ONNX LSTM's default layout): 0, and batch_note
  // says so, as --batch is refused for it rather than misapplied.
  std::int64_t batch = 1;
  std::string batch_note;
};
OnnxModel read_onnx_model(const std::string& path, std::int64_t batch);

// transformer:<keys> — `keys` is the text after the colon, `where` starts
// every error message. The spec's batch= (1 if absent) goes to *batch.
std::vector<Layer> generate_transformer(const std::string& keys, const std::string& where,
                                        std::int64_t* batch = nullptr);

// Multiplies an imported layer by a batch: M of convs and weight GEMMs,
// repeats of activation x activation MatMuls, elements of vector work.
// Throws UserError (prefixed by where) if a dimension leaves int range.
void scale_batch(Layer& layer, std::int64_t batch, const std::string& where);

}  // namespace sasim
