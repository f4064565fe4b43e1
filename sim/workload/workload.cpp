#include "sasim/workload/workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "sasim/support/enum_table.hpp"
#include "sasim/support/error.hpp"
#include "sasim/workload/workload_conv.hpp"
#include "sasim/workload/workload_text.hpp"
#include "workload_readers.hpp"

namespace sasim {

namespace {
constexpr EnumTable<LayerKind, 4> kLayerKinds{{{LayerKind::Gemm, "gemm"},
                                               {LayerKind::Conv, "conv"},
                                               {LayerKind::MatMul, "matmul"},
                                               {LayerKind::Vector, "vector"}}};
constexpr EnumTable<OperandSource, 2> kOperandSources{
    {{OperandSource::Weight, "weight"}, {OperandSource::Activation, "activation"}}};
}  // namespace

const char* to_string(LayerKind kind) {
  return enum_name(kLayerKinds, kind);
}

const char* to_string(OperandSource source) {
  return enum_name(kOperandSources, source);
}

namespace {

// Products saturate: operand sizes are for traffic estimates, and a legal
// layer (M = K = 2^31-1, many repeats) may exceed int64.
std::int64_t saturating_product(std::initializer_list<std::int64_t> factors) {
  std::int64_t out = 1;
  for (const std::int64_t f : factors)
    if (!checked_mul(out, f, out)) return std::numeric_limits<std::int64_t>::max();
  return out;
}

}  // namespace

OperandElements operand_elements(const Layer& layer) {
  if (!layer.is_matrix()) return {layer.vector_elements, 0, layer.vector_elements};
  const GemmShape& s = layer.shape;
  OperandElements e;
  e.a = saturating_product({layer.repeats, s.m, s.k});
  e.b = saturating_product({layer.repeats, s.k, s.n});
  e.c = saturating_product({layer.repeats, s.m, s.n});
  if (layer.conv) {
    // im2col reads each input pixel up to kernel-size times: count the
    // feature map once; a strided 1x1 convolution reads only the pixels it
    // samples, fewer than the feature map.
    std::int64_t a = saturating_product({layer.conv->batch, layer.conv->in_channels});
    for (const std::int64_t d : layer.conv->in_size) a = saturating_product({a, d});
    e.a = std::min(a, e.a);
  }
  return e;
}

std::int64_t vector_cycles(std::int64_t elements, int cols) {
  if (elements <= 0 || cols <= 0) return 0;
  return elements / cols + (elements % cols != 0 ? 1 : 0);
}

namespace {

constexpr const char* kSpecForms =
    "expected gemm:M=..,N=..,K=..; conv:H=..,W=..,C=..,K=..,R=..; transformer:..; or a .csv/.onnx file";

class SpecParser {
 public:
  explicit SpecParser(std::string fragment) : fragment_(std::move(fragment)), where_("workload " + quoted(fragment_)) {}

  std::vector<Layer> parse(std::size_t index) {
    const auto colon = fragment_.find(':');
    if (colon == std::string::npos) fail(kSpecForms);
    const std::string kind = lower(trim(fragment_.substr(0, colon)));
    const std::string body = fragment_.substr(colon + 1);
    if (kind == "gemm") return {gemm(body, index)};
    if (kind == "conv") return {conv(body, index)};
    if (kind == "transformer") return generate_transformer(body, where_, &batch_);
    fail(fmt::format("unknown layer kind {}: {}", quoted(kind), kSpecForms));
  }

  [[noreturn]] void fail(const std::string& what) const { throw UserError(fmt::format("{}: {}", where_, what)); }

  // The batch the fragment states (conv:, transformer:; 1 when absent), 0
  // for a GEMM, which is part of whatever inference the others make.
  std::int64_t batch() const { return batch_; }

 private:
  Layer gemm(const std::string& body, std::size_t index) {
    values_ = parse_key_values(body, {"m", "n", "k", "name"}, where_);
    Layer layer;
    layer.kind = LayerKind::Gemm;
    layer.op = "gemm";
    layer.shape.m = dimension("m", "M", "expected gemm:M=..,N=..,K=..[,name=..]");
    layer.shape.n = dimension("n", "N", "expected gemm:M=..,N=..,K=..[,name=..]");
    layer.shape.k = dimension("k", "K", "expected gemm:M=..,N=..,K=..[,name=..]");
    layer.name = name(fmt::format("gemm{}", index));
    layer.shape_text = fmt::format("gemm {}x{} * {}x{}", layer.shape.m, layer.shape.k, layer.shape.k, layer.shape.n);
    return layer;
  }

  Layer conv(const std::string& body, std::size_t index) {
    constexpr const char* kConv = "expected conv:H=..,W=..,C=..,K=..,R=..[,S=..,stride=..,pad=..,groups=..,batch=..]";
    values_ =
        parse_key_values(body, {"h", "w", "c", "k", "r", "s", "stride", "pad", "groups", "batch", "name"}, where_);
    ConvGeometry g;
    g.in_size = {dimension("h", "H", kConv), dimension("w", "W", kConv)};
    g.in_channels = dimension("c", "C", kConv);
    g.out_channels = dimension("k", "K", kConv);
    const std::int64_t r = dimension("r", "R", kConv);
    g.kernel = {r, values_.count("s") ? dimension("s", "S", kConv) : r};
    const std::int64_t stride = values_.count("stride") ? dimension("stride", "stride", kConv) : 1;
    g.strides = {stride, stride};
    const std::int64_t pad = values_.count("pad") ? dimension("pad", "pad", kConv, 0) : 0;
    g.pads_begin = g.pads_end = {pad, pad};
    g.groups = values_.count("groups") ? dimension("groups", "groups", kConv) : 1;
    g.batch = values_.count("batch") ? dimension("batch", "batch", kConv) : 1;
    batch_ = g.batch;
    return lower_conv(name(fmt::format("conv{}", index)), std::move(g), where_);
  }

