// transformer: specs: the layers a block emits, MAC counts against hand
// formulas (prefill, decode with a KV cache, grouped-query attention) and the
// presets against the ONNX exports of the same models (models/README.md).
#include <gtest/gtest.h>

#include "workload_test_util.hpp"

namespace sasim {
namespace {

using testing::error_of;
using testing::layer_named;
using testing::total_macs;

TEST(Transformer, PresetsMatchTheOnnxExports) {
  // ../shared/models/README.md: BertModel (base) at 128 tokens, GPT2Model at 1024.
  EXPECT_EQ(total_macs(parse_workload("transformer:preset=bert-base")), 11173625856);
  EXPECT_EQ(total_macs(parse_workload("transformer:preset=gpt2")), 106300440576);
}

TEST(Transformer, PrefillWithGroupedQueryAttention) {
  const std::int64_t L = 2, D = 64, H = 4, KV = 2, T = 10, F = 128, B = 3, Dh = D / H, G = H / KV;
  const Workload w =
      parse_workload("transformer:layers=2,d_model=64,heads=4,kv_heads=2,seq=10,ffn=128,gated=1,batch=3,name=t");
  ASSERT_EQ(w.layers.size(), std::size_t(L * 15));  // 14 per block, plus ffn_gate when gated
  const Layer& q = layer_named(w, "t.l1.q_proj");
  EXPECT_EQ(q.kind, LayerKind::Gemm);
  EXPECT_EQ((std::vector<std::int64_t>{q.shape.m, q.shape.k, q.shape.n}), (std::vector<std::int64_t>{B * T, D, D}));
  const Layer& k = layer_named(w, "t.l1.k_proj");
  EXPECT_EQ(k.shape.n, KV * Dh);
  const Layer& qk = layer_named(w, "t.l0.qk");
  EXPECT_EQ(qk.kind, LayerKind::MatMul);
  EXPECT_EQ(qk.repeats, B * KV);  // the G query heads of one KV head share its K: stacked rows
  EXPECT_EQ((std::vector<std::int64_t>{qk.shape.m, qk.shape.k, qk.shape.n}), (std::vector<std::int64_t>{G * T, Dh, T}));
  EXPECT_EQ(qk.b_source, OperandSource::Activation);
  const Layer& av = layer_named(w, "t.l0.av");
  EXPECT_EQ((std::vector<std::int64_t>{av.shape.m, av.shape.k, av.shape.n}), (std::vector<std::int64_t>{G * T, T, Dh}));
  EXPECT_EQ(layer_named(w, "t.l0.softmax").vector_elements, B * H * T * T);
  EXPECT_EQ(layer_named(w, "t.l0.ffn_act").vector_elements, B * T * F);
  EXPECT_EQ(layer_named(w, "t.l0.norm1").kind, LayerKind::Vector);
  const std::int64_t per_block = B * T * D * D * 2          // q, o
                                 + B * T * D * KV * Dh * 2  // k, v
                                 + B * H * T * T * Dh * 2   // QK^T, AV
                                 + B * T * D * F * 3;       // gate, up, down
  EXPECT_EQ(total_macs(w), L * per_block);
}

TEST(Transformer, DecodeStepAgainstAKvCache) {
  // Llama 2 70B shapes: D 8192, 64 heads, 8 KV heads, FFN 28672, 80 layers.
  const Workload w = parse_workload("transformer:preset=llama2-70b,mode=decode,kv_len=2047,batch=4");
  const std::int64_t B = 4, D = 8192, H = 64, KV = 8, Dh = 128, F = 28672, keys = 2048;
  const Layer& qk = layer_named(w, "llama2-70b.l79.qk");
  EXPECT_EQ(qk.repeats, B * KV);
  EXPECT_EQ((std::vector<std::int64_t>{qk.shape.m, qk.shape.k, qk.shape.n}),
            (std::vector<std::int64_t>{H / KV, Dh, keys}));
  EXPECT_EQ(layer_named(w, "llama2-70b.l0.q_proj").shape.m, B);  // one new token per sequence
  const std::int64_t per_block = B * (2 * D * D + 2 * D * KV * Dh + 3 * D * F) + 2 * B * H * keys * Dh;
  EXPECT_EQ(total_macs(w), 80 * per_block);
  // A llama2-7b decode step: no GQA (kv_heads = heads), non-gated keys overridable.
  const Workload small = parse_workload("transformer:preset=llama2-7b,mode=decode,kv_len=0,layers=1");
  EXPECT_EQ(layer_named(small, "llama2-7b.l0.qk").shape.n, 1);  // attends to itself only
  EXPECT_EQ(total_macs(small), 4 * 4096 * 4096 + 3 * 4096 * 11008 + 2 * 32 * 128);
}

TEST(Transformer, ErrorsNameTheKey) {
  auto err = [](const std::string& spec) { return error_of([&] { parse_workload(spec); }); };
  EXPECT_NE(err("transformer:layers=1,d_model=64,heads=5,seq=4,ffn=8").find("d_model = 64 must be a multiple of heads"),
            std::string::npos);
  EXPECT_NE(err("transformer:layers=1,d_model=64,heads=4,kv_heads=3,seq=4,ffn=8").find("multiple of kv_heads = 3"),
            std::string::npos);
  EXPECT_NE(err("transformer:preset=gpt5").find("preset = 'gpt5': expected one of bert-base"), std::string::npos);
  EXPECT_NE(err("transformer:preset=gpt2,mode=train").find("mode = 'train'"), std::string::npos);
  EXPECT_NE(err("transformer:preset=gpt2,kv_len=5").find("kv_len is for mode=decode"), std::string::npos);
  EXPECT_NE(err("transformer:preset=gpt2,mode=decode,seq=8").find("seq is for mode=prefill"), std::string::npos);
  EXPECT_NE(err("transformer:preset=gpt2,mode=decode").find("missing kv_len"), std::string::npos);
  EXPECT_NE(err("transformer:layers=1,d_model=64,heads=4,ffn=8").find("missing seq"), std::string::npos);
  EXPECT_NE(err("transformer:preset=gpt2,layers=0").find("layers = '0': expected an integer in 1..1000"),
            std::string::npos);
  EXPECT_NE(err("transformer:preset=gpt2,dmodel=3").find("unknown key 'dmodel'"), std::string::npos);
}

}  // namespace
}  // namespace sasim
