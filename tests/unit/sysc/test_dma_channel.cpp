// DmaChannel on its own (dma_channel.hpp) over an Interconnect and a memory
// stub that answers after T = 10 cycles; link latency L = 1, width 64
// bytes; the SRAM has 8 banks of 16 bytes (8 words per cycle). With those:
//   a read burst of b bytes whose command is granted in cycle s arrives at
//   s + 2L + 1 + T + ceil(b / 64) = s + 13 + ceil(b / 64) (test_interconnect)
//   and is usable ceil(ceil(b / 16) / 8) cycles later (test_sram_buffer);
//   a worker asks for its next burst at the edge of the cycle its last one
//   is done.
#include "sysc_test_support.hpp"

#include <stdexcept>

#include "sasim/sysc/dma_channel.hpp"

namespace sasim::sysc {
namespace {

using testing::FixedLatencyMemory;
using testing::SystemCTest;
using Direction = DmaChannel::Direction;

class DmaChannelTest : public SystemCTest {
 protected:
  void SetUp() override {
    SystemCTest::SetUp();
    memory = std::make_unique<FixedLatencyMemory>("memory", *clock, 10);
    InterconnectConfig link;
    link.width_bytes = 64;
    link.latency_cycles = 1;
    ic = std::make_unique<Interconnect>("ic", *clock, link, std::vector<std::string>{"dma0", "dma1"});
    ic->memory.bind(memory->socket);
  }
  std::unique_ptr<DmaChannel> channel(const char* name, int initiator, Direction direction, SramBuffer& buffer,
                                      int outstanding, int burst_bytes) {
    return std::make_unique<DmaChannel>(name, *clock, *ic, initiator, direction, buffer, outstanding, burst_bytes);
  }
  // Submits the records at the edge of cycle at_cycle, in order.
  void submit(DmaChannel& dma, std::vector<TransferRecord*> records, std::int64_t at_cycle = 0) {
    const CycleClock* c = clock.get();
    spawn([c, &dma, records, at_cycle] {
      c->wait_until(at_cycle, Phase::Edge);
      for (TransferRecord* r : records) dma.submit(*r);
    });
  }
  static SramBuffer sram(const char* name = "sram") { return SramBuffer(name, 64 * 1024, 8, 16, 1); }

