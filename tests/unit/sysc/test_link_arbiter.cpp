// LinkArbiter on its own (link_arbiter.hpp): requests stamped with the
// cycle they arrive in, decided at Phase::Arbitrate among every request
// stamped up to that cycle; round robin over initiators starting after the
// last one granted (initially: initiator 0 first), oldest sequence first
// within one initiator; a grant holds the link for its hold cycles; a
// request's contention is the cycles it waited while another initiator held
// the link, never the cycles behind its own initiator.
#include "sysc_test_support.hpp"

#include <stdexcept>

#include "sasim/sysc/link_arbiter.hpp"

namespace sasim::sysc {
namespace {

using testing::SystemCTest;

struct Grant {
  std::int64_t cycle = -1;
  std::int64_t contention = 0;
  sc_core::sc_time returned;
};

class LinkArbiterTest : public SystemCTest {
 protected:
  // A thread that asks `link` at (at_cycle, phase) and records the grant.
  void request(LinkArbiter& link, int initiator, std::uint64_t sequence, std::int64_t hold, std::int64_t at_cycle,
               Grant& out, Phase phase = Phase::Edge) {
    const CycleClock* c = clock.get();
    spawn([c, &link, initiator, sequence, hold, at_cycle, &out, phase] {
      c->wait_until(at_cycle, phase);
      out.cycle = link.acquire(initiator, sequence, hold, &out.contention);
      out.returned = sc_core::sc_time_stamp();
    });
  }
};

TEST_F(LinkArbiterTest, AFreeLinkGrantsInTheRequestCycleAtTheArbitratePhase) {
  LinkArbiter link("link", *clock, 1);
  Grant g;
  request(link, 0, 0, 3, 7, g);
  sc_core::sc_start();
  EXPECT_EQ(g.cycle, 7);
  EXPECT_EQ(g.returned, clock->time_of(7, Phase::Arbitrate));  // 7500 ps at 1 GHz
  EXPECT_EQ(g.contention, 0);
  EXPECT_EQ(link.stats().grants, 1);
  EXPECT_EQ(link.stats().busy_cycles, 3);
  EXPECT_EQ(link.stats().contention_cycles, 0);
}

TEST_F(LinkArbiterTest, RoundRobinFromInitiatorZeroWithContentionOfEachWait) {
  LinkArbiter link("link", *clock, 3);
  Grant g[3];
  // All three ask in cycle 0 for one cycle each; the threads are spawned in
  // reverse order, which must not matter. Initiator 0 first (the round
  // starts after the last initiator), then 1, then 2: cycles 0, 1, 2.
  for (int i = 2; i >= 0; --i) request(link, i, 0, 1, 0, g[i]);
  sc_core::sc_start();
  EXPECT_EQ(g[0].cycle, 0);
  EXPECT_EQ(g[1].cycle, 1);
  EXPECT_EQ(g[2].cycle, 2);
  // Waiting for other initiators: 0, 1 and 2 cycles.
  EXPECT_EQ(g[0].contention, 0);
  EXPECT_EQ(g[1].contention, 1);
  EXPECT_EQ(g[2].contention, 2);
  EXPECT_EQ(link.stats().grants, 3);
  EXPECT_EQ(link.stats().busy_cycles, 3);
  EXPECT_EQ(link.stats().contention_cycles, 3);
}

TEST_F(LinkArbiterTest, TheRoundStartsAfterTheLastGrantedInitiatorNotTheOldestRequest) {
  LinkArbiter link("link", *clock, 3);
  Grant hold, late, early;
  request(link, 2, 0, 5, 0, hold);   // initiator 2 holds cycles 0..4
  request(link, 1, 0, 1, 1, early);  // waits from cycle 1
  request(link, 0, 0, 1, 3, late);   // waits from cycle 3
  sc_core::sc_start();
  EXPECT_EQ(hold.cycle, 0);
  // At cycle 5 the round after initiator 2 reaches 0 before 1, although 1
  // has waited longer: 0 at 5, 1 at 6.
  EXPECT_EQ(late.cycle, 5);
  EXPECT_EQ(early.cycle, 6);
  EXPECT_EQ(late.contention, 5 - 3);   // behind initiator 2
  EXPECT_EQ(early.contention, 6 - 1);  // behind initiators 2 and 0
  EXPECT_EQ(link.stats().contention_cycles, 2 + 5);
}

TEST_F(LinkArbiterTest, OldestSequenceFirstWithinAnInitiatorWhateverItsStamp) {
  LinkArbiter link("link", *clock, 2);
  Grant other, newer, older;
  request(link, 1, 0, 4, 0, other);  // initiator 1 holds cycles 0..3
  request(link, 0, 9, 1, 1, newer);  // sequence 9, stamped 1
  request(link, 0, 1, 1, 2, older);  // sequence 1, stamped 2
  sc_core::sc_start();
  // Both wait for cycle 4; sequence 1 goes first although it came later.
  EXPECT_EQ(older.cycle, 4);
  EXPECT_EQ(newer.cycle, 5);
  // Only the cycles behind initiator 1 are contention: 4 - 1 and 4 - 2; the
  // cycle sequence 9 waits behind sequence 1 is its own initiator's.
  EXPECT_EQ(newer.contention, 3);
  EXPECT_EQ(older.contention, 2);
}

TEST_F(LinkArbiterTest, WaitingBehindTheOwnInitiatorIsNotContention) {
  LinkArbiter link("link", *clock, 2);
  Grant first, second, other;
  request(link, 0, 0, 3, 0, first);   // cycles 0..2
  request(link, 0, 1, 1, 0, second);  // waits for its own initiator until 3 ...
  request(link, 1, 0, 1, 0, other);   // ... but initiator 1 is next in the round
  sc_core::sc_start();
  EXPECT_EQ(first.cycle, 0);
  EXPECT_EQ(other.cycle, 3);
  EXPECT_EQ(second.cycle, 4);
  EXPECT_EQ(other.contention, 3);   // cycles 0..2 behind initiator 0
  EXPECT_EQ(second.contention, 1);  // only cycle 3, behind initiator 1
  EXPECT_EQ(link.stats().busy_cycles, 5);
}

TEST_F(LinkArbiterTest, ARequestAfterTheEdgeIsStampedWithTheNextCycle) {
  LinkArbiter link("link", *clock, 2);
  Grant edge, late;
  // Initiator 1 asks at 5/8 of cycle 0 (as read data does after the memory
  // answers at Phase::DramRead): past cycle 0's arbitration, so it is
  // stamped 1 and decided with initiator 0's request at the edge of cycle 1,
  // which the round gives to initiator 0 first.
  request(link, 1, 0, 1, 0, late, Phase::DramRead);
  request(link, 0, 0, 1, 1, edge);
  sc_core::sc_start();
  EXPECT_EQ(edge.cycle, 1);
  EXPECT_EQ(late.cycle, 2);
  EXPECT_EQ(late.contention, 1);
}

TEST_F(LinkArbiterTest, ANewRequestBehindAnotherInitiatorsPayloadCountsTheRestOfIt) {
  LinkArbiter link("link", *clock, 2);
  Grant holder, waiter;
  request(link, 0, 0, 4, 0, holder);  // cycles 0..3
  request(link, 1, 0, 2, 2, waiter);  // arrives in cycle 2: waits 2 and 3
  sc_core::sc_start();
  EXPECT_EQ(waiter.cycle, 4);
  EXPECT_EQ(waiter.contention, 2);
  EXPECT_EQ(waiter.returned, clock->time_of(4, Phase::Arbitrate));
  EXPECT_EQ(link.stats().busy_cycles, 6);
}

TEST_F(LinkArbiterTest, BadRequestsAreRefused) {
  LinkArbiter link("link", *clock, 2);
  bool bad_initiator = false, bad_hold = false;
  spawn([&] {
    try {
      link.acquire(2, 0, 1, nullptr);
    } catch (const std::logic_error&) {
      bad_initiator = true;
    }
    try {
      link.acquire(0, 0, 0, nullptr);
    } catch (const std::logic_error&) {
      bad_hold = true;
    }
  });
  sc_core::sc_start();
  EXPECT_TRUE(bad_initiator);
  EXPECT_TRUE(bad_hold);
  EXPECT_EQ(link.stats().grants, 0);
}

}  // namespace
}  // namespace sasim::sysc
