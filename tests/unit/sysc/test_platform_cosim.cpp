// The platform with the C++ model and with the Verilated RTL must agree:
// same cycles, same fold timing, same stall breakdown, same DRAM traffic,
// and outputs bit-identical to the reference GEMM. Both platforms run in one
// SystemC simulation (one elaboration per process).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sasim/config/architecture.hpp"
#include "sasim/sysc/platform.hpp"
#include "sasim/workload/gemm.hpp"

namespace sasim::sysc {
namespace {

struct CosimCase {
  const char* label;
  int rows, cols;
  Dataflow dataflow;
  std::vector<GemmShape> shapes;
  bool double_buffer;
  int link_width;                // small: memory-bound
  std::int64_t unified_kib = 0;  // > 0: activations stay in a unified buffer of this size
  std::int64_t operand_kib = 0;  // > 0: ifmap and filter buffers of this size (forces OS K chunks)
};

void PrintTo(const CosimCase& c, std::ostream* os) {
  *os << c.label;
}

class PlatformCosim : public ::testing::TestWithParam<CosimCase> {};

Architecture arch_for(const CosimCase& c) {
  Architecture arch = architecture_preset("default");
  arch.array.rows = c.rows;
  arch.array.cols = c.cols;
  arch.array.dataflow = c.dataflow;
  arch.sram.double_buffer = c.double_buffer;
  arch.interconnect.width_bytes = c.link_width;
  if (c.operand_kib > 0) arch.sram.ifmap_kib = arch.sram.filter_kib = c.operand_kib;
  if (c.unified_kib > 0) {
    arch.sram.unified_kib = c.unified_kib;
    arch.sram.ifmap_kib = arch.sram.ofmap_kib = 0;
  }
  return arch;
}

TEST_P(PlatformCosim, ModelAndRtlAgree) {
  const CosimCase& c = GetParam();
  PlatformJob model;
  model.arch = arch_for(c);
  std::uint64_t seed = 1;
  for (const GemmShape& shape : c.shapes) {
    Layer layer;
    layer.name = "gemm" + std::to_string(model.layers.size());
    layer.shape = shape;
    model.layers.push_back(layer);
    model.operands.push_back(random_operands(shape, model.arch.array.in_width, seed++));
  }
  PlatformJob rtl = model;
  rtl.unit = UnitKind::Rtl;
  const std::vector<PlatformRun> runs = run_platforms({model, rtl});
  ASSERT_EQ(runs.size(), 2u);
  for (std::size_t i = 0; i < c.shapes.size(); ++i) {
    SCOPED_TRACE(testing::Message() << "layer " << i);
    const PlatformLayerRun& m = runs[0].layers[i];
    const PlatformLayerRun& r = runs[1].layers[i];
    EXPECT_EQ(m.result.cycles, r.result.cycles);
    EXPECT_EQ(m.result.compute_cycles, r.result.compute_cycles);
    EXPECT_EQ(m.result.stalls.dram_bandwidth, r.result.stalls.dram_bandwidth);
    EXPECT_EQ(m.result.stalls.dram_latency, r.result.stalls.dram_latency);
    EXPECT_EQ(m.result.stalls.interconnect, r.result.stalls.interconnect);
    EXPECT_EQ(m.result.stalls.sram_bank_conflict, r.result.stalls.sram_bank_conflict);
    EXPECT_EQ(m.result.stalls.array_busy, r.result.stalls.array_busy);
    EXPECT_EQ(m.result.dram_bytes_read, r.result.dram_bytes_read);
    EXPECT_EQ(m.result.dram_bytes_written, r.result.dram_bytes_written);
    EXPECT_EQ(m.timing, r.timing);
    EXPECT_EQ(m.avail, r.avail);
    const std::vector<std::int64_t> expected =
        reference_gemm(c.shapes[i], model.operands[i], model.arch.array.acc_width);
    EXPECT_EQ(m.output, expected);
    EXPECT_EQ(r.output, expected);
    EXPECT_EQ(m.result.cycles, m.result.compute_cycles + m.result.stalls.total());
    EXPECT_GT(m.result.stalls.total(), 0);  // the first tile always comes from DRAM
  }
}

INSTANTIATE_TEST_SUITE_P(
    List, PlatformCosim,
    ::testing::Values(CosimCase{"ws_4x4_small", 4, 4, Dataflow::WS, {{8, 8, 8}, {5, 7, 9}}, true, 64},
                      CosimCase{"os_4x4_small", 4, 4, Dataflow::OS, {{8, 8, 8}, {5, 7, 9}}, true, 64},
                      CosimCase{"is_4x4_small", 4, 4, Dataflow::IS, {{8, 8, 8}, {5, 7, 9}}, true, 64},
                      // Variants the RTL tests prebuild (tests/rtl/regression.list), so no Verilating here.
                      CosimCase{"ws_3x5_single_buffer", 3, 5, Dataflow::WS, {{16, 24, 20}}, false, 64},
                      CosimCase{"os_3x5_single_buffer", 3, 5, Dataflow::OS, {{16, 24, 20}}, false, 64},
                      CosimCase{"is_5x3_single_buffer", 5, 3, Dataflow::IS, {{16, 24, 20}}, false, 64},
                      // M = 1 vector x matrix on a 2-byte link: memory-bound.
                      CosimCase{"ws_4x4_memory_bound", 4, 4, Dataflow::WS, {{1, 32, 32}, {2, 17, 40}}, true, 2},
                      CosimCase{"os_4x4_memory_bound", 4, 4, Dataflow::OS, {{1, 32, 32}}, true, 2},
                      CosimCase{"is_4x4_memory_bound", 4, 4, Dataflow::IS, {{32, 1, 32}}, true, 2},
                      // Activations kept in a unified buffer (TPU v1): only weights move.
                      CosimCase{"ws_4x4_resident", 4, 4, Dataflow::WS, {{8, 8, 8}, {5, 7, 9}}, true, 2, 256},
                      CosimCase{"is_4x4_resident", 4, 4, Dataflow::IS, {{8, 8, 8}, {5, 7, 9}}, false, 2, 256},
                      // K = 300 on 1 KiB buffers: OS cuts K into chunks of 128, summed in the accumulator.
                      CosimCase{"os_4x4_k_chunks", 4, 4, Dataflow::OS, {{9, 10, 300}, {4, 4, 129}}, true, 64, 0, 1}),
    [](const ::testing::TestParamInfo<CosimCase>& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace sasim::sysc
