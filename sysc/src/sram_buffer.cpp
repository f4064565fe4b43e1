#include "sasim/sysc/sram_buffer.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace sasim::sysc {

SramBuffer::SramBuffer(std::string name, std::int64_t capacity_bytes, int banks, int bank_width_bytes, int ports)
    : name_(std::move(name)), capacity_(capacity_bytes), banks_(banks), width_(bank_width_bytes), ports_(ports) {
  if (banks < 1 || bank_width_bytes < 1 || ports < 1) throw std::logic_error("SramBuffer: bad geometry");
}

void SramBuffer::array_stream(std::int64_t first, std::int64_t beats, std::int64_t words_per_cycle) {
  if (words_per_cycle > slots_per_cycle()) throw std::logic_error("SramBuffer: array demand exceeds the banks");
  streams_.push_back({first, first + beats - 1, words_per_cycle});
  stats_.array_words += beats * words_per_cycle;
}

std::int64_t SramBuffer::dma_access(std::int64_t at, std::int64_t bytes, std::int64_t* conflict) {
  const std::int64_t start = std::max(at, dma_free_);
  // Streams that ended before this access can no longer matter (accesses
  // come in cycle order).
  streams_.erase(std::remove_if(streams_.begin(), streams_.end(), [&](const Stream& s) { return s.last < start; }),
                 streams_.end());
  const std::int64_t total = slots_per_cycle();
  const std::int64_t words_needed = words(bytes);
  std::int64_t remaining = words_needed, cycle = start;
  while (remaining > 0) {
    // Free slots in `cycle` and the next cycle where that number changes.
    std::int64_t used = 0, change = std::numeric_limits<std::int64_t>::max();
    for (const Stream& s : streams_) {
      if (s.first <= cycle && cycle <= s.last) {
        used += s.words;
        change = std::min(change, s.last + 1);
      } else if (s.first > cycle) {
        change = std::min(change, s.first);
      }
    }
    const std::int64_t free = std::max<std::int64_t>(0, total - used);
    if (free == 0) {
      cycle = change;  // every slot is the array's: wait for a stream to end
      continue;
    }
    const std::int64_t needed = (remaining + free - 1) / free;
    const std::int64_t run = std::min(needed, change - cycle);
    remaining -= run * free;
    cycle += run;
  }
  const std::int64_t ideal = (words_needed + total - 1) / total;
  const std::int64_t extra = (cycle - start) - ideal;
  stats_.dma_words += words_needed;
  stats_.conflict_cycles += extra;
  if (conflict) *conflict += extra;
  dma_free_ = cycle;
  return cycle;
}

}  // namespace sasim::sysc
