#include "sasim/sysc/dram.hpp"

#include <utility>

namespace sasim::sysc {
namespace {

// How far one look-ahead may run (nCK) before the module wakes anyway; it
// bounds the work thrown away when a new transfer arrives meanwhile.
constexpr Cycle kLookaheadCycles = 4096;

}  // namespace

Dram::Dram(sc_core::sc_module_name name, const DramConfig& config)
    : sc_core::sc_module(name),
      socket("socket"),
      config_(config),
      period_(sc_core::sc_time(static_cast<double>(config.tck_ps), sc_core::SC_PS)),
      state_(config),
      lookahead_(config) {
  socket.register_b_transport(this, &Dram::b_transport);
  SC_HAS_PROCESS(Dram);
  SC_METHOD(wake);
  sensitive << wake_event_;
  dont_initialize();
}

Cycle Dram::cycle_now() const {
  return static_cast<Cycle>(sc_core::sc_time_stamp().value() / period_.value());
}

// Brings state_ to cycle: reuses the look-ahead when it stopped exactly
// there with no arrival since, else advances state_ itself.
void Dram::sync(Cycle cycle) {
  if (lookahead_valid_ && lookahead_time_ == cycle) {
    std::swap(state_, lookahead_);
  } else {
    state_.run_until(cycle);
  }
  lookahead_valid_ = false;
}

void Dram::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  const tlm::tlm_command command = payload.get_command();
  if (command != tlm::TLM_READ_COMMAND && command != tlm::TLM_WRITE_COMMAND) {
    payload.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  // Arrive on the next clock edge at or after the annotated time (without
  // yielding when already there, so callers at one instant keep their order).
  if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
  delay = sc_core::SC_ZERO_TIME;
  const sc_core::sc_time::value_type rest = sc_core::sc_time_stamp().value() % period_.value();
  if (rest != 0) sc_core::wait(sc_core::sc_time::from_value(period_.value() - rest));
  if (payload.get_data_length() == 0) {
    payload.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  const Cycle now = cycle_now();
  sync(now);
  sc_core::sc_event done;
  const std::uint64_t id =
      state_.submit(payload.get_address(), payload.get_data_length(), command == tlm::TLM_WRITE_COMMAND, now);
  waiting_[id] = &done;
  wake_event_.notify(sc_core::SC_ZERO_TIME);  // replaces a later pending wake-up
  sc_core::wait(done);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
}

void Dram::wake() {
  const Cycle now = cycle_now();
  sync(now);
  const std::vector<DramCompletion> completed = state_.take_completions(now);
  for (const DramCompletion& done : completed) {
    const auto it = waiting_.find(done.id);
    it->second->notify();
    waiting_.erase(it);
  }
  if (state_.idle()) return;
  if (!completed.empty()) {
    // The initiators just released typically send their next request at
    // this instant; look ahead one delta later, with those requests in.
    wake_event_.notify(sc_core::SC_ZERO_TIME);
    return;
  }
  lookahead_ = state_;
  lookahead_time_ = lookahead_.run_to_next_completion(now + kLookaheadCycles);
  lookahead_valid_ = true;
  wake_event_.notify(
      sc_core::sc_time::from_value(period_.value() * static_cast<sc_core::sc_time::value_type>(lookahead_time_ - now)));
}

}  // namespace sasim::sysc
