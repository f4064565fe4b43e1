#pragma once
// The whole chip as one SystemC model: memory (DRAM or ideal) <-TLM->
// interconnect <-> DMA channels <-> SRAM buffers <-> matrix unit (C++ model
// or Verilated RTL), driven by the controller, layer after layer.
//
// SystemC elaborates once per process: run_platforms() builds every
// platform it is given, then runs one simulation in which each platform runs
// its layers in order (each layer starts when the previous one's outputs are
// in DRAM). A later call starts a fresh SystemC kernel.
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/config/architecture.hpp"
#include "sasim/cost/layer_result.hpp"
#include "sasim/sysc/ideal_memory.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/workload/gemm.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim::sysc {

enum class MemoryModel { Dram, Ideal };
MemoryModel parse_memory_model(const std::string& text);  // "dram" | "ideal"; throws UserError otherwise
const char* to_string(MemoryModel model);

// DMA channels (dma_channel.hpp). Not architecture keys (yet): the
// platform's defaults, reported in summary.json.
struct DmaConfig {
  int outstanding = 16;   // bursts in flight per channel: covers ~2 KiB of bandwidth-delay product
  int burst_bytes = 256;  // largest burst; a burst never crosses a tile row
};

struct PlatformJob {
  Architecture arch;
  UnitKind unit = UnitKind::Model;  // the matrix unit: C++ model or Verilated RTL
  MemoryModel memory = MemoryModel::Dram;
  DmaConfig dma;
  // For MemoryModel::Ideal; zero bandwidth: the DRAM preset's peak.
  IdealMemoryConfig ideal;
  bool quiet = true;  // no progress output (RTL build)
  std::vector<Layer> layers;
  // Empty, or one per layer: then the folds carry data and each layer's
  // output C is returned.
  std::vector<GemmOperands> operands;
};

struct PlatformLayerRun {
  LayerResult result;
  std::vector<FoldTiming> timing;    // the unit's fold timing (absolute cycles)
  std::vector<std::int64_t> avail;   // when each fold's data was on chip
  std::vector<std::int64_t> output;  // C (m x n, row-major) if the job carries data
};

struct PlatformRun {
  std::string memory;  // one line describing the memory simulated
  std::vector<PlatformLayerRun> layers;
};

// Checks every job (UserError on bad input) before simulating anything.
std::vector<PlatformRun> run_platforms(const std::vector<PlatformJob>& jobs);

}  // namespace sasim::sysc
