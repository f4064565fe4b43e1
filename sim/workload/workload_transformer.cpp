// transformer:<keys>: the layers of a decoder/encoder stack, one transformer
// block after another (docs/workloads.md, "Transformers"). Per block, with
// T tokens per sequence (seq in prefill, 1 in decode), B sequences, d_model
// D, H query heads of size Dh = D/H, G = H/kv_heads query heads per KV head
// and L keys attended (seq in prefill, kv_len + 1 in decode):
//   norm1 (vector), q_proj [BT x D x D], k_proj and v_proj [BT x D x kv_heads*Dh],
//   qk  (B*kv_heads GEMMs [G*T x Dh x L]: the G query heads sharing a KV head are stacked),
//   softmax (vector, B*H*T*L), av (B*kv_heads GEMMs [G*T x L x Dh]), o_proj [BT x D x D],
//   residual1, norm2 (vector), FFN: up [BT x D x F] (+ gate for gated FFNs),
//   activation (vector), down [BT x F x D], residual2 (vector).
// Embeddings and the LM head are not emitted (as in BertModel/GPT2Model).
#include <fmt/format.h>

#include <map>

#include "sasim/support/error.hpp"
#include "sasim/workload/workload_text.hpp"
#include "workload_readers.hpp"

namespace sasim {
namespace {

struct Preset {
  const char* name;
  const char* keys;  // spec keys; the user's own keys override them
};

// Model shapes from the papers and model cards that define them.
const Preset kPresets[] = {
    // Devlin et al., "BERT", NAACL 2019, sec. 3: BERT-BASE L=12, H=768, A=12, FFN 4H.
    {"bert-base", "layers=12,d_model=768,heads=12,ffn=3072,seq=128"},
    // Radford et al., "Language Models are Unsupervised Multitask Learners", 2019,
    // Table 2 (smallest: 12 layers, d_model 768), context 1024, FFN 4*d_model.
    {"gpt2", "layers=12,d_model=768,heads=12,ffn=3072,seq=1024"},
    // Touvron et al., "Llama 2", 2023, Table 1 and the released params.json:
    // 7B: dim 4096, 32 layers, 32 heads (no GQA), SwiGLU hidden 11008, context 4096.
    {"llama2-7b", "layers=32,d_model=4096,heads=32,kv_heads=32,ffn=11008,gated=1,seq=4096"},
    // Llama 2 70B: dim 8192, 80 layers, 64 heads, 8 KV heads (GQA), hidden 28672.
    {"llama2-70b", "layers=80,d_model=8192,heads=64,kv_heads=8,ffn=28672,gated=1,seq=4096"},
    // Meta Llama 3 8B model card / params.json: dim 4096, 32 layers, 32 heads,
    // 8 KV heads (GQA), hidden 14336, context 8192.
    {"llama3-8b", "layers=32,d_model=4096,heads=32,kv_heads=8,ffn=14336,gated=1,seq=8192"},
};

const std::vector<std::string> kKeys = {"preset", "layers", "d_model", "heads",  "kv_heads", "seq",
                                        "ffn",    "gated",  "mode",    "kv_len", "batch",    "name"};

class Generator {
 public:
  Generator(const std::string& keys, std::string where) : where_(std::move(where)) {
    values_ = parse_key_values(keys, kKeys, where_);
    if (const auto p = values_.find("preset"); p != values_.end()) {
      const Preset* preset = nullptr;
      std::string names;
      for (const Preset& candidate : kPresets) {
        names += (names.empty() ? "" : ", ") + std::string(candidate.name);
        if (lower(p->second) == candidate.name) preset = &candidate;
      }
      if (!preset) fail(fmt::format("preset = {}: expected one of {}", quoted(p->second), names));
      for (const auto& [key, value] : parse_key_values(preset->keys, kKeys, where_)) {
        if (values_.emplace(key, value).second) from_preset_.emplace(key, true);  // the user's value wins
      }
      prefix_ = preset->name;
    }
  }

