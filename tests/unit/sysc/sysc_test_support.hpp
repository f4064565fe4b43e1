#pragma once
// Shared harness for the direct unit tests of the SystemC platform's parts
// (tests/unit/sysc/): a fresh SystemC kernel per test, a 1 GHz array clock
// (one cycle = 1000 ps, so cycle numbers read directly off the time), and a
// memory stub that answers every access after a fixed number of cycles and
// records what it saw. Each gtest runs in its own process
// (gtest_discover_tests), so every test elaborates its own small model.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <gtest/gtest.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <systemc>
#include <tlm>
#include <vector>

#include "sasim/sysc/cycle_clock.hpp"

namespace sasim::sysc::testing {

constexpr double kTestClockMhz = 1000.0;  // 1 cycle = 1 ns = 1000 ps

// Starts a new SystemC kernel: modules of an earlier test in the same
// process (there are none under gtest_discover_tests) cannot leak in.
inline void fresh_systemc_kernel() {
  setenv("SYSC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
}

class SystemCTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fresh_systemc_kernel();
    clock = std::make_unique<CycleClock>(kTestClockMhz);
  }
  // A thread of the test's own (stub initiator, driver).
  static void spawn(std::function<void()> body) { sc_core::sc_spawn(std::move(body)); }
  std::unique_ptr<CycleClock> clock;
};

// A memory that takes exactly `latency_cycles` array cycles per access, any
// number of accesses at once (no bus, no banks): the fixed-latency target
// the interconnect and DMA contracts are stated against. annotate: return
// at once with the latency as a loosely-timed delay annotation instead of
// waiting; error: answer TLM_ADDRESS_ERROR_RESPONSE.
class FixedLatencyMemory : public sc_core::sc_module {
 public:
  struct Access {
    tlm::tlm_command command;
    std::uint64_t address;
    std::uint32_t bytes;
    sc_core::sc_time entered;
  };

  FixedLatencyMemory(sc_core::sc_module_name name, const CycleClock& clock, int latency_cycles, bool annotate = false,
                     bool error = false)
      : sc_module(name),
        socket("socket"),
        period_(clock.time_of(1) - clock.time_of(0)),
        latency_(latency_cycles),
        annotate_(annotate),
        error_(error) {
    socket.register_b_transport(this, &FixedLatencyMemory::b_transport);
  }

  tlm_utils::simple_target_socket<FixedLatencyMemory> socket;
  std::vector<Access> accesses;  // in arrival order
  int in_flight = 0, max_in_flight = 0;

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
    accesses.push_back(
        {payload.get_command(), payload.get_address(), payload.get_data_length(), sc_core::sc_time_stamp() + delay});
    if (annotate_) {
      delay += period_ * latency_;
    } else {
      ++in_flight;
      if (in_flight > max_in_flight) max_in_flight = in_flight;
      sc_core::wait(delay + period_ * latency_);
      delay = sc_core::SC_ZERO_TIME;
      --in_flight;
    }
    payload.set_response_status(error_ ? tlm::TLM_ADDRESS_ERROR_RESPONSE : tlm::TLM_OK_RESPONSE);
  }
  sc_core::sc_time period_;
  int latency_;
  bool annotate_, error_;
};

}  // namespace sasim::sysc::testing
