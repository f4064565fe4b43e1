// ONNX models (docs/workloads.md, "ONNX"): the graph is sorted (a cycle is an
// error), ONNX shape inference fills the intermediate shapes that older
// exports leave out, and every node becomes one layer in graph order:
//   Conv          -> Conv layer (im2col, groups as repeats); also ConvInteger, QLinearConv
//   ConvTranspose -> Gemm layer (col2im: input pixels x C_in/g x C_out/g*kernel)
//   LSTM/GRU/RNN  -> Gemm layer, one GEMM per time step and direction
//   Gemm, MatMul  -> Gemm layer when B is a weight (batch dims of A folded into M),
//                    (also MatMulInteger, QLinearMatMul)
//                    MatMul layer when both operands are activations (batch dims as repeats)
//   anything else -> Vector layer costed by the largest activation it reads or writes;
//                    views (Reshape, Flatten, Squeeze, Unsqueeze, Identity) touch none.
// Nodes that only compute on weights and constants (Constant, Identity of a
// weight, shape arithmetic) are folded by any deployment compiler and do no
// work per inference: they are counted, not emitted.
#include <fmt/format.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "sasim/support/error.hpp"
#include "sasim/support/input_file.hpp"
#include "sasim/workload/workload_conv.hpp"
#include "sasim/workload/workload_text.hpp"
#include "workload_readers.hpp"

namespace sasim {
namespace {

// An op type as text for a message: control characters escaped (a fuzzed
// or broken model can hold any bytes there), without quotes: "(Conv)".
std::string printable(const std::string& text) {
  const std::string q = quoted(text);
  return q.substr(1, q.size() - 2);
}

using Shape = std::vector<std::int64_t>;

// protobuf refuses messages of 2 GiB and more; models with their weights
// inside reach hundreds of MiB, far above the text-input limit.
constexpr std::int64_t kMaxOnnxBytes = (std::int64_t{2} << 30) - 1;  // -1: a dimension shape inference could not fix

const std::set<std::string> kViews = {"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity"};

std::string dims_text(const Shape& shape) {
  std::string out;
  for (const std::int64_t d : shape) out += (out.empty() ? "" : "x") + (d < 0 ? std::string("?") : std::to_string(d));
  return out.empty() ? "scalar" : out;
}

bool is_static(const Shape& shape) {
  return std::all_of(shape.begin(), shape.end(), [](std::int64_t d) { return d >= 0; });
}

class OnnxReader {
 public:
  OnnxReader(std::string path, std::int64_t batch) : path_(std::move(path)), batch_(batch) {}

  std::vector<Layer> read() {
    const std::string bytes = read_user_file(path_, "onnx model", "an .onnx file", kMaxOnnxBytes);
    if (bytes.empty()) fail("empty file: expected an ONNX model (a serialized onnx.ModelProto)");
    if (!model_.ParseFromString(bytes))
      fail("not an ONNX model: the file does not parse as onnx.ModelProto (or is truncated)");
    if (model_.ir_version() <= 0 || !model_.has_graph() || model_.graph().node_size() == 0) {
      fail("not an ONNX model: no ir_version or no graph nodes");
    }
    sort_nodes();
    fix_batch();
    check_sizes();
    check_window_ranks();
    infer_shapes();
    infer_einsum_outputs();
    collect_shapes();
    std::vector<Layer> layers;
    for (const onnx::NodeProto& node : model_.graph().node()) {
      const bool constant = std::all_of(node.input().begin(), node.input().end(),
                                        [&](const std::string& in) { return in.empty() || constant_.count(in); });
      if (constant) {  // folded at compile time: outputs are constants too
        for (const std::string& out : node.output()) constant_.insert(out);
        ++folded_;
        continue;
      }
      Layer layer = map_node(node);
      layer.name = unique(plain_name(node.name(), fmt::format("{}{}", lower(node.op_type()), layers.size())));
      layers.push_back(std::move(layer));
    }
    if (layers.empty()) fail("every node computes on constants only: expected a graph with a data input");
    if (batch_ > 1) {
      for (Layer& layer : layers)
        scale_batch(layer, batch_, fmt::format("onnx model {} --batch {}", quoted(path_), batch_));
    }
    return layers;
  }

  std::int64_t folded() const { return folded_; }
  const std::string& data_input() const { return data_input_; }
  std::int64_t leading_dim() const { return leading_dim_; }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(fmt::format("onnx model {}: {}", quoted(path_), what));
  }
  [[noreturn]] void fail(const onnx::NodeProto& node, const std::string& what) const {
    throw UserError(fmt::format("onnx model {}: node {} ({}): {}", quoted(path_), quoted(node.name()),
                                printable(node.op_type()), what));
  }

