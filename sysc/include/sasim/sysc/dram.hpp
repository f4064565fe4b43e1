#pragma once
// The DRAM as a TLM-2.0 target (blocking transport, approximately timed).
//
// b_transport accepts READ and WRITE generic payloads of any length and
// address (byte-addressed), splits them into bursts through the address
// mapping, and returns once the last data beat has transferred. Several
// initiator threads may call it at once; their bursts share the channels'
// FR-FCFS windows. TIMING ONLY: no data is stored or returned, and the
// payload's data pointer may be null.
//
// Event-driven: the command schedule is computed in plain C++
// (DramController); this module wakes only when a transfer arrives or when
// the next one completes, never per cycle or per burst.
#include <tlm_utils/simple_target_socket.h>

#include <systemc>
#include <tlm>
#include <unordered_map>

#include "sasim/sysc/dram_controller.hpp"

namespace sasim::sysc {

class Dram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Dram> socket;

  Dram(sc_core::sc_module_name name, const DramConfig& config);

  DramStats stats() const { return state_.stats(); }
  double peak_bytes_per_second() const { return config_.peak_bytes_per_second(); }
  const DramConfig& config() const { return config_; }
  sc_core::sc_time clock_period() const { return period_; }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  void wake();  // SC_METHOD: completions due now, then the next wake-up
  void sync(Cycle cycle);
  Cycle cycle_now() const;

  DramConfig config_;
  sc_core::sc_time period_;
  DramController state_;      // every command before state_.now() issued
  DramController lookahead_;  // state_ advanced to lookahead_time_, if valid
  Cycle lookahead_time_ = 0;
  bool lookahead_valid_ = false;
  sc_core::sc_event wake_event_;
  std::unordered_map<std::uint64_t, sc_core::sc_event*> waiting_;  // transfer id -> its initiator's event
};

}  // namespace sasim::sysc
