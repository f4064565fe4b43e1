#pragma once
// GEMM shapes, operands and the plain reference product the matrix unit is
// checked against: C[M x N] = A[M x K] * B[K x N], wrapped to acc_width bits.
#include <cstdint>
#include <string>
#include <vector>

namespace sasim {

struct GemmShape {
  std::int64_t m = 1, n = 1, k = 1;
  std::int64_t macs() const { return m * n * k; }
};

struct GemmOperands {
  std::vector<std::int32_t> a;  // m x k, row-major
  std::vector<std::int32_t> b;  // k x n, row-major
};

// Uniform random signed in_width-bit operands from a fixed-seed generator
// (same seed, same numbers on every machine).
GemmOperands random_operands(const GemmShape& shape, int in_width, std::uint64_t seed);

// The reference: int64 sums wrapped to acc_width (two's complement).
std::vector<std::int64_t> reference_gemm(const GemmShape& shape, const GemmOperands& operands, int acc_width);

}  // namespace sasim