  // Kahn's algorithm; ONNX requires topological order but a graph with a
  // cycle, or an input nobody produces, must be refused by name.
  void sort_nodes() {
    onnx::GraphProto& graph = *model_.mutable_graph();
    std::unordered_set<std::string> available;
    for (const auto& init : graph.initializer()) available.insert(init.name());
    for (const auto& input : graph.input()) available.insert(input.name());
    std::unordered_map<std::string, int> producer;
    for (int i = 0; i < graph.node_size(); ++i) {
      for (const std::string& out : graph.node(i).output()) {
        if (out.empty()) continue;
        if (available.count(out) || !producer.emplace(out, i).second) {
          fail(graph.node(i),
               fmt::format("output {} is already produced elsewhere: expected each tensor once", quoted(out)));
        }
      }
    }
    std::vector<int> waiting(graph.node_size(), 0);
    std::unordered_map<std::string, std::vector<int>> consumers;
    for (int i = 0; i < graph.node_size(); ++i) {
      std::unordered_set<std::string> seen;
      for (const std::string& in : graph.node(i).input()) {
        if (in.empty() || available.count(in) || !seen.insert(in).second) continue;
        if (!producer.count(in)) {
          fail(graph.node(i),
               fmt::format("input {} is neither a graph input, an initializer nor a node output", quoted(in)));
        }
        ++waiting[i];
        consumers[in].push_back(i);
      }
    }
    // Among ready nodes the one first in the file goes first: a sorted file keeps its order.
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int i = 0; i < graph.node_size(); ++i)
      if (waiting[i] == 0) ready.push(i);
    std::vector<int> order;
    while (!ready.empty()) {
      const int i = ready.top();
      ready.pop();
      order.push_back(i);
      for (const std::string& out : graph.node(i).output()) {
        for (const int c : consumers[out])
          if (--waiting[c] == 0) ready.push(c);
      }
    }
    if (int(order.size()) != graph.node_size()) {
      for (int i = 0; i < graph.node_size(); ++i) {
        if (waiting[i] > 0) fail(graph.node(i), "the graph has a cycle through this node: expected a DAG");
      }
    }
    google::protobuf::RepeatedPtrField<onnx::NodeProto> sorted;
    for (const int i : order) *sorted.Add() = graph.node(i);
    graph.mutable_node()->Swap(&sorted);
  }

  // Weights are graph inputs (or initializers); the data input is the first
  // graph input that is not an initializer. Its leading dimension is the
  // batch: a symbolic one is fixed to 1, and --batch needs it to be 1.
  void fix_batch() {
    onnx::GraphProto& graph = *model_.mutable_graph();
    std::unordered_set<std::string> initializers;
    for (const auto& init : graph.initializer()) {
      initializers.insert(init.name());
      constant_.insert(init.name());
    }
    for (auto& input : *graph.mutable_input()) {
      if (initializers.count(input.name())) continue;
      if (data_input_.empty()) {
        data_input_ = input.name();
        auto* shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
        if (shape->dim_size() > 0 && !shape->dim(0).has_dim_value()) {
          // A symbolic batch ("N", "batch_size"): 1 here and wherever the
          // exporter wrote the same symbol, so that written shapes stay static.
          const std::string symbol = shape->dim(0).dim_param();
          shape->mutable_dim(0)->set_dim_value(1);
          if (!symbol.empty()) fix_symbol(symbol);
        }
        if (shape->dim_size() > 0) leading_dim_ = shape->dim(0).dim_value();
        if (batch_ > 1 && (shape->dim_size() == 0 || shape->dim(0).dim_value() != 1)) {
          fail(fmt::format(
              "--batch {}: the data input {} has leading dimension {}: expected a model exported at batch 1", batch_,
              quoted(input.name()), shape->dim_size() ? shape->dim(0).dim_value() : 0));
        }
      } else {
        constant_.insert(input.name());  // a weight carrying only its shape
      }
    }
    if (data_input_.empty()) fail("no graph input: expected a data input (the first graph input)");
    for (const auto& node : graph.node())
      if (node.op_type() == "Constant") constant_.insert(node.output().begin(), node.output().end());
  }

