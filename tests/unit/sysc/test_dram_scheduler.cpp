// FR-FCFS order, open versus closed page, and the multi-channel front end
// (DramChannelScheduler, DramController), checked command by command.
#include <gtest/gtest.h>

#include "sasim/sysc/dram_controller.hpp"
#include "sasim/sysc/dram_scheduler.hpp"
#include "test_dram_support.hpp"

namespace sasim::sysc {
namespace {

using testing::test_dram_config;

DramBurst burst(std::uint64_t tag, int bank_group, std::int64_t row, Cycle arrival, bool write = false, int bank = 0) {
  return DramBurst{tag, write, DramAddress{0, 0, bank_group, bank, row, 0}, arrival};
}

// Issues commands until the burst with tag leaves the window; returns its column command.
DramIssue run_until_column(DramChannelScheduler& s, std::uint64_t tag) {
  for (int i = 0; i < 100; ++i) {
    const DramIssue issue = s.issue_next();
    if (issue.column && issue.tag == tag) return issue;
  }
  ADD_FAILURE() << "burst " << tag << " never issued";
  return {};
}

TEST(DramFrFcfs, RowHitOvertakesOlderConflict) {
  DramChannelScheduler s(test_dram_config());
  s.enqueue(burst(1, 0, 5, 0));
  run_until_column(s, 1);         // row 5 of bank 0 is open now
  s.enqueue(burst(2, 0, 6, 30));  // older, other row: needs PRE + ACT
  s.enqueue(burst(3, 0, 5, 31));  // younger, hits row 5
  const DramIssue first = s.issue_next();
  EXPECT_TRUE(first.column);
  EXPECT_EQ(first.tag, 3u);
  const DramIssue second = s.issue_next();
  EXPECT_EQ(second.command.type, DramCommandType::Pre);
  EXPECT_EQ(run_until_column(s, 2).tag, 2u);
  EXPECT_EQ(s.counters().row_hits, 1u);
  EXPECT_EQ(s.counters().row_misses, 1u);
  EXPECT_EQ(s.counters().row_conflicts, 1u);
}

TEST(DramFrFcfs, NoPrechargeWhileTheOpenRowHasHits) {
  DramChannelScheduler s(test_dram_config());
  s.enqueue(burst(1, 0, 5, 0));
  s.enqueue(burst(2, 0, 6, 0));
  s.enqueue(burst(3, 0, 5, 0));
  // ACT row 5, RD 1, RD 3 (hit, younger than 2), then PRE for 2.
  EXPECT_EQ(s.issue_next().command.type, DramCommandType::Act);
  EXPECT_EQ(s.issue_next().tag, 1u);
  EXPECT_EQ(s.issue_next().tag, 3u);
  EXPECT_EQ(s.issue_next().command.type, DramCommandType::Pre);
}

TEST(DramFrFcfs, HitStreakIsCappedForAnOlderConflict) {
  // Row 5 stays hot: a younger hit is always queued. The older request to
  // row 6 of the same bank gets its PRE after kMaxHitStreak hits.
  DramChannelScheduler s(test_dram_config());
  std::uint64_t tag = 1;
  s.enqueue(burst(tag++, 0, 5, 0));
  run_until_column(s, 1);            // row 5 open, streak 1
  s.enqueue(burst(1000, 0, 6, 20));  // the old conflict
  int hits = 1;
  while (true) {
    s.enqueue(burst(tag++, 0, 5, 20));
    const DramIssue issue = s.issue_next();
    if (issue.command.type == DramCommandType::Pre) break;
    ASSERT_TRUE(issue.column);
    ASSERT_NE(issue.tag, 1000u);
    ++hits;
    ASSERT_LE(hits, DramChannelScheduler::kMaxHitStreak);
  }
  EXPECT_EQ(hits, DramChannelScheduler::kMaxHitStreak);
  EXPECT_EQ(run_until_column(s, 1000).command.type, DramCommandType::Rd);
}

TEST(DramFrFcfs, OldestFirstAmongReadyCommands) {
  DramChannelScheduler s(test_dram_config());
  s.enqueue(burst(1, 2, 5, 0));
  s.enqueue(burst(2, 1, 5, 0));
  const DramIssue first = s.issue_next();
  EXPECT_EQ(first.command.type, DramCommandType::Act);
  EXPECT_EQ(first.command.bank_group, 2);  // the older request's bank
  EXPECT_EQ(first.cycle, 0);
  const DramIssue second = s.issue_next();
  EXPECT_EQ(second.command.bank_group, 1);
  EXPECT_EQ(second.cycle, 5);  // tRRD_S
}

TEST(DramFrFcfs, ReadyYoungerCommandGoesBeforeBlockedOlderOne) {
  DramChannelScheduler s(test_dram_config());
  s.enqueue(burst(1, 0, 5, 0));
  s.issue_next();                          // ACT bank group 0 at 0
  s.enqueue(burst(2, 0, 6, 1, false, 1));  // same bank group, other bank: ACT held by tRRD_L until 9
  s.enqueue(burst(3, 1, 6, 1));            // other bank group: ACT legal at 5
  const DramIssue next = s.issue_next();
  EXPECT_EQ(next.command.type, DramCommandType::Act);
  EXPECT_EQ(next.command.bank_group, 1);
  EXPECT_EQ(next.cycle, 5);
}

TEST(DramPagePolicy, OpenPageKeepsTheRowForALaterHit) {
  DramChannelScheduler s(test_dram_config(PagePolicy::Open));
  s.enqueue(burst(1, 0, 5, 0));
  run_until_column(s, 1);
  s.enqueue(burst(2, 0, 5, 200));
  const DramIssue issue = s.issue_next();
  EXPECT_TRUE(issue.column);
  EXPECT_EQ(issue.cycle, 200);
  EXPECT_EQ(s.counters().row_hits, 1u);
  EXPECT_EQ(s.counters().row_misses, 1u);
}

TEST(DramPagePolicy, ClosedPagePrechargesAfterTheLastQueuedHit) {
  DramChannelScheduler s(test_dram_config(PagePolicy::Closed));
  s.enqueue(burst(1, 0, 5, 0));
  s.enqueue(burst(2, 0, 5, 0));
  s.issue_next();  // ACT
  const DramIssue first = s.issue_next();
  EXPECT_FALSE(first.command.auto_precharge);  // burst 2 still hits the row
  const DramIssue second = s.issue_next();
  EXPECT_TRUE(second.command.auto_precharge);
  EXPECT_EQ(s.timing().open_row(0, 0, 0), -1);
  s.enqueue(burst(3, 0, 5, 200));
  EXPECT_EQ(s.issue_next().command.type, DramCommandType::Act);  // same row, but closed
  EXPECT_EQ(s.counters().row_misses, 2u);
  EXPECT_EQ(s.counters().row_hits, 1u);
}

TEST(DramPagePolicy, ClosedPageAvoidsConflictLatency) {
  // A different row of the same bank later: open page pays PRE + ACT on
  // the critical path, closed page only ACT.
  Cycle done[2] = {};
  for (const PagePolicy policy : {PagePolicy::Open, PagePolicy::Closed}) {
    DramChannelScheduler s(test_dram_config(policy));
    s.enqueue(burst(1, 0, 5, 0));
    run_until_column(s, 1);
    s.enqueue(burst(2, 0, 6, 300));
    done[policy == PagePolicy::Closed] = run_until_column(s, 2).data_end;
  }
  EXPECT_EQ(done[0], 300 + 12 + 11 + 10 + 2);  // PRE, tRP, ACT, tRCD, RD, tCL + tBURST
  EXPECT_EQ(done[1], 300 + 11 + 10 + 2);
}

TEST(DramWindow, BoundedWindowHoldsBackLaterBursts) {
  DramConfig config = test_dram_config();
  DramController c(config);
  c.record_commands(true);
  // 12 bursts into one channel with an 8-entry window.
  c.submit(0, 12 * 32, false, 0);
  c.run_until(10000);
  std::size_t columns = 0;
  for (const DramIssue& issue : c.command_log()) columns += issue.column;
  EXPECT_EQ(columns, 12u);
  const auto done = c.take_completions(10000);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(c.stats().bytes_read, 12u * 32);
}

TEST(DramController, CompletionIsTheLastBurstsDataEnd) {
  DramController c(test_dram_config());
  c.record_commands(true);
  const std::uint64_t id = c.submit(0, 64, false, 0);  // two bursts, bank groups 0 and 1
  const Cycle t = c.run_to_next_completion(100000);
  Cycle last = 0;
  for (const DramIssue& issue : c.command_log()) {
    if (issue.column) last = std::max(last, issue.data_end);
  }
  EXPECT_EQ(t, last);
  // ACT bg0 @0, ACT bg1 @5, RD bg0 @11, RD bg1 @16 -> data ends 16 + 12.
  EXPECT_EQ(t, 28);
  const auto done = c.take_completions(t);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, id);
  EXPECT_TRUE(c.idle());
}

TEST(DramController, RunToNextCompletionStopsAtTheEarliest) {
  DramController c(test_dram_config());
  const std::uint64_t first = c.submit(0, 64, false, 0);
  const std::uint64_t second = c.submit(64, 64, false, 0);
  const Cycle t = c.run_to_next_completion(1 << 20);
  EXPECT_EQ(c.now(), t);
  const auto done = c.take_completions(t);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, first);
  EXPECT_FALSE(c.idle());
  const Cycle t2 = c.run_to_next_completion(1 << 20);
  EXPECT_GT(t2, t);
  EXPECT_EQ(c.take_completions(t2).at(0).id, second);
  EXPECT_TRUE(c.idle());
}

