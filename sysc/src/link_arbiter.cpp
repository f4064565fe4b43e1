#include "sasim/sysc/link_arbiter.hpp"

#include <algorithm>
#include <stdexcept>

namespace sasim::sysc {

LinkArbiter::LinkArbiter(sc_core::sc_module_name name, const CycleClock& clock, int initiators)
    : sc_module(name), clock_(clock), initiators_(initiators), last_granted_(initiators - 1) {
  if (initiators < 1) throw std::logic_error("LinkArbiter needs at least one initiator");
  SC_METHOD(decide);
  sensitive << decide_event_;
  dont_initialize();
}

void LinkArbiter::schedule_decision(std::int64_t cycle) {
  const sc_core::sc_time at = clock_.time_of(cycle, Phase::Arbitrate);
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  // An earlier pending notification wins over a later one (IEEE 1666 5.10.8).
  decide_event_.notify(at > now ? at - now : sc_core::SC_ZERO_TIME);
}

std::int64_t LinkArbiter::acquire(int initiator, std::uint64_t sequence, std::int64_t hold_cycles,
                                  std::int64_t* contention) {
  if (initiator < 0 || initiator >= initiators_ || hold_cycles < 1) {
    throw std::logic_error("LinkArbiter::acquire: bad initiator or hold");
  }
  sc_core::sc_event wake;
  Request request{initiator, sequence, clock_.now(), hold_cycles, 0, -1, &wake};
  // Waiting behind a payload of another initiator that is on the link now.
  if (holder_ >= 0 && holder_ != initiator && free_cycle_ > request.stamp)
    request.contention = free_cycle_ - request.stamp;
  pending_.push_back(&request);
  schedule_decision(std::max(request.stamp, free_cycle_));
  while (request.granted < 0) sc_core::wait(wake);
  if (contention) *contention += request.contention;
  stats_.contention_cycles += request.contention;
  return request.granted;
}

void LinkArbiter::decide() {
  const std::int64_t cycle = clock_.now() - 1;  // decide() runs inside cycle `cycle`, at Phase::Arbitrate
  if (free_cycle_ > cycle) {
    if (!pending_.empty()) schedule_decision(free_cycle_);
    return;
  }
  // Round robin: the first initiator after the last granted one that has a
  // request stamped by now; its oldest request.
  Request* chosen = nullptr;
  int best_rank = initiators_;
  std::int64_t next_stamp = -1;
  for (Request* r : pending_) {
    if (r->stamp > cycle) {
      next_stamp = next_stamp < 0 ? r->stamp : std::min(next_stamp, r->stamp);
      continue;
    }
    const int rank = (r->initiator - last_granted_ - 1 + initiators_) % initiators_;
    if (!chosen || rank < best_rank || (rank == best_rank && r->sequence < chosen->sequence)) {
      chosen = r;
      best_rank = rank;
    }
  }
  if (!chosen) {
    if (next_stamp >= 0) schedule_decision(next_stamp);
    return;
  }
  chosen->granted = cycle;
  free_cycle_ = cycle + chosen->hold;
  holder_ = chosen->initiator;
  last_granted_ = chosen->initiator;
  ++stats_.grants;
  stats_.busy_cycles += chosen->hold;
  pending_.erase(std::find(pending_.begin(), pending_.end(), chosen));
  for (Request* r : pending_) {
    if (r->initiator != chosen->initiator)
      r->contention += std::max<std::int64_t>(0, free_cycle_ - std::max(r->stamp, cycle));
  }
  chosen->wake->notify();
  if (!pending_.empty()) schedule_decision(free_cycle_);
}

}  // namespace sasim::sysc
