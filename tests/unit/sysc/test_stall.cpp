// The stall arithmetic on its own (stall.hpp, docs/platform.md "Stall
// attribution"): transfer_cost splits one transfer's time, from
// max(want, channel_free) to done, into array_busy (start - that begin),
// then over max(start, channel_free)..done: dram_bandwidth =
// ceil(bytes / peak), interconnect = contention + flight (2L + 1 read, L
// write) + link cycles beyond the peak's, sram_bank_conflict, and the rest
// dram_latency, each capped at what is left. split_stall shares a total by
// largest remainder, ties to the lower cause.
#include <gtest/gtest.h>

#include <limits>
#include <numeric>
#include <string>

#include "sasim/sysc/stall.hpp"

namespace sasim::sysc {
namespace {

constexpr std::int64_t kNoChannel = std::numeric_limits<std::int64_t>::min();

// TransferRecord holds an sc_event and cannot be copied: the cost of one
// filled in here.
StallCycles cost(std::int64_t bytes, std::int64_t want, std::int64_t start, std::int64_t done, std::int64_t contention,
                 std::int64_t sram_conflict, bool read, const LinkTiming& link, std::int64_t channel_free) {
  TransferRecord r;
  r.transfer = {0, 1, bytes, bytes};
  r.want = want;
  r.start = start;
  r.done = done;
  r.contention = contention;
  r.sram_conflict = sram_conflict;
  return transfer_cost(r, read, link, channel_free);
}

LinkTiming link(double memory_bytes_per_cycle, int width, int latency) {
  LinkTiming l;
  l.memory_bytes_per_cycle = memory_bytes_per_cycle;
  l.width_bytes = width;
  l.latency_cycles = latency;
  return l;
}

std::int64_t sum(const StallCycles& c) {
  return std::accumulate(c.begin(), c.end(), std::int64_t{0});
}

TEST(StallCost, AReadSplitsIntoEveryCauseInOrder) {
  // Wanted at 10, its region free at 15, in SRAM at 60: 256 bytes at 16 per
  // cycle, 32-byte link, latency 4, 3 cycles of contention, 2 of conflicts.
  const StallCycles c = cost(256, 10, 15, 60, 3, 2, true, link(16, 32, 4), kNoChannel);
  EXPECT_EQ(c[kArrayBusy], 5);         // 15 - 10
  EXPECT_EQ(c[kDramBandwidth], 16);    // 256 / 16, of the 45 cycles 15..60
  EXPECT_EQ(c[kInterconnect], 3 + 9);  // contention + 2*4 + 1; 8 link cycles < 16: none extra
  EXPECT_EQ(c[kSramBankConflict], 2);
  EXPECT_EQ(c[kDramLatency], 45 - 16 - 12 - 2);
  EXPECT_EQ(sum(c), 60 - 10);
}

TEST(StallCost, ALinkNarrowerThanTheMemoryAddsItsExtraCycles) {
  // 8-byte link: 32 cycles on it against 16 at the memory's peak: 16 more.
  const StallCycles c = cost(256, 0, 0, 60, 0, 0, true, link(16, 8, 4), kNoChannel);
  EXPECT_EQ(c[kDramBandwidth], 16);
  EXPECT_EQ(c[kInterconnect], 9 + 16);
  EXPECT_EQ(c[kDramLatency], 60 - 16 - 25);
  EXPECT_EQ(c[kArrayBusy], 0);
}

TEST(StallCost, AWriteFliesOnceAndBandwidthRoundsUp) {
  // 100 bytes at 16 per cycle: ceil(6.25) = 7; a write's flight is L = 4.
  const StallCycles c = cost(100, 20, 20, 40, 1, 0, false, link(16, 64, 4), kNoChannel);
  EXPECT_EQ(c[kDramBandwidth], 7);
  EXPECT_EQ(c[kInterconnect], 1 + 4);
  EXPECT_EQ(c[kDramLatency], 20 - 7 - 5);
  EXPECT_EQ(sum(c), 20);
}

TEST(StallCost, EachPartIsCappedAtWhatIsLeft) {
  // 6 cycles: bandwidth takes 6 of its 16, nothing is left for the others.
  const StallCycles c = cost(256, 0, 0, 6, 5, 5, true, link(16, 32, 4), kNoChannel);
  EXPECT_EQ(c[kDramBandwidth], 6);
  EXPECT_EQ(c[kInterconnect], 0);
  EXPECT_EQ(c[kSramBankConflict], 0);
  EXPECT_EQ(c[kDramLatency], 0);
  // 20 cycles: 16 bandwidth, 4 of the 5 + 9 interconnect, 0 conflicts.
  const StallCycles d = cost(256, 0, 0, 20, 5, 5, true, link(16, 32, 4), kNoChannel);
  EXPECT_EQ(d[kDramBandwidth], 16);
  EXPECT_EQ(d[kInterconnect], 4);
  EXPECT_EQ(d[kSramBankConflict], 0);
  EXPECT_EQ(d[kDramLatency], 0);
}

TEST(StallCost, TimeBehindTheSameChannelsEarlierTransferIsNotCounted) {
  // Wanted at 10, submitted at 12, but the channel finished the transfer
  // before it only at 30: its own time is 30..50, no array_busy.
  const StallCycles c = cost(64, 10, 12, 50, 0, 0, true, link(16, 64, 1), 30);
  EXPECT_EQ(c[kArrayBusy], 0);
  EXPECT_EQ(c[kDramBandwidth], 4);
  EXPECT_EQ(c[kInterconnect], 3);
  EXPECT_EQ(c[kDramLatency], 20 - 4 - 3);
  EXPECT_EQ(sum(c), 20);
  // The channel free at 16, the region only at 21: array_busy 21 - 16 = 5.
  const StallCycles d = cost(64, 10, 21, 50, 0, 0, true, link(16, 64, 1), 16);
  EXPECT_EQ(d[kArrayBusy], 5);
  EXPECT_EQ(sum(d), 50 - 16);
}

TEST(StallCost, ATransferDoneBeforeItsChannelWasFreeCostsNothing) {
  const StallCycles c = cost(64, 0, 0, 20, 0, 0, true, link(16, 64, 1), 25);
  EXPECT_EQ(sum(c), 0);
}

TEST(StallSplit, ExactSharesAreKeptAndRemaindersGoToTheLargest) {
  StallShares shares{};
  shares[kDramBandwidth] = 0.5;
  shares[kArrayBusy] = 1.5;
  // 7 * 0.25 = 1.75 and 7 * 0.75 = 5.25: floors 1 + 5, the one left to the
  // larger remainder (bandwidth's .75).
  const StallCycles c = split_stall(7, shares);
  EXPECT_EQ(c[kDramBandwidth], 2);
  EXPECT_EQ(c[kArrayBusy], 5);
  EXPECT_EQ(sum(c), 7);
  shares = {};
  shares[kDramLatency] = 3;
  shares[kInterconnect] = 1;
  const StallCycles d = split_stall(8, shares);  // 6 and 2 exactly
  EXPECT_EQ(d[kDramLatency], 6);
  EXPECT_EQ(d[kInterconnect], 2);
  EXPECT_EQ(sum(d), 8);
}

TEST(StallSplit, EqualRemaindersGoToTheCauseListedFirst) {
  StallShares shares{};
  shares[kDramLatency] = 1;
  shares[kInterconnect] = 1;
  shares[kSramBankConflict] = 1;
  // 10 / 3 each: 3 + 3 + 3, the tenth to dram_latency (listed before the
  // other two).
  const StallCycles c = split_stall(10, shares);
  EXPECT_EQ(c[kDramBandwidth], 0);
  EXPECT_EQ(c[kDramLatency], 4);
  EXPECT_EQ(c[kInterconnect], 3);
  EXPECT_EQ(c[kSramBankConflict], 3);
  EXPECT_EQ(c[kArrayBusy], 0);
}

TEST(StallSplit, NoSharesGoToDramLatencyAndNoStallIsNoStall) {
  const StallCycles c = split_stall(9, StallShares{});
  EXPECT_EQ(c[kDramLatency], 9);
  EXPECT_EQ(sum(c), 9);
  StallShares shares{};
  shares[kDramBandwidth] = 5;
  EXPECT_EQ(sum(split_stall(0, shares)), 0);
  EXPECT_EQ(sum(split_stall(-3, shares)), 0);
}

TEST(StallSplit, CauseNames) {
  EXPECT_EQ(std::string(stall_cause_name(kDramBandwidth)), "dram_bandwidth");
  EXPECT_EQ(std::string(stall_cause_name(kDramLatency)), "dram_latency");
  EXPECT_EQ(std::string(stall_cause_name(kInterconnect)), "interconnect");
  EXPECT_EQ(std::string(stall_cause_name(kSramBankConflict)), "sram_bank_conflict");
  EXPECT_EQ(std::string(stall_cause_name(kArrayBusy)), "array_busy");
}

}  // namespace
}  // namespace sasim::sysc