TEST(DramController, BurstCountOfUnalignedAndTopOfAddressSpaceTransfers) {
  DramController c(test_dram_config());  // 32-byte bursts
  c.record_commands(true);
  c.submit(31, 2, false, 0);                       // straddles two bursts
  c.submit(~std::uint64_t{0} - 31, 32, false, 0);  // the last burst of the address space
  c.submit(~std::uint64_t{0} - 63, 64, true, 0);   // the last two
  while (!c.idle()) c.take_completions(c.run_to_next_completion(1 << 20));
  const DramStats s = c.stats();
  EXPECT_EQ(s.read_bursts, 3u);
  EXPECT_EQ(s.write_bursts, 2u);
  EXPECT_EQ(s.bytes_read, 34u);
  EXPECT_EQ(s.bytes_written, 64u);
}

TEST(DramController, LimitBoundsTheRun) {
  DramController c(test_dram_config());
  c.submit(0, 32 * 64, false, 0);
  EXPECT_EQ(c.run_to_next_completion(20), 20);
  EXPECT_TRUE(c.take_completions(20).empty());
  EXPECT_FALSE(c.idle());
}

TEST(DramController, SequentialStreamKeepsTheBusBusy) {
  DramConfig config = dram_preset("ddr4-3200");
  DramController c(config);
  const std::uint64_t bytes = 1 << 20;
  c.submit(0, bytes, false, 0);
  const Cycle t = c.run_to_next_completion(Cycle{1} << 40);
  const DramStats s = c.stats();
  EXPECT_EQ(s.read_bursts, bytes / 64);
  EXPECT_EQ(s.bytes_read, bytes);
  // 8 KB rows, 128 bursts each: nearly all bursts hit an open row (the
  // rest are first accesses to a row or reopen one a refresh closed).
  EXPECT_GE(s.row_misses + s.row_conflicts, bytes / 8192);
  EXPECT_GT(static_cast<double>(s.row_hits), 0.98 * static_cast<double>(s.read_bursts));
  const double efficiency = static_cast<double>(s.data_bus_busy_cycles) / static_cast<double>(t);
  EXPECT_GT(efficiency, 0.90);
}

TEST(DramController, OneBankGroupStreamIsBoundByTccdL) {
  DramConfig config = dram_preset("ddr4-3200");
  config.address_mapping = "ro-ra-bg-ba-co-ch";
  DramController c(config);
  c.submit(0, 1 << 18, false, 0);
  const Cycle t = c.run_to_next_completion(Cycle{1} << 40);
  // tCCD_L = 8 nCK per 4-nCK burst: half the bus, except where the stream
  // crosses into the next bank group (every 512 bursts).
  const double efficiency = static_cast<double>(c.stats().data_bus_busy_cycles) / static_cast<double>(t);
  EXPECT_LE(efficiency, 0.52);
  EXPECT_GT(efficiency, 0.4);
}

TEST(DramController, ChannelsWorkInParallel) {
  DramConfig one = dram_preset("ddr4-3200");
  DramConfig two = one;
  two.channels = 2;
  Cycle t[2] = {};
  for (int i = 0; i < 2; ++i) {
    DramController c(i == 0 ? one : two);
    c.submit(0, 1 << 18, false, 0);
    t[i] = c.run_to_next_completion(Cycle{1} << 40);
  }
  EXPECT_LT(t[1], t[0] * 0.55);
}

}  // namespace
}  // namespace sasim::sysc