  void fix_symbol(const std::string& symbol) {
    onnx::GraphProto& graph = *model_.mutable_graph();
    for (auto* infos : {graph.mutable_input(), graph.mutable_value_info(), graph.mutable_output()}) {
      for (auto& info : *infos) {
        if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape()) continue;
        for (auto& dim : *info.mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim()) {
          if (!dim.has_dim_value() && dim.dim_param() == symbol) dim.set_dim_value(1);
        }
      }
    }
  }

  // ONNX 1.12's shape inference runs in time proportional to some sizes
  // (a conv's pads, a spatial dimension: minutes at 2^40): every written
  // dimension and every size attribute must stay within 2^31-1 first.
  void check_sizes() const {
    const onnx::GraphProto& graph = model_.graph();
    for (const auto* infos : {&graph.input(), &graph.value_info(), &graph.output()}) {
      for (const auto& info : *infos) {
        if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape()) continue;
        for (const auto& dim : info.type().tensor_type().shape().dim()) {
          if (dim.has_dim_value() && (dim.dim_value() < 0 || dim.dim_value() > kMaxGemmDim)) {
            fail(fmt::format("tensor {} has dimension {}: expected 0..{}", quoted(info.name()), dim.dim_value(),
                             kMaxGemmDim));
          }
        }
      }
    }
    for (const auto& init : graph.initializer()) {
      for (const std::int64_t d : init.dims()) {
        if (d < 0 || d > kMaxGemmDim) {
          fail(fmt::format("initializer {} has dimension {}: expected 0..{}", quoted(init.name()), d, kMaxGemmDim));
        }
      }
    }
    static const std::set<std::string> kSizeAttributes = {"pads",           "strides",      "dilations", "kernel_shape",
                                                          "output_padding", "output_shape", "group"};
    for (const onnx::NodeProto& node : graph.node()) {
      for (const auto& a : node.attribute()) {
        if (!kSizeAttributes.count(a.name())) continue;
        // Divisors (a stride of 0 makes ONNX divide by zero) and counts start
        // at 1; pads at 0, except the old Pad operator's negative (cropping) ones.
        const bool positive =
            a.name() == "strides" || a.name() == "dilations" || a.name() == "kernel_shape" || a.name() == "group";
        const std::int64_t lo = positive ? 1 : node.op_type() == "Pad" ? -kMaxGemmDim : 0;
        std::vector<std::int64_t> values(a.ints().begin(), a.ints().end());
        if (a.has_i()) values.push_back(a.i());
        for (const std::int64_t v : values) {
          if (v < lo || v > kMaxGemmDim) {
            fail(node, fmt::format("attribute {} holds {}: expected integers in {}..{}", a.name(), v, lo, kMaxGemmDim));
          }
        }
      }
    }
  }

  // ONNX 1.12's shape inference for convolutions and pools reads past the
  // input's dimensions when it takes the kernel from a weight whose rank
  // does not match the input's (segfaults found by fuzzing); given a
  // kernel_shape attribute it checks the rank instead. So a convolution
  // without one gets it from its weight where the weight's shape is known
  // before inference (an initializer or graph input), and where the ranks
  // are known (graph inputs, initializers, shapes the exporter wrote) they
  // must agree.
  void check_window_ranks() {
    static const std::set<std::string> kWindowed = {"Conv",    "ConvInteger", "QLinearConv", "ConvTranspose",
                                                    "MaxPool", "AveragePool", "LpPool"};
    const onnx::GraphProto& graph = model_.graph();
    // Shapes known before inference (-1: a dimension without a value);
    // weights passed through Identity (exporters do) keep theirs.
    std::map<std::string, Shape> known;
    const auto add = [&](const onnx::ValueInfoProto& info) {
      if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape()) return;
      Shape shape;
      for (const auto& dim : info.type().tensor_type().shape().dim())
        shape.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
      known.emplace(info.name(), std::move(shape));
    };
    for (const auto& init : graph.initializer()) known[init.name()].assign(init.dims().begin(), init.dims().end());
    for (const auto& info : graph.input()) add(info);
    for (const auto& info : graph.value_info()) add(info);
    for (const onnx::NodeProto& node : graph.node()) {
      if (node.op_type() != "Identity" || node.input_size() < 1 || node.output_size() < 1) continue;
      const auto in = known.find(node.input(0));
      if (in != known.end()) known.emplace(node.output(0), in->second);
    }
    for (onnx::NodeProto& node : *model_.mutable_graph()->mutable_node()) {
      if (!kWindowed.count(node.op_type()) || node.input_size() < 1) continue;
      const bool pool = node.op_type().find("Pool") != std::string::npos;
      const int w_index = node.op_type() == "QLinearConv" ? 3 : 1;  // the others' weight is input 1
      const auto x = known.find(node.input(0));
      const auto w = pool || node.input_size() <= w_index ? known.end() : known.find(node.input(w_index));
      if (x != known.end()) {
        const int rank = int(x->second.size());
        if (rank < 3) fail(node, fmt::format("input has {} dimensions: expected N x C x spatial (>= 3)", rank));
        if (w != known.end() && int(w->second.size()) != rank)
          fail(node,
               fmt::format("input has {} dimensions and weight {}: expected equal ranks", rank, w->second.size()));
        for (const onnx::AttributeProto& a : node.attribute()) {
          const int spatial = rank - 2;
          const int expected = a.name() == "pads" ? 2 * spatial : spatial;
          const bool per_axis = a.name() == "kernel_shape" || a.name() == "strides" || a.name() == "dilations" ||
                                a.name() == "pads" || a.name() == "output_padding";
          if (per_axis && a.ints_size() != expected)
            fail(node, fmt::format("attribute {} has {} values for {} spatial axes: expected {}", a.name(),
                                   a.ints_size(), spatial, expected));
        }
      }
      // A convolution's kernel_shape from its weight, when every kernel
      // dimension of it is known.
      if (w == known.end()) continue;
      bool has_kernel = false;
      for (const auto& a : node.attribute()) has_kernel = has_kernel || a.name() == "kernel_shape";
      const Shape& dims = w->second;
      if (has_kernel || std::any_of(dims.begin() + std::min<std::ptrdiff_t>(2, std::ptrdiff_t(dims.size())), dims.end(),
                                    [](std::int64_t d) { return d < 1; }))
        continue;
      onnx::AttributeProto* kernel = node.add_attribute();
      kernel->set_name("kernel_shape");
      kernel->set_type(onnx::AttributeProto::INTS);
      for (std::size_t i = 2; i < dims.size(); ++i) kernel->add_ints(dims[i]);
    }
  }

  void infer_shapes() {
    // Node-level inference errors are not thrown (error_mode 0): an operator
    // ONNX 1.12 does not know (opset 20's Gelu) just keeps the shapes the
    // exporter wrote. A contradiction between written and inferred shapes is
    // an error in the file.
    try {
      onnx::shape_inference::InferShapes(model_, onnx::OpSchemaRegistry::Instance(),
                                         onnx::ShapeInferenceOptions(false, 0, false));
    } catch (const std::exception& e) {
      std::string what = e.what();
      what = what.substr(0, what.find('\n'));
      fail(fmt::format("ONNX shape inference failed: {}", what));
    }
  }

  void collect_shapes() {
    shapes_.clear();
    const onnx::GraphProto& graph = model_.graph();
    auto add = [&](const onnx::ValueInfoProto& info) {
      if (!info.type().has_tensor_type() || !info.type().tensor_type().has_shape()) return;
      Shape shape;
      for (const auto& dim : info.type().tensor_type().shape().dim()) {
        shape.push_back(dim.has_dim_value() && dim.dim_value() >= 0 ? dim.dim_value() : -1);
      }
      shapes_.emplace(info.name(), std::move(shape));
    };
    for (const auto& init : graph.initializer())
      shapes_.emplace(init.name(), Shape(init.dims().begin(), init.dims().end()));
    for (const auto& info : graph.input()) add(info);
    for (const auto& info : graph.value_info()) add(info);
    for (const auto& info : graph.output()) add(info);
  }

  const Shape& static_shape(const onnx::NodeProto& node, int index) const {
    if (node.input_size() <= index || node.input(index).empty()) {
      fail(node, fmt::format("input {} is missing: expected {} inputs", index, index + 1));
    }
    const auto it = shapes_.find(node.input(index));
    if (it == shapes_.end() || !is_static(it->second)) {
      fail(node, fmt::format("the shape of input {} is {} after shape inference: expected a static shape "
                             "(only the data input's leading, batch dimension may be symbolic)",
                             quoted(node.input(index)), it == shapes_.end() ? "unknown" : dims_text(it->second)));
    }
    return it->second;
  }

  static std::vector<std::int64_t> ints(const onnx::NodeProto& node, const char* name) {
    for (const auto& a : node.attribute())
      if (a.name() == name) return {a.ints().begin(), a.ints().end()};
    return {};
  }
  static std::int64_t int_attr(const onnx::NodeProto& node, const char* name, std::int64_t fallback) {
    for (const auto& a : node.attribute())
      if (a.name() == name) return a.i();
    return fallback;
  }
  static std::string string_attr(const onnx::NodeProto& node, const char* name) {
    for (const auto& a : node.attribute())
      if (a.name() == name) return a.s();
    return "";
  }

  OperandSource source(const onnx::NodeProto& node, int index) const {
    return constant_.count(node.input(index)) ? OperandSource::Weight : OperandSource::Activation;
  }

  Layer map_node(const onnx::NodeProto& node) {
    const bool standard = node.domain().empty() || node.domain() == "ai.onnx";
    // Quantized forms carry their operands at other input positions:
    // QLinearConv/QLinearMatMul (x, x_scale, x_zero_point, w, ...).
    const std::string& op = node.op_type();
    if (standard && (op == "Conv" || op == "ConvInteger")) return conv(node, 0, 1);
    if (standard && op == "QLinearConv") return conv(node, 0, 3);
    if (standard && op == "ConvTranspose") return conv_transpose(node);
    if (standard && (op == "LSTM" || op == "GRU" || op == "RNN")) return recurrent(node);
    if (standard && op == "Einsum" && node.input_size() == 2) {
      if (std::optional<Layer> layer = einsum(node)) return *layer;
    }
    if (standard && op == "Gemm") return gemm(node);
    if (standard && (op == "MatMul" || op == "MatMulInteger")) return matmul(node, 0, 1);
    if (standard && op == "QLinearMatMul") return matmul(node, 0, 3);
    return vector(node);
  }

  Layer conv(const onnx::NodeProto& node, int x_index, int w_index) {
    const Shape x = static_shape(node, x_index), w = static_shape(node, w_index);
    if (x.size() < 3 || w.size() != x.size()) {
      fail(node, fmt::format("input {} and weight {}: expected N x C x spatial... and C_out x C_in/group x kernel...",
                             dims_text(x), dims_text(w)));
    }
    const std::size_t rank = x.size() - 2;
    ConvGeometry g;
    g.batch = x[0];
    g.in_channels = x[1];
    g.out_channels = w[0];
    g.groups = int_attr(node, "group", 1);
    g.in_size.assign(x.begin() + 2, x.end());
    g.kernel.assign(w.begin() + 2, w.end());
    std::int64_t channels = 0;
    if (g.groups < 1 || !checked_mul(w[1], g.groups, channels) || channels != x[1]) {
      fail(node, fmt::format("input has {} channels, weight {} with group {}: expected C_in = weight dim 1 x group",
                             x[1], dims_text(w), g.groups));
    }
    const std::vector<std::int64_t> kernel_attr = ints(node, "kernel_shape");
    if (!kernel_attr.empty() && kernel_attr != g.kernel) {
      fail(node,
           fmt::format("kernel_shape {} differs from the weight's {}", dims_text(kernel_attr), dims_text(g.kernel)));
    }
    g.strides = ints(node, "strides");
    g.dilations = ints(node, "dilations");
    if (g.strides.empty()) g.strides.assign(rank, 1);
    if (g.dilations.empty()) g.dilations.assign(rank, 1);
    for (const auto* values : {&g.strides, &g.dilations}) {  // before the SAME padding arithmetic uses them
      for (const std::int64_t v : *values) {
        if (v < 1 || v > kMaxGemmDim) {
          fail(node, fmt::format("{} holds {}: expected integers in 1..{}",
                                 values == &g.strides ? "strides" : "dilations", v, kMaxGemmDim));
        }
      }
    }
    const std::vector<std::int64_t> pads = ints(node, "pads");
    const std::string auto_pad = string_attr(node, "auto_pad");
    if (auto_pad.empty() || auto_pad == "NOTSET") {
      if (!pads.empty() && pads.size() != 2 * rank)
        fail(node, fmt::format("pads has {} values: expected {}", pads.size(), 2 * rank));
      g.pads_begin = pads.empty() ? Shape(rank, 0) : Shape(pads.begin(), pads.begin() + long(rank));
      g.pads_end = pads.empty() ? Shape(rank, 0) : Shape(pads.begin() + long(rank), pads.end());
    } else if (auto_pad == "VALID") {
      g.pads_begin = g.pads_end = Shape(rank, 0);
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      for (std::size_t d = 0; d < rank && d < g.strides.size() && d < g.dilations.size(); ++d) {
        const std::int64_t stride = std::max<std::int64_t>(g.strides[d], 1);
        const std::int64_t out = (g.in_size[d] + stride - 1) / stride;
        const std::int64_t total =
            std::max<std::int64_t>(0, (out - 1) * stride + g.dilations[d] * (g.kernel[d] - 1) + 1 - g.in_size[d]);
        const std::int64_t small = total / 2;
        g.pads_begin.push_back(auto_pad == "SAME_UPPER" ? small : total - small);
        g.pads_end.push_back(auto_pad == "SAME_UPPER" ? total - small : small);
      }
    } else {
      fail(node, fmt::format("auto_pad = {}: expected NOTSET, VALID, SAME_UPPER or SAME_LOWER", quoted(auto_pad)));
    }
    if (const auto y = shapes_.find(node.output(0));
        y != shapes_.end() && is_static(y->second) && y->second.size() == x.size()) {
      g.out_size.assign(y->second.begin() + 2, y->second.end());
    }
    Layer layer = lower_conv(
        "", std::move(g),
        fmt::format("onnx model {}: node {} ({})", quoted(path_), quoted(node.name()), printable(node.op_type())));
    layer.op = node.op_type();
    layer.b_source = source(node, w_index);
    return layer;
  }

  // Lowered the col2im way: every input pixel times the weight gives a
  // C_out/group x kernel column block that is then overlap-added into the
  // output: per group M = batch x input pixels, K = C_in/group,
  // N = C_out/group x kernel pixels. MACs = input elements x C_out/group x
  // kernel pixels, the ONNX definition's count.
  Layer conv_transpose(const onnx::NodeProto& node) {
    const Shape x = static_shape(node, 0), w = static_shape(node, 1);
    const std::int64_t group = int_attr(node, "group", 1);
    if (x.size() < 3 || w.size() != x.size() || group < 1 || x[1] != w[0] || x[1] % group != 0) {
      fail(node, fmt::format("input {}, weight {}, group {}: expected N x C_in x spatial... and "
                             "C_in x C_out/group x kernel... with group dividing C_in",
                             dims_text(x), dims_text(w), group));
    }
    std::int64_t m = x[0], n = w[1];
    for (std::size_t d = 2; d < x.size(); ++d) {
      if (!checked_mul(m, x[d], m) || !checked_mul(n, w[d], n)) fail(node, "the lowered GEMM overflows 64 bits");
    }
    Layer layer;
    layer.kind = LayerKind::Gemm;
    layer.op = node.op_type();
    layer.shape = GemmShape{m, n, x[1] / group};
    layer.repeats = group;
    layer.a_source = source(node, 0);
    layer.b_source = source(node, 1);
    const Shape y = shapes_.count(node.output(0)) ? shapes_.at(node.output(0)) : Shape{};
    layer.shape_text =
        fmt::format("convtranspose {} k{}{} -> {}", dims_text(Shape(x.begin() + 1, x.end())),
                    dims_text(Shape(w.begin() + 2, w.end())), group > 1 ? fmt::format(" g{}", group) : "",
                    y.size() > 1 ? dims_text(Shape(y.begin() + 1, y.end())) : "?");
    return layer;
  }

  // One time step of one direction is a GEMM of the batch against the
  // stacked gate weights, [x_t, h_(t-1)] x [W; R]^T: M = batch,
  // K = input + hidden, N = gates x hidden (LSTM 4, GRU 3, RNN 1). Steps
  // depend on each other, so they are repeats run one after another, not
  // rows of one GEMM. The gates' element-wise math is not costed.
  Layer recurrent(const onnx::NodeProto& node) {
    const Shape x = static_shape(node, 0), w = static_shape(node, 1), r = static_shape(node, 2);
    const std::int64_t gates = node.op_type() == "LSTM" ? 4 : node.op_type() == "GRU" ? 3 : 1;
    const bool batch_first = int_attr(node, "layout", 0) == 1;
    if (x.size() != 3 || w.size() != 3 || r.size() != 3 || w[0] != r[0] || w[1] != r[1] || w[1] % gates != 0 ||
        r[2] * gates != r[1] || w[2] != x[2]) {
      fail(node, fmt::format("X {}, W {}, R {}: expected X [seq, batch, input] (layout 0), W [dirs, {}*hidden, input] "
                             "and R [dirs, {}*hidden, hidden]",
                             dims_text(x), dims_text(w), dims_text(r), gates, gates));
    }
    const std::int64_t seq = batch_first ? x[1] : x[0], batch = batch_first ? x[0] : x[1];
    std::int64_t repeats = 0;
    if (!checked_mul(w[0], seq, repeats)) fail(node, "directions x sequence overflows 64 bits");
    Layer layer;
    layer.kind = LayerKind::Gemm;
    layer.op = node.op_type();
    layer.shape = GemmShape{batch, w[1], x[2] + r[2]};
    layer.repeats = repeats;
    layer.a_source = source(node, 0);
    layer.b_source = source(node, 1);
    layer.shape_text =
        fmt::format("{} {}x[{}x{} * {}x{}]", lower(node.op_type()), repeats, batch, x[2] + r[2], x[2] + r[2], w[1]);
    return layer;
  }

  Layer gemm(const onnx::NodeProto& node) {
    const Shape a = static_shape(node, 0), b = static_shape(node, 1);
    if (a.size() != 2 || b.size() != 2)
      fail(node, fmt::format("A {} and B {}: expected 2-D matrices", dims_text(a), dims_text(b)));
    const bool ta = int_attr(node, "transA", 0) != 0, tb = int_attr(node, "transB", 0) != 0;
    const std::int64_t m = ta ? a[1] : a[0], k = ta ? a[0] : a[1];
    const std::int64_t kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
    if (k != kb) {
      fail(node, fmt::format("A {}{} and B {}{} disagree on K ({} vs {})", dims_text(a), ta ? " (transposed)" : "",
                             dims_text(b), tb ? " (transposed)" : "", k, kb));
    }
    Layer layer;
    layer.kind = source(node, 1) == OperandSource::Weight ? LayerKind::Gemm : LayerKind::MatMul;
    layer.op = "Gemm";
    layer.shape = GemmShape{m, n, k};
    layer.a_source = source(node, 0);
    layer.b_source = source(node, 1);
    layer.shape_text = fmt::format("gemm {}x{} * {}x{}", m, k, k, n);
    return layer;
  }

  // numpy matmul semantics: 1-D operands gain a unit dimension, batch
  // dimensions broadcast.
  Layer matmul(const onnx::NodeProto& node, int a_index, int b_index) {
    Shape a = static_shape(node, a_index), b = static_shape(node, b_index);
    if (a.empty() || b.empty()) fail(node, "a scalar operand: expected tensors of rank >= 1");
    if (a.size() == 1) a.insert(a.begin(), 1);
    if (b.size() == 1) b.push_back(1);
    const std::int64_t m = a[a.size() - 2], k = a.back(), kb = b[b.size() - 2], n = b.back();
    if (k != kb) {
      fail(node, fmt::format("A {} and B {}: inner dimensions {} and {} differ: expected A[..,M,K] x B[..,K,N]",
                             dims_text(static_shape(node, a_index)), dims_text(static_shape(node, b_index)), k, kb));
    }
    const Shape a_batch(a.begin(), a.end() - 2), b_batch(b.begin(), b.end() - 2);
    std::int64_t a_count = 1, b_count = 1, count = 1;
    for (std::size_t i = 0; i < std::max(a_batch.size(), b_batch.size()); ++i) {
      const std::int64_t da = i < a_batch.size() ? a_batch[a_batch.size() - 1 - i] : 1;
      const std::int64_t db = i < b_batch.size() ? b_batch[b_batch.size() - 1 - i] : 1;
      if (da != db && da != 1 && db != 1) {
        fail(node, fmt::format("batch dimensions of A {} and B {} do not broadcast ({} vs {})", dims_text(a),
                               dims_text(b), da, db));
      }
      if (!checked_mul(a_count, da, a_count) || !checked_mul(b_count, db, b_count) ||
          !checked_mul(count, std::max(da, db), count)) {
        fail(node, "batch dimensions overflow 64 bits");
      }
    }
    Layer layer;
    layer.op = node.op_type();
    layer.a_source = source(node, a_index);
    layer.b_source = source(node, b_index);
    layer.kind = layer.b_source == OperandSource::Weight ? LayerKind::Gemm : LayerKind::MatMul;
    if (b_count == 1) {  // one B for every batch entry: A's batch dimensions are more rows of one GEMM
      std::int64_t rows = 0;
      if (!checked_mul(a_count, m, rows)) fail(node, "rows overflow 64 bits");
      layer.shape = GemmShape{rows, n, k};
      layer.shape_text = fmt::format("matmul {}x{} * {}x{}", rows, k, k, n);
    } else {
      layer.shape = GemmShape{m, n, k};
      layer.repeats = count;
      layer.shape_text = fmt::format("matmul {}x[{}x{} * {}x{}]", count, m, k, k, n);
    }
    return layer;
  }

  // A two-operand Einsum read as a batched GEMM: every index is a batch index
  // (both operands and the output), a row index (A and the output), a column
  // index (B and the output) or a contracted one (both operands, not the
  // output), e.g. attention's "bhqd,bhkd->bhqk". is_gemm is false for other
  // equations (an index summed in one operand only, a diagonal).
  struct EinsumGemm {
    std::int64_t batch = 1, m = 1, n = 1, k = 1;
    bool is_gemm = true;
    Shape out;  // the output's shape, which ONNX 1.12's inference leaves unknown
  };

  std::optional<EinsumGemm> einsum_gemm(const onnx::NodeProto& node, const Shape& a, const Shape& b) const {
    std::string eq;
    for (const char ch : string_attr(node, "equation"))
      if (ch != ' ') eq += ch;
    const auto arrow = eq.find("->");
    const auto comma = eq.find(',');
    if (comma == std::string::npos || comma > arrow || eq.find(',', comma + 1) < arrow) return std::nullopt;
    // "..." becomes one upper-case letter per dimension it covers, right-aligned.
    auto expand = [](const std::string& term, std::size_t rank) -> std::optional<std::string> {
      const auto dots = term.find("...");
      if (dots == std::string::npos) return term.size() == rank ? std::optional<std::string>(term) : std::nullopt;
      const std::size_t letters = term.size() - 3;
      if (rank < letters || rank - letters > 26) return std::nullopt;
      std::string ellipsis;
      for (std::size_t i = 0; i < rank - letters; ++i) ellipsis += char('Z' - (rank - letters - 1 - i));
      return term.substr(0, dots) + ellipsis + term.substr(dots + 3);
    };
    const auto ta = expand(eq.substr(0, comma), a.size());
    const auto tb =
        expand(eq.substr(comma + 1, arrow == std::string::npos ? std::string::npos : arrow - comma - 1), b.size());
    if (!ta || !tb) {
      fail(node, fmt::format("equation {} does not match the operands {} and {}", quoted(string_attr(node, "equation")),
                             dims_text(a), dims_text(b)));
    }
    std::map<char, std::int64_t> size;
    std::map<char, int> count;
    auto note = [&](const std::string& term, const Shape& shape) {
      for (std::size_t i = 0; i < term.size(); ++i) {
        const auto [it, fresh] = size.emplace(term[i], shape[i]);
        if (!fresh && it->second != shape[i] && it->second != 1 && shape[i] != 1) {
          fail(node, fmt::format("index '{}' is {} in one operand and {} in the other", term[i], it->second, shape[i]));
        }
        it->second = std::max(it->second, shape[i]);
        ++count[term[i]];
      }
    };
    note(*ta, a);
    note(*tb, b);
    std::string out;
    if (arrow != std::string::npos) {
      out = eq.substr(arrow + 2);
      if (const auto dots = out.find("..."); dots != std::string::npos) {  // the inputs' ellipsis letters
        std::string ellipsis;
        for (const auto& entry : size)
          if (std::isupper(static_cast<unsigned char>(entry.first))) ellipsis += entry.first;
        out = out.substr(0, dots) + ellipsis + out.substr(dots + 3);
      }
    } else {  // numpy's implicit output: the indices used once, in order (ellipsis letters first)
      for (const auto& [ch, n] : count)
        if (n == 1) out += ch;
    }
    EinsumGemm g;
    for (const char ch : out) {
      if (!size.count(ch)) fail(node, fmt::format("output index '{}' is in neither operand", ch));
      g.out.push_back(size[ch]);
    }
    for (const auto& [ch, dim] : size) {
      const bool in_a = ta->find(ch) != std::string::npos, in_b = tb->find(ch) != std::string::npos;
      const bool in_out = out.find(ch) != std::string::npos;
      std::int64_t* target = in_a && in_b ? (in_out ? &g.batch : &g.k) : in_out ? (in_a ? &g.m : &g.n) : nullptr;
      if (!target || (in_a && ta->find(ch) != ta->rfind(ch)) || (in_b && tb->find(ch) != tb->rfind(ch))) {
        g.is_gemm = false;  // summed in one operand only, or a diagonal
      } else if (!checked_mul(*target, dim, *target)) {
        fail(node, "the lowered GEMM overflows 64 bits");
      }
    }
    return g;
  }

  std::optional<Layer> einsum(const onnx::NodeProto& node) {
    const std::optional<EinsumGemm> g = einsum_gemm(node, static_shape(node, 0), static_shape(node, 1));
    if (!g || !g->is_gemm) return std::nullopt;
    Layer layer;
    layer.op = node.op_type();
    layer.a_source = source(node, 0);
    layer.b_source = source(node, 1);
    layer.kind = layer.b_source == OperandSource::Weight ? LayerKind::Gemm : LayerKind::MatMul;
    layer.repeats = g->batch;  // a batch index of a weight selects a different weight: still repeats
    layer.shape = GemmShape{g->m, g->n, g->k};
    layer.shape_text = fmt::format("einsum {}x[{}x{} * {}x{}]", g->batch, g->m, g->k, g->k, g->n);
    return layer;
  }

  // ONNX 1.12 infers an Einsum's output rank but not its sizes. Where both
  // operands are known, the size is written into the graph and inference
  // runs again, so that the layers after it get shapes too (one round per
  // Einsum in a dependent chain).
  void infer_einsum_outputs() {
    for (int round = 0; round <= model_.graph().node_size(); ++round) {
      collect_shapes();
      bool changed = false;
      for (const onnx::NodeProto& node : model_.graph().node()) {
        if (node.op_type() != "Einsum" || node.input_size() != 2 || node.output_size() < 1) continue;
        const auto a = shapes_.find(node.input(0)), b = shapes_.find(node.input(1));
        const auto y = shapes_.find(node.output(0));
        if (a == shapes_.end() || b == shapes_.end() || !is_static(a->second) || !is_static(b->second)) continue;
        if (y != shapes_.end() && is_static(y->second)) continue;
        const std::optional<EinsumGemm> g = einsum_gemm(node, a->second, b->second);
        if (!g) continue;
        write_shape(node.output(0), g->out);
        changed = true;
      }
      if (!changed) return;
      infer_shapes();
    }
  }

  void write_shape(const std::string& name, const Shape& shape) {
    onnx::GraphProto& graph = *model_.mutable_graph();
    onnx::ValueInfoProto* info = nullptr;
    for (auto& v : *graph.mutable_value_info())
      if (v.name() == name) info = &v;
    if (!info) {
      info = graph.add_value_info();
      info->set_name(name);
    }
    auto* tensor = info->mutable_type()->mutable_tensor_type();
    if (tensor->elem_type() == 0) tensor->set_elem_type(onnx::TensorProto::FLOAT);
    tensor->mutable_shape()->clear_dim();
    for (const std::int64_t d : shape) tensor->mutable_shape()->add_dim()->set_dim_value(d);
  }

  Layer vector(const onnx::NodeProto& node) {
    Layer layer;
    layer.kind = LayerKind::Vector;
    layer.op = node.op_type();
    layer.shape = GemmShape{0, 0, 0};
    const Shape* largest = nullptr;
    std::int64_t elements = -1;
    auto consider = [&](const std::string& name) {
      const auto it = shapes_.find(name);
      if (name.empty() || it == shapes_.end() || !is_static(it->second)) return;
      std::int64_t count = 1;
      for (const std::int64_t d : it->second)
        if (!checked_mul(count, d, count))
          fail(node, fmt::format("tensor {} has more than 2^63 elements", quoted(name)));
      if (count > elements) elements = count, largest = &it->second;
    };
    // Activations only: a Gather reads the rows it outputs, not its whole table.
    for (const std::string& in : node.input())
      if (!constant_.count(in)) consider(in);
    for (const std::string& out : node.output()) consider(out);
    const bool view = (node.domain().empty() || node.domain() == "ai.onnx") && kViews.count(node.op_type());
    layer.vector_elements = view || elements < 0 ? 0 : elements;
    layer.shape_text = lower(plain_name(node.op_type(), "op")) + (view ? " (view) " : " ") +
                       (largest ? dims_text(*largest) : "shape unknown");
    return layer;
  }

  // Node names made plain; a repeated or empty name gets _2, _3, ...
  std::string unique(const std::string& name) {
    std::string out = name;
    for (int n = 2; !used_.insert(out).second; ++n) out = fmt::format("{}_{}", name.substr(0, kMaxNameLength - 8), n);
    return out;
  }

  std::string path_;
  std::int64_t batch_;
  onnx::ModelProto model_;
  std::string data_input_;
  std::int64_t leading_dim_ = 1;              // of the data input, a symbolic one fixed to 1; 1 for a scalar
  std::unordered_set<std::string> constant_;  // tensors known before any data arrives
  std::unordered_map<std::string, Shape> shapes_;
  std::set<std::string> used_;
  std::int64_t folded_ = 0;
};

}  // namespace

