#pragma once
// Convolutions lowered to GEMM by im2col (docs/workloads.md, "Convolutions"):
//   M = batch * output pixels, K = C_in/groups * kernel pixels, N = C_out/groups,
// repeated `groups` times; a depthwise conv (groups == C_in) is C_in tiny GEMMs.
#include <string>

#include "sasim/workload/workload.hpp"

namespace sasim {

// Checks the geometry (positive sizes, channels divisible by groups, the
// kernel fits the padded input), fills out_size when it is empty and returns
// the Conv layer. `where` starts every error message (the spec, file:line or
// node). Missing strides/dilations/pads mean 1/1/0 per spatial dimension.
Layer lower_conv(const std::string& name, ConvGeometry geometry, const std::string& where);

// "conv 3x224x224 k7x7 s2 p3 -> 64x112x112" (g32 for grouped, dwconv for depthwise, b8 for batch 8).
std::string conv_shape_text(const ConvGeometry& geometry);

}  // namespace sasim
