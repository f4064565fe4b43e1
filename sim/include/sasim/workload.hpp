#pragma once
// Workloads as `sasim run --workload` takes them: GEMM layers written as
//   gemm:M=512,N=512,K=512[,name=fc1]
// separated by ';'. Keys are case-insensitive, whitespace around the pieces
// is ignored, empty pieces between ';' are skipped.
#include <string>
#include <vector>

#include "sasim/gemm.hpp"

namespace sasim {

struct Layer {
  std::string name;  // given with name=, else gemm<index>; letters, digits, '_', '-', '.'
  GemmShape shape;   // C[M x N] = A[M x K] * B[K x N]
};

struct Workload {
  std::string spec;  // the text it was parsed from
  std::vector<Layer> layers;
};

// What `sasim run` simulates without --workload: a square GEMM, a batch-8
// MLP layer (tall-skinny, poor array fill) and an attention score GEMM.
inline constexpr const char* kDefaultWorkload =
    "gemm:name=fc_512,M=512,N=512,K=512;"
    "gemm:name=mlp_batch8,M=8,N=2048,K=2048;"
    "gemm:name=attn_qk,M=128,N=128,K=64";

inline constexpr std::int64_t kMaxGemmDim = 2147483647;  // 2^31-1: a fold's beat count is an int

// Throws UserError naming the layer's text and what is expected: M, N, K in
// 1..2^31-1, M*N*K (and the workload's total) within int64, unique names.
Workload parse_workload(const std::string& spec);

}  // namespace sasim