OnnxModel read_onnx_model(const std::string& path, std::int64_t batch) {
  OnnxReader reader(path, batch);
  OnnxModel model;
  model.layers = reader.read();
  model.folded_ops = reader.folded();
  if (reader.leading_dim() == 1) {
    model.batch = batch;
  } else {
    model.batch = 0;
    model.batch_note = fmt::format(
        "the data input {} has leading dimension {}, a batch or a sequence: export the model at batch 1 (or a "
        "symbolic batch) and give --batch",
        quoted(reader.data_input()), reader.leading_dim());
  }
  return model;
}

void scale_batch(Layer& layer, std::int64_t batch, const std::string& where) {
  auto scale = [&](std::int64_t& value, const char* what) {
    if (!checked_mul(value, batch, value) || (layer.is_matrix() && value > kMaxGemmDim)) {
      throw UserError(fmt::format("{}: layer {}: {} x batch exceeds 2^31-1", where, layer.name, what));
    }
  };
  if (!layer.is_matrix()) {
    scale(layer.vector_elements, "elements");
  } else if (layer.kind == LayerKind::MatMul) {
    scale(layer.repeats, "repeats");
  } else {
    scale(layer.shape.m, "M");
    if (layer.conv) layer.conv->batch *= batch;
  }
  if (layer.conv) layer.shape_text = conv_shape_text(*layer.conv);
  else if (batch > 1) layer.shape_text += fmt::format(" (batch {})", batch);
}

}  // namespace sasim
