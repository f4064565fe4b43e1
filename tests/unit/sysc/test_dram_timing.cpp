// One boundary test per JEDEC timing constraint: the command one cycle
// before the earliest legal cycle is refused, exactly on time it issues.
// The table (test_dram_support.hpp) gives every timing a distinct value and
// each test sets up the one state in which its constraint is the binding one.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sasim/sysc/dram_scheduler.hpp"
#include "sasim/sysc/dram_timing.hpp"
#include "test_dram_support.hpp"

namespace sasim::sysc {
namespace {

using testing::test_dram_config;

DramCommand act(int bank_group, int bank = 0, std::int64_t row = 7, int rank = 0) {
  return DramCommand{DramCommandType::Act, rank, bank_group, bank, row, false};
}
DramCommand pre(int bank_group, int bank = 0, int rank = 0) {
  return DramCommand{DramCommandType::Pre, rank, bank_group, bank, 0, false};
}
DramCommand rd(int bank_group, int bank = 0, int rank = 0) {
  return DramCommand{DramCommandType::Rd, rank, bank_group, bank, 0, false};
}
DramCommand wr(int bank_group, int bank = 0, int rank = 0) {
  return DramCommand{DramCommandType::Wr, rank, bank_group, bank, 0, false};
}
DramCommand ref(int rank = 0) {
  return DramCommand{DramCommandType::Ref, rank, 0, 0, 0, false};
}

// The command is held back at expected - 1 and goes at expected.
void expect_boundary(DramTimingState& state, const DramCommand& command, Cycle expected) {
  EXPECT_EQ(state.earliest(command), expected) << to_string(command.type);
  DramTimingState early = state;
  EXPECT_THROW(early.issue(command, expected - 1), std::logic_error) << to_string(command.type);
  EXPECT_NO_THROW(state.issue(command, expected)) << to_string(command.type);
}

class DramTiming : public ::testing::Test {
 protected:
  // Rank 0's four activates of a tFAW window: bank groups 0..3, tRRD_S apart.
  void four_activates() {
    for (int group = 0; group < 4; ++group) s.issue(act(group), 5 * group);
  }