  std::string name(const std::string& fallback) const {
    const auto it = values_.find("name");
    const std::string name = it != values_.end() ? it->second : fallback;
    if (!valid_name(name)) {
      fail(fmt::format("name = {}: expected 1..{} letters, digits, '_', '-' or '.'", quoted(name), kMaxNameLength));
    }
    return name;
  }

  std::int64_t dimension(const std::string& key, const std::string& shown, const char* expected,
                         std::int64_t min = 1) const {
    const auto it = values_.find(key);
    if (it == values_.end()) fail(fmt::format("missing {}: {}", shown, expected));
    const std::string& text = it->second;
    std::int64_t value = 0;
    const bool is_integer = parse_int64(text, value);
    const bool too_large =
        (is_integer && value > kMaxGemmDim) ||
        (!is_integer && !text.empty() && text[0] != '-' && text.find_first_not_of("0123456789") == std::string::npos);
    if (too_large) fail(fmt::format("{} = {}: expected an integer <= {} (2^31-1)", shown, quoted(text), kMaxGemmDim));
    if (!is_integer || value < min) fail(fmt::format("{} = {}: expected an integer >= {}", shown, quoted(text), min));
    return value;
  }

  std::string fragment_, where_;
  std::map<std::string, std::string> values_;
  std::int64_t batch_ = 0;
};

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && lower(text.substr(text.size() - suffix.size())) == suffix;
}

// A spec starts with a layer kind and a colon; anything else is a file path.
bool is_spec(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) return false;
  const std::string kind = lower(trim(text.substr(0, colon)));
  return kind == "gemm" || kind == "conv" || kind == "transformer";
}

// Every layer, whatever read it: dimensions in range, MACs within int64.
void check_layer(const Layer& layer, const std::string& where) {
  auto fail = [&](const std::string& what) {
    throw UserError(fmt::format("{}: layer {}: {}", where, layer.name, what));
  };
  if (!layer.is_matrix()) return;
  for (const std::int64_t d : {layer.shape.m, layer.shape.n, layer.shape.k, layer.repeats}) {
    if (d < 1 || d > kMaxGemmDim) fail(fmt::format("GEMM dimension {}: expected 1..{}", d, kMaxGemmDim));
  }
  std::int64_t macs = 0;
  if (!checked_mul(layer.shape.m, layer.shape.n, macs) || !checked_mul(macs, layer.shape.k, macs) ||
      !checked_mul(macs, layer.repeats, macs)) {
    fail("M*N*K overflows a 64-bit MAC count: expected a smaller layer");
  }
}

}  // namespace

Workload parse_workload(const std::string& spec, const WorkloadOptions& options) {
  Workload workload;
  workload.spec = spec;
  const std::string text = trim(spec);
  const bool onnx = !is_spec(text) && ends_with(text, ".onnx");
  if (options.batch < 1 || options.batch > kMaxGemmDim) {
    throw UserError(fmt::format("--batch {}: expected an integer in 1..{}", options.batch, kMaxGemmDim));
  }
  if (options.batch != 1 && !onnx) {
    throw UserError(
        fmt::format("--batch {}: applies to .onnx models; conv: and transformer: specs take batch=..", options.batch));
  }
  const std::string where = "workload " + quoted(text);
  std::int64_t total_macs = 0;
  auto add = [&](Layer layer, const std::string& layer_where) {
    check_layer(layer, layer_where);
    if (__builtin_add_overflow(total_macs, layer.macs(), &total_macs)) {
      throw UserError(
          fmt::format("{}: the total MAC count overflows 64 bits: expected fewer or smaller layers", layer_where));
    }
    workload.layers.push_back(std::move(layer));
  };
  if (!is_spec(text) && onnx) {
    OnnxModel model = read_onnx_model(text, options.batch);
    for (Layer& layer : model.layers) add(std::move(layer), where);
    workload.folded_ops = model.folded_ops;
    workload.batch = model.batch;
    workload.batch_note = model.batch_note;
  } else if (!is_spec(text) && ends_with(text, ".csv")) {
    for (Layer& layer : read_topology_csv(text)) add(std::move(layer), where);
  } else if (!is_spec(text) && !text.empty() && text.find_first_of(":;") == std::string::npos) {
    throw UserError(fmt::format("{}: {} (a file must end in .csv or .onnx)", where, kSpecForms));
  } else {
    std::map<std::string, std::size_t> names;  // name -> layer index, to refuse duplicates
    std::set<std::int64_t> batches;            // stated by conv: and transformer: fragments
    for (const std::string& raw : split(spec, ';')) {
      const std::string fragment = trim(raw);
      if (fragment.empty()) continue;
      SpecParser parser(fragment);
      for (Layer& layer : parser.parse(workload.layers.size())) {
        if (!names.emplace(layer.name, workload.layers.size()).second) {
          parser.fail(fmt::format("name {} is already used by layer {}", quoted(layer.name), names[layer.name]));
        }
        add(std::move(layer), "workload " + quoted(fragment));
      }
      if (parser.batch() > 0) batches.insert(parser.batch());
    }
    if (batches.size() == 1) workload.batch = *batches.begin();
    if (batches.size() > 1) {
      std::string list;
      for (const std::int64_t b : batches) list += fmt::format("{}{}", list.empty() ? "" : ", ", b);
      workload.batch = 0;
      workload.batch_note = fmt::format("the specs run at different batches: {}", list);
    }
  }
  if (workload.layers.empty()) {
    throw UserError(fmt::format("workload {}: no layers: {}, specs separated by ';'", quoted(spec), kSpecForms));
  }
  return workload;
}

}  // namespace sasim
