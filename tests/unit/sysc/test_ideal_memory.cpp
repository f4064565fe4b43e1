// IdealMemory on its own (ideal_memory.hpp): a fixed latency, then one data
// bus of fixed bandwidth, requests served in arrival order: an access
// arriving at t returns at max(t + latency, end of the bus's previous
// transfer) + bytes / bandwidth (rounded up to the 1 ps resolution).
#include "sysc_test_support.hpp"

#include <tlm_utils/simple_initiator_socket.h>

#include <stdexcept>

#include "sasim/sysc/ideal_memory.hpp"

namespace sasim::sysc {
namespace {

using sc_core::SC_NS;
using sc_core::SC_PS;
using sc_core::sc_time;

class Driver : public sc_core::sc_module {
 public:
  explicit Driver(sc_core::sc_module_name name) : sc_module(name), socket("socket") {}
  tlm_utils::simple_initiator_socket<Driver> socket;

  // A thread that makes `count` reads of `bytes` back to back from `at`,
  // recording when each returned.
  void reads(sc_time at, unsigned bytes, int count, std::vector<sc_time>& returned, sc_time annotate = {}) {
    sc_core::sc_spawn([this, at, bytes, count, &returned, annotate] {
      sc_core::wait(at);
      for (int i = 0; i < count; ++i) {
        tlm::tlm_generic_payload p;
        p.set_command(tlm::TLM_READ_COMMAND);
        p.set_address(0);
        p.set_data_length(bytes);
        p.set_data_ptr(nullptr);
        sc_time delay = annotate;
        socket->b_transport(p, delay);
        EXPECT_EQ(p.get_response_status(), tlm::TLM_OK_RESPONSE);
        EXPECT_EQ(delay, sc_core::SC_ZERO_TIME);
        returned.push_back(sc_core::sc_time_stamp());
      }
    });
  }
};

class IdealMemoryTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::fresh_systemc_kernel(); }
  static IdealMemoryConfig config(double latency_ns, double bytes_per_second) {
    IdealMemoryConfig c;
    c.latency_ns = latency_ns;
    c.bytes_per_second = bytes_per_second;
    return c;
  }
  // When each of `count` back-to-back reads of `bytes` from time 0 returns.
  static std::vector<sc_time> read_times(const IdealMemoryConfig& c, unsigned bytes, int count, sc_time annotate = {}) {
    IdealMemory memory("memory", c);
    Driver driver("driver");
    driver.socket.bind(memory.socket);
    std::vector<sc_time> returned;
    driver.reads(sc_core::SC_ZERO_TIME, bytes, count, returned, annotate);
    sc_core::sc_start();
    return returned;
  }
};

TEST_F(IdealMemoryTest, AnAccessTakesTheLatencyThenItsBytesAtTheBandwidth) {
  // 32 bytes at 16 GB/s (HBM2's one-channel peak) are exactly 2 ns.
  const std::vector<sc_time> returned = read_times(config(10, 16e9), 32, 1);
  ASSERT_EQ(returned.size(), 1u);
  EXPECT_EQ(returned[0], sc_time(12000, SC_PS));
}

TEST_F(IdealMemoryTest, ExactTransferTimesDoNotDriftOverManyAccesses) {
  // 1000 back-to-back 32-byte reads at 16 GB/s and no latency: each one
  // 2 ns, the last done at exactly 2000 ns. (Rounding 32 / 16e9 * 1e12 =
  // 2000.0000000000002 ps up gave 2001 ps each: 1 ns late after 1000.)
  const std::vector<sc_time> returned = read_times(config(0, 16e9), 32, 1000);
  ASSERT_EQ(returned.size(), 1000u);
  EXPECT_EQ(returned[0], sc_time(2, SC_NS));
  EXPECT_EQ(returned[999], sc_time(2000, SC_NS));
}

TEST_F(IdealMemoryTest, AFractionalPicosecondIsRoundedUp) {
  // 1 byte at 3 GB/s: 333.33 ps -> 334 ps.
  EXPECT_EQ(read_times(config(0, 3e9), 1, 1).at(0), sc_time(334, SC_PS));
}

TEST_F(IdealMemoryTest, AccessesQueueForTheBusInArrivalOrder) {
  IdealMemory memory("memory", config(10, 16e9));
  Driver driver("driver");
  driver.socket.bind(memory.socket);
  std::vector<sc_time> first, second, later;
  driver.reads(sc_core::SC_ZERO_TIME, 64, 1, first);  // bus 10..14 ns
  driver.reads(sc_time(1, SC_NS), 64, 1, second);     // ready at 11, bus free at 14: 14..18 ns
  driver.reads(sc_time(20, SC_NS), 64, 1, later);     // ready at 30, bus idle: 30..34 ns
  sc_core::sc_start();
  EXPECT_EQ(first.at(0), sc_time(14, SC_NS));
  EXPECT_EQ(second.at(0), sc_time(18, SC_NS));
  EXPECT_EQ(later.at(0), sc_time(34, SC_NS));
}

TEST_F(IdealMemoryTest, ACallersDelayAnnotationIsWaitedFirst) {
  // Arrives at 5 ns: the bus from 15 ns, done at 17.
  EXPECT_EQ(read_times(config(10, 16e9), 32, 1, sc_time(5, SC_NS)).at(0), sc_time(17, SC_NS));
}

TEST_F(IdealMemoryTest, DescriptionPeakAndBadConfigurations) {
  IdealMemory memory("memory", config(13.75, 25.6e9));
  EXPECT_EQ(memory.describe(), "ideal memory: 25.6 GB/s, 13.75 ns latency");
  EXPECT_EQ(memory.peak_bytes_per_second(), 25.6e9);
  EXPECT_THROW(IdealMemory("zero_bandwidth", config(10, 0)), std::logic_error);
  EXPECT_THROW(IdealMemory("negative_latency", config(-1, 1e9)), std::logic_error);
}

}  // namespace
}  // namespace sasim::sysc
