// SramBuffer on its own (sram_buffer.hpp): banks x ports word slots per
// cycle; the array's streams take their words first; a DMA access gets the
// slots left, is serialized behind the DMA's previous access, and every
// cycle it takes beyond ceil(words / slots) is a bank conflict.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sasim/sysc/sram_buffer.hpp"

namespace sasim::sysc {
namespace {

// 8 banks of 16 bytes, one port: 8 word slots per cycle.
SramBuffer eight_slots() {
  return SramBuffer("ifmap", 64 * 1024, 8, 16, 1);
}

TEST(SramBuffer, GeometryAndWordRounding) {
  const SramBuffer sram("filter", 4096, 4, 8, 2);
  EXPECT_EQ(sram.name(), "filter");
  EXPECT_EQ(sram.capacity_bytes(), 4096);
  EXPECT_EQ(sram.slots_per_cycle(), 8);  // 4 banks x 2 ports
  EXPECT_EQ(sram.bank_width_bytes(), 8);
  EXPECT_EQ(sram.words(1), 1);  // a partial word costs a whole access
  EXPECT_EQ(sram.words(8), 1);
  EXPECT_EQ(sram.words(9), 2);
  EXPECT_EQ(sram.words(0), 0);
}

TEST(SramBuffer, BadGeometryIsRefused) {
  EXPECT_THROW(SramBuffer("x", 1024, 0, 16, 1), std::logic_error);
  EXPECT_THROW(SramBuffer("x", 1024, 8, 0, 1), std::logic_error);
  EXPECT_THROW(SramBuffer("x", 1024, 8, 16, 0), std::logic_error);
}

TEST(SramBuffer, AnIdleBufferTakesCeilWordsOverSlotsCycles) {
  SramBuffer sram = eight_slots();
  std::int64_t conflict = 0;
  // 256 bytes = 16 words over 8 slots: cycles 10 and 11, usable from 12.
  EXPECT_EQ(sram.dma_access(10, 256, &conflict), 12);
  // 17 bytes = 2 words: one cycle, but serialized behind the first access
  // (the DMA side is free from 12), so it runs in cycle 12 and ends at 13.
  EXPECT_EQ(sram.dma_access(10, 17, &conflict), 13);
  EXPECT_EQ(conflict, 0);  // waiting behind the DMA's own access is no bank conflict
  EXPECT_EQ(sram.stats().dma_words, 18);
  EXPECT_EQ(sram.stats().conflict_cycles, 0);
  // A later start is not pulled earlier: 8 words in cycle 20 -> 21.
  EXPECT_EQ(sram.dma_access(20, 128, nullptr), 21);
}

TEST(SramBuffer, TheArrayHasPriorityAndTheExtraCyclesAreConflicts) {
  SramBuffer sram = eight_slots();
  // The array reads 6 words in each of cycles 10..13 (4 beats).
  sram.array_stream(10, 4, 6);
  EXPECT_EQ(sram.stats().array_words, 24);
  std::int64_t conflict = 100;  // the access adds to what is there
  // 16 words from cycle 10: 2 free slots in each of cycles 10..13 = 8 words,
  // then all 8 slots in cycle 14 for the other 8: usable from 15. Ideal:
  // ceil(16 / 8) = 2 cycles, taken 5: 3 conflict cycles.
  EXPECT_EQ(sram.dma_access(10, 256, &conflict), 15);
  EXPECT_EQ(conflict, 103);
  EXPECT_EQ(sram.stats().conflict_cycles, 3);
  EXPECT_EQ(sram.stats().dma_words, 16);
}

TEST(SramBuffer, ADmaAccessWaitsWhileTheArrayHoldsEverySlot) {
  SramBuffer sram = eight_slots();
  sram.array_stream(5, 5, 8);  // cycles 5..9: all 8 slots
  std::int64_t conflict = 0;
  // 8 words (one cycle's worth) from cycle 5: nothing until 10, done in 10,
  // usable from 11: 6 cycles instead of 1, 5 of them conflicts.
  EXPECT_EQ(sram.dma_access(5, 128, &conflict), 11);
  EXPECT_EQ(conflict, 5);
}

TEST(SramBuffer, StreamsThatStartLaterAndOverlapAddUp) {
  SramBuffer sram = eight_slots();
  sram.array_stream(12, 2, 3);  // cycles 12..13: 3 words
  sram.array_stream(13, 3, 3);  // cycles 13..15: 3 more
  std::int64_t conflict = 0;
  // 40 words from cycle 10: cycles 10, 11 give 8 + 8; cycle 12 gives 5
  // (3 taken); cycle 13 gives 2 (6 taken); cycles 14, 15 give 5 + 5 = 33
  // words by the end of cycle 15; cycle 16 gives the last 7 of its 8:
  // usable from 17. Ideal ceil(40 / 8) = 5 cycles, taken 7: 2 conflicts.
  EXPECT_EQ(sram.dma_access(10, 40 * 16, &conflict), 17);
  EXPECT_EQ(conflict, 2);
}

TEST(SramBuffer, TwoPortsDoubleTheSlotsOfEachBank) {
  // 4 banks x 2 ports = 8 slots: the same schedule as 8 banks x 1 port.
  SramBuffer sram("ifmap", 64 * 1024, 4, 16, 2);
  sram.array_stream(10, 4, 6);
  std::int64_t conflict = 0;
  EXPECT_EQ(sram.dma_access(10, 256, &conflict), 15);
  EXPECT_EQ(conflict, 3);
}

TEST(SramBuffer, StreamsThatEndedBeforeTheAccessDoNotCount) {
  SramBuffer sram = eight_slots();
  sram.array_stream(0, 5, 8);  // cycles 0..4
  std::int64_t conflict = 0;
  EXPECT_EQ(sram.dma_access(5, 256, &conflict), 7);  // 16 words in cycles 5, 6
  EXPECT_EQ(conflict, 0);
}

TEST(SramBuffer, ArrayDemandAboveTheSlotsIsRefused) {
  SramBuffer sram = eight_slots();
  EXPECT_THROW(sram.array_stream(0, 4, 9), std::logic_error);
  EXPECT_NO_THROW(sram.array_stream(0, 4, 8));
}

TEST(SramBuffer, CountedAccessesAddWordsOnly) {
  SramBuffer sram = eight_slots();
  sram.array_stream(0, 100, 8);  // the array holds every slot
  sram.count_dma(100);           // ceil(100 / 16) = 7 words, no timing
  EXPECT_EQ(sram.stats().dma_words, 7);
  EXPECT_EQ(sram.stats().conflict_cycles, 0);
  // And it does not occupy the DMA side: an access at 100 starts at 100.
  EXPECT_EQ(sram.dma_access(100, 16, nullptr), 101);
}

}  // namespace
}  // namespace sasim::sysc
