#include "sasim/sysc/interconnect.hpp"

#include <fmt/format.h>

#include "sasim/support/error.hpp"

namespace sasim::sysc {
namespace {

const InterconnectConfig& checked(const InterconnectConfig& config) {
  if (config.width_bytes < 1 || config.width_bytes > (1 << 20)) {
    throw UserError(
        fmt::format("interconnect.width_bytes = {}: expected 1..1048576 bytes per cycle", config.width_bytes));
  }
  if (config.latency_cycles < 0 || config.latency_cycles > 1000000) {
    throw UserError(fmt::format("interconnect.latency_cycles = {}: expected 0..1000000 cycles", config.latency_cycles));
  }
  return config;
}

}  // namespace

Interconnect::Interconnect(sc_core::sc_module_name name, const CycleClock& clock, const InterconnectConfig& config,
                           const std::vector<std::string>& initiator_names)
    : sc_module(name),
      memory("memory"),
      clock_(clock),
      config_(checked(config)),
      names_(initiator_names),
      request_("request", clock, int(initiator_names.size())),
      read_data_("read_data", clock, int(initiator_names.size())),
      write_data_("write_data", clock, int(initiator_names.size())) {}

void Interconnect::transport(tlm::tlm_command command, std::uint64_t address, std::uint32_t bytes) {
  tlm::tlm_generic_payload payload;
  payload.set_command(command);
  payload.set_address(address);
  payload.set_data_ptr(nullptr);  // timing only: the memory stores no data
  payload.set_data_length(bytes);
  payload.set_streaming_width(bytes);
  payload.set_byte_enable_ptr(nullptr);
  payload.set_dmi_allowed(false);
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  memory->b_transport(payload, delay);
  if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);  // a loosely-timed target's annotation
  if (payload.is_response_error()) {
    throw std::logic_error(fmt::format("memory answered {} at address {:#x}", payload.get_response_string(), address));
  }
}

void Interconnect::read(int initiator, std::uint64_t sequence, std::uint64_t address, std::uint32_t bytes,
                        BurstRecord& record) {
  const std::int64_t command = request_.acquire(initiator, sequence, 1, &record.contention);
  clock_.wait_until(command + config_.latency_cycles, Phase::DramRead);
  transport(tlm::TLM_READ_COMMAND, address, bytes);
  const std::int64_t hold = data_cycles(bytes);
  const std::int64_t data = read_data_.acquire(initiator, sequence, hold, &record.contention);
  record.arrival = data + hold + config_.latency_cycles;
  counts_.bytes_read += bytes;
  ++counts_.reads;
}

void Interconnect::write(int initiator, std::uint64_t sequence, std::uint64_t address, std::uint32_t bytes,
                         BurstRecord& record) {
  const std::int64_t hold = data_cycles(bytes);
  const std::int64_t data = write_data_.acquire(initiator, sequence, hold, &record.contention);
  clock_.wait_until(data + hold + config_.latency_cycles, Phase::DramWrite);
  transport(tlm::TLM_WRITE_COMMAND, address, bytes);
  record.arrival = clock_.now();
  counts_.bytes_written += bytes;
  ++counts_.writes;
}

InterconnectStats Interconnect::stats() const {
  InterconnectStats s = counts_;
  s.request = request_.stats();
  s.read_data = read_data_.stats();
  s.write_data = write_data_.stats();
  return s;
}

}  // namespace sasim::sysc
