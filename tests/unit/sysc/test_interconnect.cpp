// Interconnect on its own (interconnect.hpp) in front of a memory stub that
// answers after exactly T cycles. The contract, with latency L and width W:
//   read:  command on the request channel in its grant cycle c (1 cycle),
//          enters the memory at (c + L, Phase::DramRead), back T cycles
//          later in the same phase; the data link is asked from the next
//          cycle on (c + L + T + 1 when free) and held ceil(bytes / W)
//          cycles, then L cycles of flight: arrival = grant + beats + L.
//          From an idle start at cycle s: s + 2L + 1 + T + ceil(bytes / W).
//   write: data on the write link from its grant g for ceil(bytes / W)
//          cycles, L of flight, enters the memory at (g + beats + L,
//          Phase::DramWrite), done T cycles later in that phase, counted
//          from the next cycle: arrival = g + beats + L + T + 1.
#include "sysc_test_support.hpp"

#include <stdexcept>
#include <string>

#include "sasim/support/error.hpp"
#include "sasim/sysc/interconnect.hpp"

namespace sasim::sysc {
namespace {

using testing::FixedLatencyMemory;
using testing::SystemCTest;

InterconnectConfig link_config(int width, int latency) {
  InterconnectConfig c;
  c.width_bytes = width;
  c.latency_cycles = latency;
  return c;
}

class InterconnectTest : public SystemCTest {
 protected:
  struct Result {
    BurstRecord record;
    sc_core::sc_time returned;
  };
  // A thread that starts one read or write at the edge of cycle at_cycle.
  void burst(Interconnect& ic, bool read, int initiator, std::uint64_t address, std::uint32_t bytes,
             std::int64_t at_cycle, Result& out) {
    const CycleClock* c = clock.get();
    spawn([c, &ic, read, initiator, address, bytes, at_cycle, &out] {
      c->wait_until(at_cycle, Phase::Edge);
      if (read) {
        ic.read(initiator, 0, address, bytes, out.record);
      } else {
        ic.write(initiator, 0, address, bytes, out.record);
      }
      out.returned = sc_core::sc_time_stamp();
    });
  }
};

TEST_F(InterconnectTest, AReadTakesCommandFlightMemoryDataAndFlightAgain) {
  FixedLatencyMemory memory("memory", *clock, 10);
  Interconnect ic("ic", *clock, link_config(64, 4), {"dma"});
  ic.memory.bind(memory.socket);
  Result r;
  burst(ic, true, 0, 0x1000, 256, 0, r);
  sc_core::sc_start();
  // Command in cycle 0, memory from (4, DramRead) to (14, DramRead), data
  // link from 15 for 256 / 64 = 4 cycles, 4 more of flight: 15 + 4 + 4 = 23
  // = 2*4 + 1 + 10 + 4.
  EXPECT_EQ(r.record.arrival, 23);
  EXPECT_EQ(r.record.contention, 0);
  ASSERT_EQ(memory.accesses.size(), 1u);
  EXPECT_EQ(memory.accesses[0].command, tlm::TLM_READ_COMMAND);
  EXPECT_EQ(memory.accesses[0].address, 0x1000u);
  EXPECT_EQ(memory.accesses[0].bytes, 256u);
  EXPECT_EQ(memory.accesses[0].entered, clock->time_of(4, Phase::DramRead));
  // read() returns when the data link is granted; the flight is in arrival.
  EXPECT_EQ(r.returned, clock->time_of(15, Phase::Arbitrate));
  const InterconnectStats s = ic.stats();
  EXPECT_EQ(s.reads, 1);
  EXPECT_EQ(s.bytes_read, 256);
  EXPECT_EQ(s.writes, 0);
  EXPECT_EQ(s.request.grants, 1);
  EXPECT_EQ(s.request.busy_cycles, 1);
  EXPECT_EQ(s.read_data.busy_cycles, 4);
  EXPECT_EQ(s.write_data.grants, 0);
}

TEST_F(InterconnectTest, APartialLastBeatCostsAWholeCycle) {
  FixedLatencyMemory memory("memory", *clock, 3);
  Interconnect ic("ic", *clock, link_config(32, 0), {"dma"});
  ic.memory.bind(memory.socket);
  Result r;
  burst(ic, true, 0, 0, 100, 5, r);
  sc_core::sc_start();
  EXPECT_EQ(ic.data_cycles(100), 4);  // ceil(100 / 32)
  // Start 5, no flight time: 5 + 0 + 1 + 3 + 4 = 13.
  EXPECT_EQ(r.record.arrival, 13);
  EXPECT_EQ(memory.accesses[0].entered, clock->time_of(5, Phase::DramRead));
  EXPECT_EQ(ic.stats().read_data.busy_cycles, 4);
}

TEST_F(InterconnectTest, AWriteTakesDataFlightAndMemory) {
  FixedLatencyMemory memory("memory", *clock, 10);
  Interconnect ic("ic", *clock, link_config(64, 4), {"dma"});
  ic.memory.bind(memory.socket);
  Result w;
  burst(ic, false, 0, 0x2000, 256, 0, w);
  sc_core::sc_start();
  // Write link cycles 0..3, flight 4: the memory from (8, DramWrite) to
  // (18, DramWrite), done from cycle 19 = 4 + 4 + 10 + 1.
  EXPECT_EQ(w.record.arrival, 19);
  ASSERT_EQ(memory.accesses.size(), 1u);
  EXPECT_EQ(memory.accesses[0].command, tlm::TLM_WRITE_COMMAND);
  EXPECT_EQ(memory.accesses[0].entered, clock->time_of(8, Phase::DramWrite));
  const InterconnectStats s = ic.stats();
  EXPECT_EQ(s.writes, 1);
  EXPECT_EQ(s.bytes_written, 256);
  EXPECT_EQ(s.request.grants, 0);  // a write needs no command
  EXPECT_EQ(s.write_data.busy_cycles, 4);
}

TEST_F(InterconnectTest, TwoReadsShareTheRequestChannelAndTheReadLink) {
  FixedLatencyMemory memory("memory", *clock, 5);
  Interconnect ic("ic", *clock, link_config(64, 2), {"a", "b"});
  ic.memory.bind(memory.socket);
  Result a, b;
  burst(ic, true, 1, 0x100, 256, 0, b);  // spawned first: the order must not matter
  burst(ic, true, 0, 0x000, 256, 0, a);
  sc_core::sc_start();
  // a: command 0, memory 2..7, data 8..11, arrival 8 + 4 + 2 = 14.
  EXPECT_EQ(a.record.arrival, 14);
  EXPECT_EQ(a.record.contention, 0);
  // b: command 1 (1 cycle behind a), memory 3..8, asks for the data link in
  // cycle 9 but a holds it until 12 (3 cycles): arrival 12 + 4 + 2 = 18.
  EXPECT_EQ(b.record.arrival, 18);
  EXPECT_EQ(b.record.contention, 1 + 3);
  ASSERT_EQ(memory.accesses.size(), 2u);
  EXPECT_EQ(memory.accesses[0].address, 0x000u);
  EXPECT_EQ(memory.accesses[0].entered, clock->time_of(2, Phase::DramRead));
  EXPECT_EQ(memory.accesses[1].address, 0x100u);
  EXPECT_EQ(memory.accesses[1].entered, clock->time_of(3, Phase::DramRead));
  const InterconnectStats s = ic.stats();
  EXPECT_EQ(s.request.contention_cycles, 1);
  EXPECT_EQ(s.read_data.contention_cycles, 3);
  EXPECT_EQ(s.bytes_read, 512);
}

TEST_F(InterconnectTest, AReadAndAWriteUseSeparateDataLinks) {
  FixedLatencyMemory memory("memory", *clock, 5);
  Interconnect ic("ic", *clock, link_config(64, 2), {"load", "store"});
  ic.memory.bind(memory.socket);
  Result r, w;
  burst(ic, true, 0, 0, 256, 0, r);
  burst(ic, false, 1, 4096, 256, 0, w);
  sc_core::sc_start();
  EXPECT_EQ(r.record.arrival, 14);  // as alone: 2*2 + 1 + 5 + 4
  EXPECT_EQ(w.record.arrival, 12);  // as alone: 4 + 2 + 5 + 1
  EXPECT_EQ(r.record.contention, 0);
  EXPECT_EQ(w.record.contention, 0);
}

TEST_F(InterconnectTest, ALooselyTimedTargetsDelayAnnotationIsWaited) {
  // The same read as the first test, from a target that returns at once
  // with the 10 cycles as annotation: the same arrival.
  FixedLatencyMemory memory("memory", *clock, 10, /*annotate=*/true);
  Interconnect ic("ic", *clock, link_config(64, 4), {"dma"});
  ic.memory.bind(memory.socket);
  Result r;
  burst(ic, true, 0, 0, 256, 0, r);
  sc_core::sc_start();
  EXPECT_EQ(r.record.arrival, 23);
}

TEST_F(InterconnectTest, AnErrorResponseIsALogicError) {
  FixedLatencyMemory memory("memory", *clock, 1, false, /*error=*/true);
  Interconnect ic("ic", *clock, link_config(64, 0), {"dma"});
  ic.memory.bind(memory.socket);
  std::string message;
  spawn([&] {
    BurstRecord record;
    try {
      ic.read(0, 0, 0xabc0, 64, record);
    } catch (const std::logic_error& e) {
      message = e.what();
    }
  });
  sc_core::sc_start();
  EXPECT_NE(message.find("0xabc0"), std::string::npos) << message;
}

TEST_F(InterconnectTest, WidthAndLatencyOutOfRangeAreUserErrorsNamingTheKey) {
  const auto message = [&](int width, int latency) -> std::string {
    try {
      Interconnect ic("ic", *clock, link_config(width, latency), {"dma"});
    } catch (const UserError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message(0, 4).rfind("interconnect.width_bytes = 0", 0), 0u);
  EXPECT_EQ(message((1 << 20) + 1, 4).rfind("interconnect.width_bytes = 1048577", 0), 0u);
  EXPECT_EQ(message(64, -1).rfind("interconnect.latency_cycles = -1", 0), 0u);
  EXPECT_EQ(message(64, 1000001).rfind("interconnect.latency_cycles = 1000001", 0), 0u);
  EXPECT_EQ(message(1 << 20, 1000000), "");  // the bounds themselves are fine
}

}  // namespace
}  // namespace sasim::sysc
