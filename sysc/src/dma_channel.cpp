#include "sasim/sysc/dma_channel.hpp"

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <algorithm>
#include <stdexcept>

namespace sasim::sysc {

DmaChannel::DmaChannel(sc_core::sc_module_name name, const CycleClock& clock, Interconnect& interconnect, int initiator,
                       Direction direction, SramBuffer& buffer, int outstanding, int burst_bytes)
    : sc_module(name),
      clock_(clock),
      interconnect_(interconnect),
      initiator_(initiator),
      direction_(direction),
      buffer_(buffer),
      burst_bytes_(burst_bytes) {
  if (outstanding < 1 || burst_bytes < 1) throw std::logic_error("DmaChannel: bad outstanding or burst size");
  for (int i = 0; i < outstanding; ++i) {
    sc_core::sc_spawn_options options;
    sc_core::sc_spawn([this] { worker(); }, sc_core::sc_gen_unique_name("worker"), &options);
  }
}

void DmaChannel::submit(TransferRecord& record) {
  const Transfer2D& t = record.transfer;
  if (t.rows < 1 || t.row_bytes < 1 || t.stride < t.row_bytes) throw std::logic_error("DmaChannel: bad transfer");
  record.start = clock_.now();
  record.done = -1;
  record.bursts_left = t.rows * ((t.row_bytes + burst_bytes_ - 1) / burst_bytes_);
  queue_.push_back(&record);
  work_.notify();
}

bool DmaChannel::next_burst(Burst& burst) {
  if (queue_.empty()) return false;
  TransferRecord* record = queue_.front();
  const Transfer2D& t = record->transfer;
  const std::int64_t bytes = std::min<std::int64_t>(burst_bytes_, t.row_bytes - offset_);
  burst = {record, t.address + std::uint64_t(row_ * t.stride + offset_), std::uint32_t(bytes), sequence_++};
  offset_ += bytes;
  if (offset_ == t.row_bytes) {
    offset_ = 0;
    if (++row_ == t.rows) {
      row_ = 0;
      queue_.pop_front();
    }
  }
  return true;
}

void DmaChannel::worker() {
  for (;;) {
    Burst burst;
    while (!next_burst(burst)) sc_core::wait(work_);
    TransferRecord& record = *burst.record;
    BurstRecord result;
    std::int64_t done = 0;
    if (direction_ == Direction::Read) {
      interconnect_.read(initiator_, burst.sequence, burst.address, burst.bytes, result);
      // The SRAM is written when the data arrives; decide at Phase::Sram of
      // that cycle, when what the array streams up to the cycle before is known.
      clock_.wait_until(result.arrival, Phase::Sram);
      done = buffer_.dma_access(result.arrival, burst.bytes, &record.sram_conflict);
    } else {
      // The accumulator is read as wide as the array (at least as fast as the
      // link drains it), so the read hides under the link transfer.
      buffer_.count_dma(burst.bytes);
      interconnect_.write(initiator_, burst.sequence, burst.address, burst.bytes, result);
      done = result.arrival;
    }
    record.contention += result.contention;
    clock_.wait_until(done, Phase::Edge);
    if (--record.bursts_left == 0) {
      record.done = done;
      record.finished.notify();
    }
  }
}

}  // namespace sasim::sysc
