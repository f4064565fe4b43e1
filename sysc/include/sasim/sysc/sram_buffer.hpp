#pragma once
// One on-chip SRAM buffer: `banks` banks of `bank_width` bytes per access,
// each with `ports` accesses per cycle; consecutive words interleave over the
// banks. The array reads its operands every cycle it streams (it has
// priority: the matrix unit cannot wait mid-fold); DMA writes get the word
// slots the array leaves free. A DMA access that finds fewer free slots than
// the banks have takes longer; the extra cycles are bank conflicts.
//
// What the array reads is known one cycle late (docs/platform.md, "Phases"):
// an access decided in cycle c sees the array streams that started in
// c - 1 or before, and assumes each lasts its beat count from its start.
#include <cstdint>
#include <string>
#include <vector>

namespace sasim::sysc {

struct SramStats {
  std::int64_t array_words = 0;      // words the array read
  std::int64_t dma_words = 0;        // words the DMA wrote or read
  std::int64_t conflict_cycles = 0;  // extra cycles of DMA accesses because the array held banks
};

class SramBuffer {
 public:
  SramBuffer(std::string name, std::int64_t capacity_bytes, int banks, int bank_width_bytes, int ports);

  const std::string& name() const { return name_; }
  std::int64_t capacity_bytes() const { return capacity_; }
  int slots_per_cycle() const { return banks_ * ports_; }  // word accesses per cycle
  int bank_width_bytes() const { return width_; }
  std::int64_t words(std::int64_t bytes) const { return (bytes + width_ - 1) / width_; }

  // The array reads words_per_cycle words in each cycle first..first+beats-1.
  void array_stream(std::int64_t first, std::int64_t beats, std::int64_t words_per_cycle);

  // A DMA access of `bytes` that may start in cycle `at`: returns the cycle
  // after its last word (the data is usable from then on) and adds the
  // conflict cycles to *conflict. Accesses are serialized on the DMA side.
  std::int64_t dma_access(std::int64_t at, std::int64_t bytes, std::int64_t* conflict);

  // A DMA access whose timing hides under another resource: counted only.
  void count_dma(std::int64_t bytes) { stats_.dma_words += words(bytes); }

  const SramStats& stats() const { return stats_; }

 private:
  struct Stream {
    std::int64_t first, last, words;
  };
  std::string name_;
  std::int64_t capacity_;
  int banks_, width_, ports_;
  std::int64_t dma_free_ = 0;  // first cycle the DMA side is free
  std::vector<Stream> streams_;
  SramStats stats_;
};

}  // namespace sasim::sysc
