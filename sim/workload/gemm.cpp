#include "sasim/workload/gemm.hpp"

#include <random>

#include "sasim/support/wrap.hpp"

namespace sasim {

GemmOperands random_operands(const GemmShape& shape, int in_width, std::uint64_t seed) {
  // mt19937_64's output sequence is fixed by the standard, unlike the
  // distributions, so the values are derived from raw draws.
  std::mt19937_64 rng(seed);
  const std::uint64_t span = std::uint64_t{1} << in_width;
  const std::int64_t low = -(std::int64_t{1} << (in_width - 1));
  auto draw = [&] { return static_cast<std::int32_t>(low + static_cast<std::int64_t>(rng() % span)); };
  GemmOperands ops;
  ops.a.resize(std::size_t(shape.m * shape.k));
  ops.b.resize(std::size_t(shape.k * shape.n));
  for (auto& v : ops.a) v = draw();
  for (auto& v : ops.b) v = draw();
  return ops;
}

std::vector<std::int64_t> reference_gemm(const GemmShape& s, const GemmOperands& ops, int acc_width) {
  std::vector<std::int64_t> c(std::size_t(s.m * s.n));
  for (std::int64_t i = 0; i < s.m; ++i) {
    for (std::int64_t j = 0; j < s.n; ++j) {
      std::uint64_t sum = 0;  // modulo 2^64, then wrapped: same as wrapping every step
      for (std::int64_t p = 0; p < s.k; ++p) {
        sum +=
            static_cast<std::uint64_t>(std::int64_t{ops.a[std::size_t(i * s.k + p)]} * ops.b[std::size_t(p * s.n + j)]);
      }
      c[std::size_t(i * s.n + j)] = wrap_signed(sum, acc_width);
    }
  }
  return c;
}

}  // namespace sasim
