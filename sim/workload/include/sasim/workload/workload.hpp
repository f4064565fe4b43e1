#pragma once
// Workloads as `sasim run --workload` takes them (docs/workloads.md):
//   gemm:M=512,N=512,K=512[,name=fc1]                  a dense GEMM
//   conv:H=56,W=56,C=64,K=128,R=3[,S=..,stride=..,pad=..,groups=..,batch=..,name=..]
//   transformer:preset=gpt2[,mode=decode,kv_len=..]    a generated transformer
// (specs separated by ';'), or one file: a SCALE-Sim topology `.csv` or an
// ONNX model `.onnx`. Every layer is lowered to one of four kinds: GEMMs the
// matrix unit runs, possibly repeated (conv groups, attention heads), or
// vector work (every other operator), which is kept and costed, never dropped.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sasim/workload/gemm.hpp"

namespace sasim {

enum class LayerKind {
  Gemm,    // C = A * B with B a weight (gemm: specs, ONNX Gemm, projections)
  Conv,    // a convolution lowered by im2col; `conv` holds the original geometry
  MatMul,  // batched activation x activation products (attention QK^T, AV)
  Vector,  // element-wise / reduction / data-movement work off the matrix unit
};
const char* to_string(LayerKind kind);  // "gemm", "conv", "matmul", "vector"

// Where an operand comes from, which decides its DRAM traffic: weights are
// read once per layer, activations are produced and consumed by layers.
enum class OperandSource { Weight, Activation };
const char* to_string(OperandSource source);  // "weight", "activation"

// The convolution a Conv layer was lowered from, any number of spatial
// dimensions (2 for conv: specs and SCALE-Sim; ONNX may give 1 or 3).
struct ConvGeometry {
  std::int64_t batch = 1;
  std::int64_t in_channels = 1, out_channels = 1, groups = 1;
  std::vector<std::int64_t> in_size;   // input spatial size, e.g. {H, W}, unpadded
  std::vector<std::int64_t> out_size;  // output spatial size
  std::vector<std::int64_t> kernel, strides, dilations;
  std::vector<std::int64_t> pads_begin, pads_end;
};

struct Layer {
  std::string name;  // unique in the workload; letters, digits, '_', '-', '.'
  LayerKind kind = LayerKind::Gemm;
  std::string op;          // the operator it came from: "gemm", "conv", ONNX op_type, "softmax", ...
  std::string shape_text;  // for people, e.g. "conv 3x224x224 k7x7 s2 -> 64x112x112"

  // Matrix kinds: `repeats` independent GEMMs, each C[M x N] = A[M x K] * B[K x N]
  // (conv groups x1, batch x heads for attention). All zero for Vector.
  GemmShape shape;
  std::int64_t repeats = 1;
  OperandSource a_source = OperandSource::Activation;
  OperandSource b_source = OperandSource::Weight;

  // Vector: the elements the operator processes (the largest activation it
  // reads or writes; 0 for views such as Reshape); it costs vector_cycles()
  // on the vector unit. 0 for matrix kinds.
  std::int64_t vector_elements = 0;

  std::optional<ConvGeometry> conv;  // Conv only

  bool is_matrix() const { return kind != LayerKind::Vector; }
  std::int64_t macs() const { return is_matrix() ? repeats * shape.macs() : 0; }
};

// Distinct elements each operand holds (what DRAM traffic is counted from):
// im2col's A is counted as the feature map it is gathered from, not M x K.
// Vector layers read and write vector_elements.
struct OperandElements {
  std::int64_t a = 0, b = 0, c = 0;
};
OperandElements operand_elements(const Layer& layer);

// The vector unit has one lane per array column (docs/workloads.md):
// ceil(elements / cols) cycles, at least 1 for a non-empty operator.
std::int64_t vector_cycles(std::int64_t elements, int cols);

struct Workload {
  std::string spec;  // the text it was parsed from (a spec or a file path)
  std::vector<Layer> layers;
  // ONNX nodes that compute on weights and constants only (Constant, Identity
  // of a weight, shape arithmetic): folded before deployment, not layers.
  std::int64_t folded_ops = 0;
  // Inferences one pass of the layers makes (inferences_per_s,
  // docs/output-formats.md): --batch for an ONNX model, the batch= of conv:
  // and transformer: specs (1 when absent), 1 for GEMM specs and SCALE-Sim
  // topologies. 0 when there is no single batch (specs stating different
  // ones, an ONNX data input leading with a fixed dimension other than 1);
  // batch_note then says why, in one line.
  std::int64_t batch = 1;
  std::string batch_note;
};

// What `sasim run` simulates without --workload: a square GEMM, a batch-8
// MLP layer (tall-skinny, poor array fill) and an attention score GEMM.
inline constexpr const char* kDefaultWorkload =
    "gemm:name=fc_512,M=512,N=512,K=512;"
    "gemm:name=mlp_batch8,M=8,N=2048,K=2048;"
    "gemm:name=attn_qk,M=128,N=128,K=64";

inline constexpr std::int64_t kMaxGemmDim = 2147483647;  // 2^31-1: a fold's beat count is an int

struct WorkloadOptions {
  std::int64_t batch = 1;  // --batch: ONNX models only (they are read at batch 1)
};

// Parses specs or loads a file (by its .csv / .onnx ending). Throws UserError
// naming the spec fragment, or the file and line/node, and what is expected:
// every GEMM dimension in 1..2^31-1, M*N*K and the total within int64,
// unique names.
Workload parse_workload(const std::string& spec, const WorkloadOptions& options = {});

}  // namespace sasim
