#pragma once
// A memory with a fixed access latency and one data bus of fixed bandwidth:
// no banks, rows or refresh. Requests are served in arrival order; the data
// of one request starts when it has waited the latency and the bus is free.
// It is the memory of roofline studies (the bound every real DRAM sits
// under) and of the platform tests that need round numbers.
#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sasim/sysc/memory_target.hpp"

namespace sasim::sysc {

struct IdealMemoryConfig {
  double latency_ns = 0;        // from request to first byte
  double bytes_per_second = 0;  // data bus bandwidth, > 0
};

class IdealMemory : public sc_core::sc_module, public MemoryTarget {
 public:
  IdealMemory(sc_core::sc_module_name name, const IdealMemoryConfig& config);

  tlm_utils::simple_target_socket<IdealMemory> socket;

  tlm::tlm_target_socket<>& target_socket() override { return socket; }
  double peak_bytes_per_second() const override { return config_.bytes_per_second; }
  std::string describe() const override;

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  IdealMemoryConfig config_;
  sc_core::sc_time bus_free_ = sc_core::SC_ZERO_TIME;
};

}  // namespace sasim::sysc