  std::unique_ptr<FixedLatencyMemory> memory;
  std::unique_ptr<Interconnect> ic;
};

TEST_F(DmaChannelTest, BurstsAreAtMostTheBurstSizeAndNeverCrossARow) {
  SramBuffer buffer = sram();
  auto dma = channel("dma", 0, Direction::Read, buffer, 1, 256);
  TransferRecord t;
  t.transfer = {0x1000, 3, 600, 1000};  // 3 rows of 600 bytes, 1000 apart
  submit(*dma, {&t});
  sc_core::sc_start();
  // Each row: 256 + 256 + 88 from its own start; rows at 0x1000, 0x13e8, 0x17d0.
  const std::vector<std::pair<std::uint64_t, std::uint32_t>> expected = {{0x1000, 256}, {0x1100, 256}, {0x1200, 88},
                                                                         {0x13e8, 256}, {0x14e8, 256}, {0x15e8, 88},
                                                                         {0x17d0, 256}, {0x18d0, 256}, {0x19d0, 88}};
  ASSERT_EQ(memory->accesses.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(memory->accesses[i].command, tlm::TLM_READ_COMMAND) << i;
    EXPECT_EQ(memory->accesses[i].address, expected[i].first) << i;
    EXPECT_EQ(memory->accesses[i].bytes, expected[i].second) << i;
  }
  // One burst in flight: a 256-byte burst takes 13 + 4 cycles to arrive and
  // 2 in the SRAM (16 words) = 19; an 88-byte one 13 + 2 + 1 (6 words) = 16.
  // Three rows of 19 + 19 + 16 = 162.
  EXPECT_EQ(t.start, 0);
  EXPECT_EQ(t.done, 162);
  EXPECT_EQ(t.bursts_left, 0);
  EXPECT_EQ(t.contention, 0);
  EXPECT_EQ(t.sram_conflict, 0);
  EXPECT_EQ(buffer.stats().dma_words, 3 * (16 + 16 + 6));
  EXPECT_EQ(memory->max_in_flight, 1);
}

TEST_F(DmaChannelTest, TwoOutstandingBurstsHalveThePipeline) {
  // Bursts 0, 1: commands in cycles 0, 1, arrive 14, 15, done 15, 16.
  // Bursts 2, 3 are asked at 15 and 16, when a worker is free again:
  // commands 15, 16, arrive 29, 30, done 30, 31.
  SramBuffer buffer = sram();
  auto dma = channel("dma", 0, Direction::Read, buffer, 2, 64);
  TransferRecord t;
  t.transfer = {0, 1, 256, 256};
  submit(*dma, {&t});
  sc_core::sc_start();
  EXPECT_EQ(t.done, 31);
  EXPECT_EQ(memory->max_in_flight, 2);
  ASSERT_EQ(memory->accesses.size(), 4u);
  EXPECT_EQ(memory->accesses[2].entered, clock->time_of(16, Phase::DramRead));
  EXPECT_EQ(memory->accesses[3].entered, clock->time_of(17, Phase::DramRead));
}

TEST_F(DmaChannelTest, EnoughOutstandingBurstsPipelineOnePerCycle) {
  // Four workers: one command per cycle, 0..3; arrivals 14..17; done
  // 15..18. Sixteen workers (a second channel, from cycle 100, when the
  // first is long done) change nothing: there are only four bursts.
  SramBuffer buffer4 = sram("sram4"), buffer16 = sram("sram16");
  auto dma4 = channel("dma4", 0, Direction::Read, buffer4, 4, 64);
  auto dma16 = channel("dma16", 1, Direction::Read, buffer16, 16, 64);
  TransferRecord t4, t16;
  t4.transfer = {0, 1, 256, 256};
  t16.transfer = {4096, 1, 256, 256};
  submit(*dma4, {&t4}, 0);
  submit(*dma16, {&t16}, 100);
  sc_core::sc_start();
  EXPECT_EQ(t4.done, 18);
  EXPECT_EQ(t16.done, 118);
  EXPECT_EQ(memory->max_in_flight, 4);
  ASSERT_EQ(memory->accesses.size(), 8u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(memory->accesses[i].address, 64 * i);
    EXPECT_EQ(memory->accesses[i].entered, clock->time_of(1 + std::int64_t(i), Phase::DramRead));
    EXPECT_EQ(memory->accesses[4 + i].address, 4096 + 64 * i);
  }
}

TEST_F(DmaChannelTest, TransfersRunInSubmissionOrder) {
  SramBuffer buffer = sram();
  auto dma = channel("dma", 0, Direction::Read, buffer, 1, 256);
  TransferRecord first, second;
  first.transfer = {0, 1, 64, 64};
  second.transfer = {4096, 1, 64, 64};
  submit(*dma, {&first, &second});
  sc_core::sc_start();
  ASSERT_EQ(memory->accesses.size(), 2u);
  EXPECT_EQ(memory->accesses[0].address, 0u);
  EXPECT_EQ(memory->accesses[1].address, 4096u);
  // 64 bytes: 13 + 1 + 1 = 15 cycles each, one after the other.
  EXPECT_EQ(first.start, 0);
  EXPECT_EQ(second.start, 0);
  EXPECT_EQ(first.done, 15);
  EXPECT_EQ(second.done, 30);
}

TEST_F(DmaChannelTest, AWriteIsDoneWhenItsLastBurstIsInTheMemory) {
  SramBuffer accumulator = sram("accumulator");
  auto dma = channel("dma", 0, Direction::Write, accumulator, 16, 64);
  TransferRecord t;
  t.transfer = {8192, 1, 192, 192};  // three 64-byte bursts
  submit(*dma, {&t}, 3);
  sc_core::sc_start();
  // Burst i on the write link in cycle 3 + i, 1 cycle of flight, in the
  // memory from (5 + i, DramWrite) for 10 cycles: done from 16 + i.
  ASSERT_EQ(memory->accesses.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(memory->accesses[i].command, tlm::TLM_WRITE_COMMAND);
    EXPECT_EQ(memory->accesses[i].address, 8192 + 64 * i);
    EXPECT_EQ(memory->accesses[i].entered, clock->time_of(5 + std::int64_t(i), Phase::DramWrite));
  }
  EXPECT_EQ(t.start, 3);
  EXPECT_EQ(t.done, 18);
  // The SRAM read is counted (4 words a burst) but hides under the link.
  EXPECT_EQ(accumulator.stats().dma_words, 12);
  EXPECT_EQ(t.sram_conflict, 0);
  EXPECT_EQ(ic->stats().bytes_written, 192);
}

TEST_F(DmaChannelTest, SramBankConflictsAreChargedToTheTransfer) {
  SramBuffer buffer = sram();
  buffer.array_stream(14, 5, 8);  // the array holds all 8 slots in cycles 14..18
  auto dma = channel("dma", 0, Direction::Read, buffer, 16, 256);
  TransferRecord t;
  t.transfer = {0, 1, 64, 64};
  submit(*dma, {&t});
  sc_core::sc_start();
  // Arrives at 14 as in the other tests, but the 4 words wait for cycle 19:
  // usable from 20 instead of 15, 5 conflict cycles.
  EXPECT_EQ(t.done, 20);
  EXPECT_EQ(t.sram_conflict, 5);
  EXPECT_EQ(buffer.stats().conflict_cycles, 5);
}

TEST_F(DmaChannelTest, ContentionWithAnotherChannelIsChargedToTheTransfer) {
  SramBuffer a = sram("a"), b = sram("b");
  auto first = channel("dma0", 0, Direction::Read, a, 16, 256);
  auto second = channel("dma1", 1, Direction::Read, b, 16, 256);
  TransferRecord ta, tb;
  ta.transfer = {0, 1, 64, 64};
  tb.transfer = {4096, 1, 64, 64};
  submit(*second, {&tb});
  submit(*first, {&ta});
  sc_core::sc_start();
  // Initiator 0 has the first command; initiator 1 waits one cycle for it
  // (its data follows a's on the read link without a gap).
  EXPECT_EQ(ta.done, 15);
  EXPECT_EQ(ta.contention, 0);
  EXPECT_EQ(tb.done, 16);
  EXPECT_EQ(tb.contention, 1);
}

TEST_F(DmaChannelTest, BadTransfersAndLimitsAreRefused) {
  SramBuffer buffer = sram();
  EXPECT_THROW(channel("zero_outstanding", 0, Direction::Read, buffer, 0, 256), std::logic_error);
  EXPECT_THROW(channel("zero_burst", 0, Direction::Read, buffer, 16, 0), std::logic_error);
  auto dma = channel("dma", 0, Direction::Read, buffer, 16, 256);
  int refused = 0;
  TransferRecord overlapping, no_rows, empty_rows;
  overlapping.transfer = {0, 2, 100, 99};  // stride < row_bytes: rows would overlap
  no_rows.transfer = {0, 0, 64, 64};
  empty_rows.transfer = {0, 2, 0, 64};
  spawn([&] {
    for (TransferRecord* r : {&overlapping, &no_rows, &empty_rows}) {
      try {
        dma->submit(*r);
      } catch (const std::logic_error&) {
        ++refused;
      }
    }
  });
  sc_core::sc_start();
  EXPECT_EQ(refused, 3);
  EXPECT_TRUE(memory->accesses.empty());
}

}  // namespace
}  // namespace sasim::sysc