  DramConfig config = test_dram_config();
  DramTimingState s{config};
};

TEST_F(DramTiming, TableValuesAreDistinct) {
  EXPECT_EQ(config.burst_cycles, 2);
  EXPECT_EQ(config.burst_bytes(), 32);
  EXPECT_EQ(config.bursts_per_row(), 16);
}

TEST_F(DramTiming, tRCD_ActToRead) {
  s.issue(act(0), 0);
  expect_boundary(s, rd(0), 11);
}

TEST_F(DramTiming, tRCD_ActToWrite) {
  s.issue(act(0), 0);
  expect_boundary(s, wr(0), 11);
}

TEST_F(DramTiming, tRAS_ActToPre) {
  s.issue(act(0), 0);
  expect_boundary(s, pre(0), 25);
}

TEST_F(DramTiming, tRC_ActToActSameBank) {
  s.issue(act(0), 0);
  s.issue(pre(0), 25);  // + tRP = 37 < tRC
  expect_boundary(s, act(0, 0, 8), 40);
}

TEST_F(DramTiming, tRP_PreToAct) {
  s.issue(act(0), 0);
  s.issue(pre(0), 35);  // + tRP = 47 > tRC = 40
  expect_boundary(s, act(0, 0, 8), 47);
}

TEST_F(DramTiming, tCL_ReadDataAndReadToWrite) {
  s.issue(act(0), 0);
  EXPECT_EQ(s.issue(rd(0), 11), 11 + 10 + 2);  // data ends tCL + tBURST after RD
  // WR may start once the read data has left the bus: tCL + tBURST + 2 - tCWL.
  expect_boundary(s, wr(0), 11 + 10 + 2 + 2 - 6);
}

TEST_F(DramTiming, tCWL_WriteDataAndWriteToRead) {
  s.issue(act(0), 0);
  EXPECT_EQ(s.issue(wr(0), 11), 11 + 6 + 2);  // data ends tCWL + tBURST after WR
  expect_boundary(s, rd(0), 11 + 6 + 2 + 8);  // + tWTR_L (same bank group)
}

TEST_F(DramTiming, tCCD_S_ReadToReadOtherBankGroup) {
  s.issue(act(0), 0);
  s.issue(act(1), 5);
  s.issue(rd(1), 16);
  expect_boundary(s, rd(0), 16 + 3);  // data bus would allow 16 + 2
}

TEST_F(DramTiming, tCCD_S_WriteToWriteOtherBankGroup) {
  s.issue(act(0), 0);
  s.issue(act(1), 5);
  s.issue(wr(1), 16);
  expect_boundary(s, wr(0), 16 + 3);
}

TEST_F(DramTiming, tCCD_L_ReadToReadSameBankGroup) {
  s.issue(act(0, 0), 0);
  s.issue(act(0, 1), 9);
  s.issue(rd(0, 1), 20);
  expect_boundary(s, rd(0, 0), 20 + 7);
}

TEST_F(DramTiming, tCCD_L_WriteToWriteSameBankGroup) {
  s.issue(act(0, 0), 0);
  s.issue(act(0, 1), 9);
  s.issue(wr(0, 1), 20);
  expect_boundary(s, wr(0, 0), 20 + 7);
}

TEST_F(DramTiming, tRRD_S_ActToActOtherBankGroup) {
  s.issue(act(0), 0);
  expect_boundary(s, act(1), 5);
}

TEST_F(DramTiming, tRRD_L_ActToActSameBankGroup) {
  s.issue(act(0, 0), 0);
  expect_boundary(s, act(0, 1), 9);
}

TEST_F(DramTiming, tFAW_FifthActivate) {
  four_activates();
  // tRRD_S alone would allow 20, tRRD_L (bank group 1, last ACT 5) 14.
  expect_boundary(s, act(1, 1), 30);
}

TEST_F(DramTiming, tFAW_IsPerRank) {
  four_activates();
  expect_boundary(s, act(0, 0, 7, 1), 16);  // other rank: only the command bus
}

TEST_F(DramTiming, tWR_WriteToPre) {
  s.issue(act(0), 0);
  s.issue(wr(0), 20);  // data ends 28
  expect_boundary(s, pre(0), 28 + 13);
}

TEST_F(DramTiming, tWTR_S_WriteToReadOtherBankGroup) {
  s.issue(act(0), 0);
  s.issue(act(1), 5);
  s.issue(wr(0), 11);  // data ends 19
  expect_boundary(s, rd(1), 19 + 4);
}

TEST_F(DramTiming, tWTR_L_WriteToReadSameBankGroup) {
  s.issue(act(0, 0), 0);
  s.issue(act(0, 1), 9);
  s.issue(wr(0, 0), 11);  // data ends 19
  expect_boundary(s, rd(0, 1), 19 + 8);
}

TEST_F(DramTiming, tRTP_ReadToPre) {
  s.issue(act(0), 0);
  s.issue(rd(0), 20);
  expect_boundary(s, pre(0), 20 + 6);  // tRAS alone would allow 25
}

TEST_F(DramTiming, AutoPrechargeClosesAfterReadAndTRP) {
  s.issue(act(0), 0);
  DramCommand rda = rd(0);
  rda.auto_precharge = true;
  s.issue(rda, 30);  // precharges itself at max(tRAS 25, 30 + tRTP) = 36
  EXPECT_EQ(s.open_row(0, 0, 0), -1);
  expect_boundary(s, act(0, 0, 9), 36 + 12);  // tRC alone would allow 40
}

TEST_F(DramTiming, tRFC_RefreshToAct) {
  expect_boundary(s, ref(), 0);
  expect_boundary(s, act(0), 100);
}

TEST_F(DramTiming, RefreshNeedsAllBanksPrecharged) {
  s.issue(act(2), 0);
  EXPECT_EQ(s.earliest(ref()), kNever);
  s.issue(pre(2), 35);
  expect_boundary(s, ref(), 35 + 12);  // PRE + tRP (ACT + tRC would allow 40)
}

TEST_F(DramTiming, DataBusAcrossRanks) {
  s.issue(act(0, 0, 7, 0), 0);
  s.issue(act(0, 0, 7, 1), 1);
  s.issue(rd(0, 0, 0), 12);
  expect_boundary(s, rd(0, 0, 1), 12 + 2);  // other rank: only the burst on the bus
}

TEST_F(DramTiming, OneCommandPerCycle) {
  s.issue(act(0, 0, 7, 0), 0);
  expect_boundary(s, act(0, 0, 7, 1), 1);
}

TEST_F(DramTiming, BankStateForbidsCommands) {
  EXPECT_EQ(s.earliest(rd(0)), kNever);  // closed bank
  EXPECT_EQ(s.earliest(pre(0)), kNever);
  s.issue(act(0), 0);
  EXPECT_EQ(s.earliest(act(0, 0, 9)), kNever);  // already open
  EXPECT_THROW(s.issue(act(0, 0, 9), 100), std::logic_error);
}

// tREFI through the scheduler: the owed REF goes exactly at tREFI, an ACT
// that can go before it does, one that would go at tREFI waits for tRFC.
TEST(DramRefresh, tREFI_RefreshIssuesAtInterval) {
  DramChannelScheduler idle(test_dram_config());
  EXPECT_EQ(idle.next_command_time(), 1000);
  DramIssue first = idle.issue_next();
  EXPECT_EQ(first.command.type, DramCommandType::Ref);
  EXPECT_EQ(first.cycle, 1000);
  const DramIssue second = idle.issue_next();  // rank 1, next command slot
  EXPECT_EQ(second.command.rank, 1);
  EXPECT_EQ(second.cycle, 1001);
  EXPECT_EQ(idle.next_command_time(), 2000);
  EXPECT_EQ(idle.counters().refreshes, 2u);
}

TEST(DramRefresh, tREFI_ActJustBeforeRefreshGoes) {
  DramChannelScheduler s(test_dram_config());
  s.enqueue(DramBurst{1, false, DramAddress{0, 0, 0, 0, 3, 0}, 999});
  const DramIssue issue = s.issue_next();
  EXPECT_EQ(issue.command.type, DramCommandType::Act);
  EXPECT_EQ(issue.cycle, 999);
}

TEST(DramRefresh, tREFI_ActAtRefreshTimeWaitsForRefresh) {
  DramChannelScheduler s(test_dram_config());
  s.enqueue(DramBurst{1, false, DramAddress{0, 0, 0, 0, 3, 0}, 1000});
  const DramIssue refresh = s.issue_next();
  EXPECT_EQ(refresh.command.type, DramCommandType::Ref);
  EXPECT_EQ(refresh.cycle, 1000);
  // Rank 1 refreshes too (same interval), one command per cycle.
  const DramIssue refresh1 = s.issue_next();
  EXPECT_EQ(refresh1.command.type, DramCommandType::Ref);
  EXPECT_EQ(refresh1.command.rank, 1);
  const DramIssue activate = s.issue_next();
  EXPECT_EQ(activate.command.type, DramCommandType::Act);
  EXPECT_EQ(activate.cycle, 1000 + 100);
}

TEST(DramRefresh, OpenRowsArePrechargedForRefresh) {
  DramChannelScheduler s(test_dram_config());
  s.enqueue(DramBurst{1, false, DramAddress{0, 0, 0, 0, 3, 0}, 990});
  EXPECT_EQ(s.issue_next().command.type, DramCommandType::Act);  // 990
  // At 1000 both ranks owe a REF; the row hit (legal at 1001) waits for it.
  const DramIssue other_rank = s.issue_next();
  EXPECT_EQ(other_rank.command.type, DramCommandType::Ref);
  EXPECT_EQ(other_rank.command.rank, 1);
  EXPECT_EQ(other_rank.cycle, 1000);
  const DramIssue precharge = s.issue_next();
  EXPECT_EQ(precharge.command.type, DramCommandType::Pre);
  EXPECT_EQ(precharge.cycle, 990 + 25);  // tRAS
  const DramIssue refresh = s.issue_next();
  EXPECT_EQ(refresh.command.type, DramCommandType::Ref);
  EXPECT_EQ(refresh.cycle, 990 + 40);         // ACT + tRC (PRE + tRP = 1027)
  const DramIssue activate = s.issue_next();  // the request's row again, after tRFC
  EXPECT_EQ(activate.command.type, DramCommandType::Act);
  EXPECT_EQ(activate.cycle, 990 + 40 + 100);
}

}  // namespace
}  // namespace sasim::sysc
