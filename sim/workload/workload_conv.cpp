#include "sasim/workload/workload_conv.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sasim/support/error.hpp"
#include "sasim/workload/workload_text.hpp"

namespace sasim {
namespace {

std::string dims(const std::vector<std::int64_t>& values) {
  std::string out;
  for (const std::int64_t v : values) out += (out.empty() ? "" : "x") + std::to_string(v);
  return out;
}

bool all_equal(const std::vector<std::int64_t>& values) {
  return std::all_of(values.begin(), values.end(), [&](std::int64_t v) { return v == values.front(); });
}

// "2" when every spatial dimension agrees, "2x1" otherwise.
std::string compact(const std::vector<std::int64_t>& values) {
  return all_equal(values) ? std::to_string(values.front()) : dims(values);
}

}  // namespace

std::string conv_shape_text(const ConvGeometry& g) {
  const bool depthwise = g.groups > 1 && g.groups == g.in_channels;
  std::string text = depthwise ? "dwconv " : "conv ";
  if (g.batch != 1) text += fmt::format("b{} ", g.batch);
  std::vector<std::int64_t> in = {g.in_channels}, out = {g.out_channels};
  in.insert(in.end(), g.in_size.begin(), g.in_size.end());
  out.insert(out.end(), g.out_size.begin(), g.out_size.end());
  text += fmt::format("{} k{} s{}", dims(in), dims(g.kernel), compact(g.strides));
  std::vector<std::int64_t> pads = g.pads_begin;
  pads.insert(pads.end(), g.pads_end.begin(), g.pads_end.end());
  if (std::any_of(pads.begin(), pads.end(), [](std::int64_t p) { return p != 0; })) text += " p" + compact(pads);
  if (std::any_of(g.dilations.begin(), g.dilations.end(), [](std::int64_t d) { return d != 1; }))
    text += " d" + compact(g.dilations);
  if (g.groups > 1 && !depthwise) text += fmt::format(" g{}", g.groups);
  return text + " -> " + dims(out);
}

Layer lower_conv(const std::string& name, ConvGeometry g, const std::string& where) {
  auto fail = [&](const std::string& what) { throw UserError(fmt::format("{}: {}", where, what)); };
  const std::size_t rank = g.in_size.size();
  if (rank == 0) fail("a convolution needs at least one spatial dimension");
  if (g.kernel.size() != rank) fail(fmt::format("kernel has {} dimensions, the input {}", g.kernel.size(), rank));
  if (g.strides.empty()) g.strides.assign(rank, 1);
  if (g.dilations.empty()) g.dilations.assign(rank, 1);
  if (g.pads_begin.empty()) g.pads_begin.assign(rank, 0);
  if (g.pads_end.empty()) g.pads_end.assign(rank, 0);
  if (g.strides.size() != rank || g.dilations.size() != rank || g.pads_begin.size() != rank ||
      g.pads_end.size() != rank) {
    fail(fmt::format("strides, dilations and pads need {} values each, one per spatial dimension", rank));
  }
  auto positive = [&](std::int64_t v, const char* what) {
    if (v < 1 || v > kMaxGemmDim) fail(fmt::format("{} = {}: expected an integer in 1..{}", what, v, kMaxGemmDim));
  };
  positive(g.batch, "batch");
  positive(g.in_channels, "input channels");
  positive(g.out_channels, "output channels (filters)");
  positive(g.groups, "groups");
  for (std::size_t d = 0; d < rank; ++d) {
    positive(g.in_size[d], "input size");
    positive(g.kernel[d], "kernel size");
    positive(g.strides[d], "stride");
    positive(g.dilations[d], "dilation");
    if (g.pads_begin[d] < 0 || g.pads_end[d] < 0 || g.pads_begin[d] > kMaxGemmDim || g.pads_end[d] > kMaxGemmDim)
      fail(
          fmt::format("pad = {}: expected an integer in 0..{}", std::min(g.pads_begin[d], g.pads_end[d]), kMaxGemmDim));
  }
  if (g.in_channels % g.groups != 0 || g.out_channels % g.groups != 0) {
    fail(fmt::format("groups = {} must divide the input channels ({}) and the filters ({})", g.groups, g.in_channels,
                     g.out_channels));
  }
  std::vector<std::int64_t> out(rank);
  for (std::size_t d = 0; d < rank; ++d) {
    // All terms are < 2^31, so these sums cannot overflow int64.
    const std::int64_t span = g.dilations[d] * (g.kernel[d] - 1) + 1;
    const std::int64_t padded = g.in_size[d] + g.pads_begin[d] + g.pads_end[d];
    if (span > padded) {
      fail(fmt::format("kernel {} (dilated to {}) is larger than the padded input {}: expected kernel <= input",
                       g.kernel[d], span, padded));
    }
    out[d] = (padded - span) / g.strides[d] + 1;
  }
  if (!g.out_size.empty() && g.out_size != out) {
    fail(fmt::format("output size {} does not follow from input {}, kernel {}, strides and pads (expected {})",
                     dims(g.out_size), dims(g.in_size), dims(g.kernel), dims(out)));
  }
  g.out_size = out;

  Layer layer;
  layer.name = name;
  layer.kind = LayerKind::Conv;
  layer.op = "conv";
  std::int64_t m = g.batch, k = g.in_channels / g.groups;
  for (std::size_t d = 0; d < rank; ++d) {
    if (!checked_mul(m, out[d], m) || !checked_mul(k, g.kernel[d], k)) m = k = kMaxGemmDim + 1;
  }
  if (m > kMaxGemmDim || k > kMaxGemmDim) {
    fail(fmt::format("the lowered GEMM (M = batch x output pixels, K = channels/groups x kernel pixels) exceeds {}",
                     kMaxGemmDim));
  }
  layer.shape = GemmShape{m, g.out_channels / g.groups, k};
  layer.repeats = g.groups;
  layer.a_source = OperandSource::Activation;
  layer.b_source = OperandSource::Weight;
  layer.shape_text = conv_shape_text(g);
  layer.conv = std::move(g);
  return layer;
}

}  // namespace sasim