  std::vector<Layer> generate() {
    const std::int64_t layers = integer("layers", 1, 1000);  // llama2-70b has 80
    d_ = integer("d_model", 1, kMaxGemmDim);
    heads_ = integer("heads", 1, d_);
    kv_heads_ = values_.count("kv_heads") ? integer("kv_heads", 1, heads_) : heads_;
    ffn_ = integer("ffn", 1, kMaxGemmDim);
    batch_ = values_.count("batch") ? integer("batch", 1, kMaxGemmDim) : 1;
    const bool gated = values_.count("gated") ? integer("gated", 0, 1) == 1 : false;
    if (d_ % heads_ != 0) fail(fmt::format("d_model = {} must be a multiple of heads = {}", d_, heads_));
    if (heads_ % kv_heads_ != 0) fail(fmt::format("heads = {} must be a multiple of kv_heads = {}", heads_, kv_heads_));
    const std::string mode = values_.count("mode") ? lower(values_.at("mode")) : "prefill";
    if (mode == "prefill") {
      if (values_.count("kv_len")) fail("kv_len is for mode=decode: prefill attends to its own seq tokens");
      tokens_ = integer("seq", 1, kMaxGemmDim);
      keys_ = tokens_;
    } else if (mode == "decode") {
      if (values_.count("seq") && !from_preset_.count("seq")) {
        fail("seq is for mode=prefill: a decode step is one token per sequence (batch=..) against kv_len cached ones");
      }
      tokens_ = 1;
      keys_ = integer("kv_len", 0, kMaxGemmDim - 1) + 1;  // the cache plus the new token
    } else {
      fail(fmt::format("mode = {}: expected prefill or decode", quoted(values_.at("mode"))));
    }
    const std::string name = values_.count("name") ? values_.at("name") : (prefix_.empty() ? "tf" : prefix_);
    if (!valid_name(name) || name.size() > kMaxNameLength - 24) {
      fail(
          fmt::format("name = {}: expected 1..{} letters, digits, '_', '-' or '.'", quoted(name), kMaxNameLength - 24));
    }
    std::int64_t rows = 0;
    if (!checked_mul(batch_, tokens_, rows) || rows > kMaxGemmDim) fail("batch x tokens exceeds 2^31-1");
    rows_ = rows;

    std::vector<Layer> out;
    const std::int64_t head_dim = d_ / heads_, group = heads_ / kv_heads_;
    for (std::int64_t l = 0; l < layers; ++l) {
      const std::string p = fmt::format("{}.l{}.", name, l);
      out.push_back(vector(p + "norm1", "norm", d_));
      out.push_back(projection(p + "q_proj", d_, d_));
      out.push_back(projection(p + "k_proj", d_, kv_heads_ * head_dim));
      out.push_back(projection(p + "v_proj", d_, kv_heads_ * head_dim));
      out.push_back(attention(p + "qk", GemmShape{group * tokens_, keys_, head_dim}, "qk"));
      out.push_back(vector(p + "softmax", "softmax", 0));
      out.push_back(attention(p + "av", GemmShape{group * tokens_, head_dim, keys_}, "av"));
      out.push_back(projection(p + "o_proj", d_, d_));
      out.push_back(vector(p + "residual1", "add", d_));
      out.push_back(vector(p + "norm2", "norm", d_));
      if (gated) out.push_back(projection(p + "ffn_gate", d_, ffn_));
      out.push_back(projection(p + "ffn_up", d_, ffn_));
      out.push_back(vector(p + "ffn_act", gated ? "silu_mul" : "gelu", ffn_));
      out.push_back(projection(p + "ffn_down", ffn_, d_));
      out.push_back(vector(p + "residual2", "add", d_));
    }
    return out;
  }

  std::int64_t batch() const { return batch_; }  // after generate()

 private:
  // rows x K -> rows x N with a weight matrix.
  Layer projection(const std::string& name, std::int64_t k, std::int64_t n) const {
    Layer layer;
    layer.name = name;
    layer.kind = LayerKind::Gemm;
    layer.op = "linear";
    layer.shape = GemmShape{rows_, n, k};
    layer.shape_text = fmt::format("linear {}x{} -> {}", rows_, k, n);
    return layer;
  }

  // One GEMM per (sequence, KV head), both operands activations (B is K^T or
  // V from the KV cache in decode).
  Layer attention(const std::string& name, const GemmShape& shape, const char* op) const {
    Layer layer;
    layer.name = name;
    layer.kind = LayerKind::MatMul;
    layer.op = op;
    layer.shape = shape;
    std::int64_t repeats = 0;
    if (!checked_mul(batch_, kv_heads_, repeats) || repeats > kMaxGemmDim) fail("batch x kv_heads exceeds 2^31-1");
    layer.repeats = repeats;
    layer.a_source = layer.b_source = OperandSource::Activation;
    layer.shape_text = fmt::format("{} {}x[{}x{} * {}x{}]", op, repeats, shape.m, shape.k, shape.k, shape.n);
    return layer;
  }

  // Element-wise work over rows x width, or the B*H*T*L attention scores (width 0).
  Layer vector(const std::string& name, const char* op, std::int64_t width) const {
    Layer layer;
    layer.name = name;
    layer.kind = LayerKind::Vector;
    layer.op = op;
    layer.shape = GemmShape{0, 0, 0};
    std::int64_t elements = 0;
    const bool ok = width > 0
                        ? checked_mul(rows_, width, elements)
                        : checked_mul(batch_ * heads_, tokens_, elements) && checked_mul(elements, keys_, elements);
    if (!ok) fail(fmt::format("{} has more than 2^63 elements", name));
    layer.vector_elements = elements;
    layer.shape_text = width > 0 ? fmt::format("{} {}x{}", op, rows_, width)
                                 : fmt::format("{} {}x{}x{}", op, batch_ * heads_, tokens_, keys_);
    return layer;
  }

  std::int64_t integer(const std::string& key, std::int64_t lo, std::int64_t hi) const {
    const auto it = values_.find(key);
    if (it == values_.end())
      fail(fmt::format("missing {}: expected transformer:preset=.. or layers=..,d_model=..,heads=..,seq=..,ffn=..",
                       key));
    const std::optional<std::int64_t> value = parse_int_in_range(it->second, lo, hi);
    if (!value) fail(fmt::format("{} = {}: expected an integer in {}..{}", key, quoted(it->second), lo, hi));
    return *value;
  }

  [[noreturn]] void fail(const std::string& what) const { throw UserError(fmt::format("{}: {}", where_, what)); }

  std::string where_, prefix_;
  std::map<std::string, std::string> values_;
  std::map<std::string, bool> from_preset_;
  std::int64_t d_ = 0, heads_ = 0, kv_heads_ = 0, ffn_ = 0, batch_ = 1, tokens_ = 0, keys_ = 0, rows_ = 0;
};

}  // namespace

std::vector<Layer> generate_transformer(const std::string& keys, const std::string& where, std::int64_t* batch) {
  Generator generator(keys, where);
  std::vector<Layer> layers = generator.generate();
  if (batch) *batch = generator.batch();
  return layers;
}

}  // namespace sasim
