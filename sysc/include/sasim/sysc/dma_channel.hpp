#pragma once
// A DMA channel: executes strided 2-D transfers (rows x row_bytes, rows
// `stride` bytes apart in DRAM) between DRAM and one SRAM buffer, in
// submission order, cut into bursts of at most burst_bytes that never cross
// a row. Up to `outstanding` bursts are in flight at once (one thread each);
// a read burst's data is written into the SRAM when it arrives, a write
// burst's data is read from the SRAM before it is sent.
#include <cstdint>
#include <deque>
#include <string>

#include <systemc>

#include "sasim/mapping/transfer.hpp"
#include "sasim/sysc/cycle_clock.hpp"
#include "sasim/sysc/interconnect.hpp"
#include "sasim/sysc/sram_buffer.hpp"

namespace sasim::sysc {

// One submitted transfer; filled in by the channel.
struct TransferRecord {
  Transfer2D transfer;
  std::int64_t want = 0;           // cycle the controller reached it in its program
  std::int64_t start = 0;          // cycle it was submitted (its SRAM region was free)
  std::int64_t done = -1;          // cycle its last byte is in place (read: in SRAM; write: in DRAM)
  std::int64_t contention = 0;     // interconnect cycles its bursts waited for other initiators
  std::int64_t sram_conflict = 0;  // SRAM bank-conflict cycles of its bursts
  sc_core::sc_event finished;
  std::int64_t bursts_left = 0;
};

class DmaChannel : public sc_core::sc_module {
 public:
  enum class Direction { Read, Write };  // Read: DRAM -> SRAM; Write: SRAM -> DRAM
  DmaChannel(sc_core::sc_module_name name, const CycleClock& clock, Interconnect& interconnect, int initiator,
             Direction direction, SramBuffer& buffer, int outstanding, int burst_bytes);

  // Queues the transfer (record must live until record.done >= 0); record.start = now.
  void submit(TransferRecord& record);
  SramBuffer& buffer() { return buffer_; }

 private:
  struct Burst {
    TransferRecord* record;
    std::uint64_t address;
    std::uint32_t bytes;
    std::uint64_t sequence;
  };
  bool next_burst(Burst& burst);
  void worker();

  const CycleClock& clock_;
  Interconnect& interconnect_;
  int initiator_;
  Direction direction_;
  SramBuffer& buffer_;
  int burst_bytes_;
  std::deque<TransferRecord*> queue_;
  std::int64_t row_ = 0, offset_ = 0;  // cursor in queue_.front()
  std::uint64_t sequence_ = 0;
  sc_core::sc_event work_;
};

}  // namespace sasim::sysc
