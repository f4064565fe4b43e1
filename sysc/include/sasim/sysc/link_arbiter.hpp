#pragma once
// One link of the interconnect (or its request channel), shared by several
// initiators under round-robin arbitration. A grant holds the link for a
// number of cycles (the payload's beats); the next grant comes after them.
//
// Requests are stamped with the cycle they arrive in and decided at
// Phase::Arbitrate of a cycle, among every request stamped up to that cycle:
// round robin over initiators, starting after the last one granted; oldest
// sequence number first within an initiator. So the outcome does not depend
// on the order in which SystemC ran the requesting threads.
#include <cstdint>
#include <string>
#include <vector>

#include <systemc>

#include "sasim/sysc/cycle_clock.hpp"

namespace sasim::sysc {

struct LinkStats {
  std::int64_t grants = 0;
  std::int64_t busy_cycles = 0;        // cycles the link carried a payload
  std::int64_t contention_cycles = 0;  // request-cycles spent waiting while another initiator held the link
};

class LinkArbiter : public sc_core::sc_module {
 public:
  LinkArbiter(sc_core::sc_module_name name, const CycleClock& clock, int initiators);
  SC_HAS_PROCESS(LinkArbiter);

  // From an SC_THREAD: waits for the grant and returns its cycle; the link is
  // then held for hold_cycles >= 1. *contention (if given) grows by the cycles
  // this request waited while another initiator held the link.
  std::int64_t acquire(int initiator, std::uint64_t sequence, std::int64_t hold_cycles, std::int64_t* contention);

  const LinkStats& stats() const { return stats_; }

 private:
  struct Request {
    int initiator;
    std::uint64_t sequence;
    std::int64_t stamp;
    std::int64_t hold;
    std::int64_t contention;
    std::int64_t granted;  // -1 until granted
    sc_core::sc_event* wake;
  };
  void decide();
  void schedule_decision(std::int64_t cycle);

  const CycleClock& clock_;
  int initiators_;
  int last_granted_;
  std::int64_t free_cycle_ = 0;  // first cycle the link is free
  int holder_ = -1;              // initiator holding the link until free_cycle_
  std::vector<Request*> pending_;
  sc_core::sc_event decide_event_;
  LinkStats stats_;
};

}  // namespace sasim::sysc
