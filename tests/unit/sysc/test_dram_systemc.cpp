// The DRAM through its TLM-2.0 socket: a sequential read stream and
// concurrent initiators. The SystemC module's look-ahead must give exactly
// the completion cycles of the plain C++ controller advanced step by step
// with the same arrivals.
#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <map>
#include <systemc>
#include <tlm>

#include "sasim/sysc/dram.hpp"
#include "test_dram_support.hpp"

namespace sasim::sysc {
namespace {

struct Arrival {
  Cycle cycle;
  std::uint64_t address, bytes;
  bool write;
};

// Initiator threads; each runs a list of transfers back to back, starting
// at a given cycle, and records when each arrived and completed.
class Initiators : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Initiators> socket;
  struct Transfer {
    std::uint64_t address, bytes;
    bool write;
    int gap_cycles;  // idle cycles before this transfer
  };
  std::vector<Arrival> arrivals;                     // in submission order
  std::map<std::pair<int, int>, Cycle> completions;  // (thread, index) -> cycle

  Initiators(sc_core::sc_module_name name, sc_core::sc_time period)
      : sc_module(name), socket("socket"), period_(period) {}

  void add_thread(int thread, std::vector<Transfer> transfers) {
    sc_core::sc_spawn([this, thread, transfers] { run(thread, transfers); });
  }

