#pragma once
// The interconnect between the DMA channels and the memory: a request
// channel (one read command per cycle), a read-data link and a write-data
// link, each `width_bytes` per cycle with `latency_cycles` of flight time
// and round-robin arbitration among the initiators (LinkArbiter). Towards
// the memory it is a TLM-2.0 initiator (blocking transport); towards the
// DMA it is a plain blocking call per burst, made from the DMA's threads.
//
// A read: command on the request channel (1 cycle), latency, memory access
// (entering at Phase::DramRead), then the data on the read-data link
// (ceil(bytes / width) cycles) and latency again. A write: data on the
// write-data link, latency, memory access (entering at Phase::DramWrite).
// Grants are one per cycle per channel, so no two requests ever enter the
// memory at the same instant: its schedule is deterministic.
#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "sasim/config/architecture.hpp"
#include "sasim/sysc/cycle_clock.hpp"
#include "sasim/sysc/link_arbiter.hpp"
#include "sasim/sysc/memory_target.hpp"

namespace sasim::sysc {

// What happened to one burst, for the stall attribution.
struct BurstRecord {
  std::int64_t arrival = 0;     // read: cycle the data has crossed the link; write: cycle the memory finished
  std::int64_t contention = 0;  // cycles waited while another initiator held a channel
};

struct InterconnectStats {
  std::int64_t bytes_read = 0;
  std::int64_t bytes_written = 0;
  std::int64_t reads = 0;
  std::int64_t writes = 0;
  LinkStats request, read_data, write_data;
};

class Interconnect : public sc_core::sc_module {
 public:
  // Throws UserError naming interconnect.width_bytes / latency_cycles if
  // they are out of range.
  Interconnect(sc_core::sc_module_name name, const CycleClock& clock, const InterconnectConfig& config,
               const std::vector<std::string>& initiator_names);

  tlm_utils::simple_initiator_socket<Interconnect> memory;

  // Blocking, from an SC_THREAD. sequence orders one initiator's bursts.
  void read(int initiator, std::uint64_t sequence, std::uint64_t address, std::uint32_t bytes, BurstRecord& record);
  void write(int initiator, std::uint64_t sequence, std::uint64_t address, std::uint32_t bytes, BurstRecord& record);

  int width_bytes() const { return config_.width_bytes; }
  int latency_cycles() const { return config_.latency_cycles; }
  std::int64_t data_cycles(std::int64_t bytes) const { return (bytes + config_.width_bytes - 1) / config_.width_bytes; }
  InterconnectStats stats() const;
  const std::vector<std::string>& initiator_names() const { return names_; }

 private:
  void transport(tlm::tlm_command command, std::uint64_t address, std::uint32_t bytes);

  const CycleClock& clock_;
  InterconnectConfig config_;
  std::vector<std::string> names_;
  LinkArbiter request_, read_data_, write_data_;
  InterconnectStats counts_;
};

}  // namespace sasim::sysc
