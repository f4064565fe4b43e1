#include "sasim/sysc/memory_factory.hpp"

#include <fmt/format.h>

#include "sasim/sysc/dram.hpp"
#include "sasim/sysc/dram_config.hpp"

namespace sasim::sysc {
namespace {

// The DRAM model (dram.hpp) behind the MemoryTarget interface.
class DramMemory final : public MemoryTarget {
 public:
  DramMemory(const char* name, const DramConfig& config) : dram_(name, config) {}
  tlm::tlm_target_socket<>& target_socket() override { return dram_.socket; }
  double peak_bytes_per_second() const override { return dram_.peak_bytes_per_second(); }
  std::string describe() const override { return describe_dram(dram_.config()); }

 private:
  Dram dram_;
};

}  // namespace

std::unique_ptr<MemoryTarget> make_memory(const char* name, const PlatformJob& job) {
  const DramConfig dram = dram_config(job.arch.dram);  // UserError naming the dram key
  if (job.memory == MemoryModel::Dram) return std::make_unique<DramMemory>(name, dram);
  IdealMemoryConfig config = job.ideal;
  if (!(config.bytes_per_second > 0)) {
    // The preset's peak, and a row miss's first data: tRCD + CL (configs/dram/<preset>.ini).
    config.bytes_per_second = dram.peak_bytes_per_second();
    config.latency_ns = double(dram.t.tRCD + dram.t.tCL) * dram.tck_ps / 1000.0;
  }
  return std::make_unique<IdealMemory>(name, config);
}

}  // namespace sasim::sysc