 private:
  void run(int thread, const std::vector<Transfer>& transfers) {
    for (int i = 0; i < static_cast<int>(transfers.size()); ++i) {
      const Transfer& t = transfers[static_cast<std::size_t>(i)];
      if (t.gap_cycles > 0) sc_core::wait(period_ * t.gap_cycles);
      tlm::tlm_generic_payload payload;
      payload.set_command(t.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
      payload.set_address(t.address);
      payload.set_data_length(static_cast<unsigned>(t.bytes));
      payload.set_data_ptr(nullptr);  // timing only
      arrivals.push_back(Arrival{cycle(), t.address, t.bytes, t.write});
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      socket->b_transport(payload, delay);
      EXPECT_EQ(payload.get_response_status(), tlm::TLM_OK_RESPONSE);
      completions[{thread, i}] = cycle();
    }
  }
  Cycle cycle() const { return static_cast<Cycle>(sc_core::sc_time_stamp() / period_); }
  sc_core::sc_time period_;
};

// A fresh SystemC kernel per test (each test also runs in its own process).
class DramSystemC : public ::testing::Test {
 protected:
  void SetUp() override {
    sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
    sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  }
};

// The same arrivals fed to a DramController advanced cycle by cycle of arrival.
std::vector<Cycle> replay(const DramConfig& config, const std::vector<Arrival>& arrivals) {
  DramController c(config);
  std::vector<Cycle> done(arrivals.size(), -1);
  for (const Arrival& a : arrivals) {
    c.run_until(a.cycle);
    c.submit(a.address, a.bytes, a.write, a.cycle);
  }
  while (!c.idle()) {
    for (const DramCompletion& d : c.take_completions(c.run_to_next_completion(Cycle{1} << 40))) done[d.id] = d.cycle;
  }
  return done;
}

TEST_F(DramSystemC, SequentialReadStream) {
  const DramConfig config = dram_preset("ddr4-3200");
  Dram dram("dram", config);
  Initiators init("init", dram.clock_period());
  init.socket.bind(dram.socket);
  std::vector<Initiators::Transfer> stream;
  for (int i = 0; i < 64; ++i) stream.push_back({std::uint64_t(i) * 4096, 4096, false, 0});
  init.add_thread(0, stream);
  sc_core::sc_start();
  ASSERT_EQ(init.completions.size(), 64u);
  const std::vector<Cycle> expected = replay(config, init.arrivals);
  for (int i = 0; i < 64; ++i) EXPECT_EQ((init.completions[{0, i}]), expected[static_cast<std::size_t>(i)]) << i;
  const DramStats s = dram.stats();
  EXPECT_EQ(s.bytes_read, 64u * 4096);
  EXPECT_EQ(s.read_bursts, 64u * 64);
  EXPECT_EQ(s.bytes_written, 0u);
  // Blocking one-at-a-time transfers still use most of the bus.
  const double seconds = sc_core::sc_time_stamp().to_seconds();
  EXPECT_GT(static_cast<double>(s.bytes_read) / seconds / dram.peak_bytes_per_second(), 0.7);
}

TEST_F(DramSystemC, ConcurrentInitiatorsMatchTheController) {
  DramConfig config = dram_preset("ddr4-3200");
  config.channels = 2;
  Dram dram("dram", config);
  Initiators init("init", dram.clock_period());
  init.socket.bind(dram.socket);
  // Four threads: two streams, one strided writer, one random-ish reader,
  // starting at different cycles and pausing between transfers.
  for (int thread = 0; thread < 4; ++thread) {
    std::vector<Initiators::Transfer> list;
    std::uint64_t x = 12345u + thread;
    for (int i = 0; i < 24; ++i) {  // gaps up to 15 cycles, and one long pause over a refresh
      x = x * 6364136223846793005u + 1442695040888963407u;
      const std::uint64_t address = thread == 3 ? (x >> 20) % (1u << 30) : (std::uint64_t(thread) << 28) + i * 2048;
      list.push_back({address, thread == 3 ? 64u : 2048u, thread == 2,
                      i == 0    ? thread * 7
                      : i == 12 ? 2 * config.t.tREFI
                                : int(x >> 60)});
    }
    init.add_thread(thread, list);
  }
  sc_core::sc_start();
  ASSERT_EQ(init.completions.size(), 96u);
  // Replay in submission order: map each arrival back to its (thread, index).
  const std::vector<Cycle> expected = replay(config, init.arrivals);
  std::vector<Cycle> got;
  std::map<int, int> next_index;
  for (const Arrival& a : init.arrivals) {
    const int thread = a.address >> 28 == 0 && a.bytes == 2048   ? 0
                       : a.address >> 28 == 1 && a.bytes == 2048 ? 1
                       : a.write                                 ? 2
                                                                 : 3;
    got.push_back(init.completions[{thread, next_index[thread]++}]);
  }
  EXPECT_EQ(got, expected);
  const DramStats s = dram.stats();
  EXPECT_EQ(s.bytes_written, 24u * 2048);
  EXPECT_EQ(s.bytes_read, 24u * 2048 * 2 + 24u * 64);
  EXPECT_GE(s.refreshes, 2u * 2);  // both channels, at least two intervals
}

TEST_F(DramSystemC, EmptyAndUnsupportedPayloads) {
  Dram dram("dram", dram_preset("hbm2"));
  Initiators init("init", dram.clock_period());
  init.socket.bind(dram.socket);
  tlm::tlm_response_status ignore_status = tlm::TLM_INCOMPLETE_RESPONSE;
  tlm::tlm_response_status empty_status = tlm::TLM_INCOMPLETE_RESPONSE;
  sc_core::sc_spawn([&] {
    tlm::tlm_generic_payload p;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    p.set_command(tlm::TLM_IGNORE_COMMAND);
    p.set_data_length(64);
    init.socket->b_transport(p, delay);
    ignore_status = p.get_response_status();
    p.set_command(tlm::TLM_READ_COMMAND);
    p.set_data_length(0);
    init.socket->b_transport(p, delay);
    empty_status = p.get_response_status();
  });
  sc_core::sc_start();
  EXPECT_EQ(ignore_status, tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(empty_status, tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(sc_core::sc_time_stamp(), sc_core::SC_ZERO_TIME);
}

TEST_F(DramSystemC, AnnotatedDelayIsHonouredAndRoundedToTheClock) {
  const DramConfig config = dram_preset("ddr4-3200");
  Dram dram("dram", config);
  Initiators init("init", dram.clock_period());
  init.socket.bind(dram.socket);
  sc_core::sc_time returned;
  sc_core::sc_spawn([&] {
    tlm::tlm_generic_payload p;
    p.set_command(tlm::TLM_READ_COMMAND);
    p.set_data_length(64);
    sc_core::sc_time delay(1000, sc_core::SC_PS);  // 1.6 cycles: arrives at cycle 2
    init.socket->b_transport(p, delay);
    EXPECT_EQ(delay, sc_core::SC_ZERO_TIME);
    returned = sc_core::sc_time_stamp();
  });
  sc_core::sc_start();
  // Cycle 2: ACT, then RD after tRCD, data after tCL + tBURST.
  const Cycle end = 2 + config.t.tRCD + config.t.tCL + config.burst_cycles;
  EXPECT_EQ(returned, sc_core::sc_time(static_cast<double>(end * config.tck_ps), sc_core::SC_PS));
}

}  // namespace
}  // namespace sasim::sysc
