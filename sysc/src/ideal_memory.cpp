#include "sasim/sysc/ideal_memory.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace sasim::sysc {

IdealMemory::IdealMemory(sc_core::sc_module_name name, const IdealMemoryConfig& config)
    : sc_module(name), socket("socket"), config_(config) {
  if (!(config.bytes_per_second > 0) || !(config.latency_ns >= 0)) {
    throw std::logic_error("IdealMemory needs bytes_per_second > 0 and latency_ns >= 0");
  }
  socket.register_b_transport(this, &IdealMemory::b_transport);
}

std::string IdealMemory::describe() const {
  return fmt::format("ideal memory: {:.4g} GB/s, {:.4g} ns latency", config_.bytes_per_second / 1e9,
                     config_.latency_ns);
}

void IdealMemory::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  // Honour a caller's time annotation first, then serve in arrival order.
  if (delay != sc_core::SC_ZERO_TIME) {
    sc_core::wait(delay);
    delay = sc_core::SC_ZERO_TIME;
  }
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  const sc_core::sc_time ready = now + sc_core::sc_time(config_.latency_ns, sc_core::SC_NS);
  const sc_core::sc_time start = ready > bus_free_ ? ready : bus_free_;
  // Picoseconds as bytes * 10^12 / bandwidth: the product is exact and one
  // division rounds once, so a whole number of picoseconds stays whole
  // (seconds * 1e12 rounded twice: 32 bytes at 16 GB/s gave 2000.0000000000002,
  // which the ceil made 2001 ps, and every transfer on the bus 1 ps late).
  const double ps = double(payload.get_data_length()) * 1e12 / config_.bytes_per_second;
  const sc_core::sc_time end = start + sc_core::sc_time(std::ceil(ps), sc_core::SC_PS);
  bus_free_ = end;
  sc_core::wait(end - now);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace sasim::sysc
