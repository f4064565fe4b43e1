// CycleClock and ArrayEventQueue on their own (cycle_clock.hpp,
// platform_array.hpp; docs/platform.md "Determinism and phases"): cycle c
// starts at floor(c * 10^12 / hz) ps, phase p/8 of it floor(p * 10^12 /
// (8 hz)) ps later; cycle_at(t) is the first cycle starting at or after t;
// an array event about cycle c is delivered at the edge of c + 1, events of
// one instant in (cycle, fold, kind) order.
#include "sysc_test_support.hpp"

#include <stdexcept>
#include <string>
#include <tuple>

#include "sasim/support/error.hpp"
#include "sasim/sysc/platform_array.hpp"

namespace sasim::sysc {
namespace {

using sc_core::SC_PS;
using sc_core::sc_time;
using testing::SystemCTest;

class CycleClockTest : public SystemCTest {};

constexpr Phase kPhases[] = {Phase::Edge, Phase::Arbitrate, Phase::DramRead, Phase::DramWrite, Phase::Sram};

TEST_F(CycleClockTest, OneGigahertzPhasesAreEighthsOfANanosecond) {
  EXPECT_EQ(clock->time_of(3), sc_time(3000, SC_PS));
  EXPECT_EQ(clock->time_of(3, Phase::Arbitrate), sc_time(3500, SC_PS));
  EXPECT_EQ(clock->time_of(3, Phase::DramRead), sc_time(3625, SC_PS));
  EXPECT_EQ(clock->time_of(3, Phase::DramWrite), sc_time(3750, SC_PS));
  EXPECT_EQ(clock->time_of(3, Phase::Sram), sc_time(3875, SC_PS));
  EXPECT_EQ(clock->cycle_at(sc_time(0, SC_PS)), 0);
  EXPECT_EQ(clock->cycle_at(sc_time(1, SC_PS)), 1);  // inside cycle 0: counts from cycle 1
  EXPECT_EQ(clock->cycle_at(sc_time(1000, SC_PS)), 1);
  EXPECT_EQ(clock->cycle_at(sc_time(1001, SC_PS)), 2);
}

TEST_F(CycleClockTest, ANonIntegerPeriodRoundsEachEdgeDown) {
  // 700 MHz: 10^4 / 7 = 1428.57 ps per cycle; every 7th edge is exact.
  const CycleClock c(700);
  EXPECT_EQ(c.time_of(1), sc_time(1428, SC_PS));
  EXPECT_EQ(c.time_of(3), sc_time(4285, SC_PS));
  EXPECT_EQ(c.time_of(7), sc_time(10000, SC_PS));
  // Phase 4/8: floor(4 * 10^4 / 56) = 714 ps; 7/8: 1250 ps.
  EXPECT_EQ(c.time_of(1, Phase::Arbitrate), sc_time(1428 + 714, SC_PS));
  EXPECT_EQ(c.time_of(7, Phase::Sram), sc_time(10000 + 1250, SC_PS));
}

TEST_F(CycleClockTest, EveryPhaseOfACycleCountsFromTheNextCycle) {
  // At the edge an action counts from that cycle; at any later phase of it
  // from the next, also at the fastest clock the phases fit.
  for (const double mhz : {700.0, 1000.0, 933.0, 99999.0, CycleClock::kMaxFreqMhz}) {
    const CycleClock c(mhz);
    for (std::int64_t cycle = 0; cycle < 5000; ++cycle) {
      ASSERT_EQ(c.cycle_at(c.time_of(cycle)), cycle) << mhz << " MHz, cycle " << cycle;
      for (const Phase p : kPhases) {
        if (p == Phase::Edge) continue;
        ASSERT_EQ(c.cycle_at(c.time_of(cycle, p)), cycle + 1) << mhz << " MHz, cycle " << cycle;
        ASSERT_LT(c.time_of(cycle, p), c.time_of(cycle + 1));
      }
      for (std::size_t i = 1; i < std::size(kPhases); ++i)
        ASSERT_LT(c.time_of(cycle, kPhases[i - 1]), c.time_of(cycle, kPhases[i]));
    }
  }
}

TEST_F(CycleClockTest, WaitUntilWaitsOnlyForwards) {
  sc_time after_first, after_second;
  std::int64_t now_first = -1;
  spawn([&] {
    clock->wait_until(5, Phase::DramRead);
    after_first = sc_core::sc_time_stamp();
    now_first = clock->now();
    clock->wait_until(2, Phase::Edge);  // in the past: no wait
    after_second = sc_core::sc_time_stamp();
  });
  sc_core::sc_start();
  EXPECT_EQ(after_first, sc_time(5625, SC_PS));
  EXPECT_EQ(now_first, 6);
  EXPECT_EQ(after_second, after_first);
}

TEST_F(CycleClockTest, FrequenciesOutsideTheRangeAreUserErrors) {
  const auto message = [](double mhz) -> std::string {
    try {
      CycleClock c(mhz);
    } catch (const UserError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message(0).rfind("array.freq_mhz = 0:", 0), 0u);
  EXPECT_EQ(message(-5).rfind("array.freq_mhz = -5:", 0), 0u);
  EXPECT_EQ(message(100001).rfind("array.freq_mhz = 100001:", 0), 0u);
  EXPECT_EQ(message(1e-7).rfind("array.freq_mhz = 1e-07: below 1 Hz", 0), 0u);  // 0.1 Hz
  EXPECT_EQ(message(CycleClock::kMaxFreqMhz), "");
}

class Recorder : public ArrayListener {
 public:
  struct Seen {
    std::size_t fold;
    ArrayEvent event;
    std::int64_t cycle;
    sc_time at;
    bool operator==(const Seen& o) const {
      return std::tie(fold, event, cycle, at) == std::tie(o.fold, o.event, o.cycle, o.at);
    }
  };
  void on_array_event(std::size_t fold, ArrayEvent event, std::int64_t cycle) override {
    seen.push_back({fold, event, cycle, sc_core::sc_time_stamp()});
  }
  std::vector<Seen> seen;
};

std::ostream& operator<<(std::ostream& os, const Recorder::Seen& s) {
  return os << "{fold " << s.fold << ", event " << int(s.event) << ", cycle " << s.cycle << ", " << s.at << "}";
}

TEST_F(CycleClockTest, ArrayEventsArriveAtTheNextEdgeInCycleFoldKindOrder) {
  ArrayEventQueue queue("events", *clock);
  Recorder recorder;
  queue.set_listener(&recorder);
  spawn([&] {
    // Posted out of order, from cycle 0.
    queue.post(5, 1, ArrayEvent::WestFirst);
    queue.post(5, 0, ArrayEvent::OutLast);
    queue.post(3, 2, ArrayEvent::NorthFirst);
    queue.post(5, 0, ArrayEvent::NorthLast);
    clock->wait_until(9, Phase::Edge);
    queue.post(8, 3, ArrayEvent::WestLast);  // due now (the edge of 9): delivered at once
  });
  sc_core::sc_start();
  using E = ArrayEvent;
  const std::vector<Recorder::Seen> expected = {{2, E::NorthFirst, 3, clock->time_of(4)},
                                                {0, E::NorthLast, 5, clock->time_of(6)},
                                                {0, E::OutLast, 5, clock->time_of(6)},
                                                {1, E::WestFirst, 5, clock->time_of(6)},
                                                {3, E::WestLast, 8, clock->time_of(9)}};
  EXPECT_EQ(recorder.seen, expected);
}

TEST_F(CycleClockTest, AnEventPostedAfterItsDeliveryTimeIsALogicError) {
  ArrayEventQueue queue("events", *clock);
  bool refused = false;
  spawn([&] {
    clock->wait_until(10, Phase::Edge);
    try {
      queue.post(8, 0, ArrayEvent::OutLast);  // due at the edge of 9
    } catch (const std::logic_error&) {
      refused = true;
    }
  });
  sc_core::sc_start();
  EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace sasim::sysc
