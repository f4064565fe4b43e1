#pragma once
// The input stream of the raw reference loops (raw_main.cpp drives the
// Verilated ports with it, bench_matrix_unit's ABI loop the C ABI): a west
// beat offered every cycle, the north channel offered every cycle too (WS/IS:
// the next stationary tile is preloaded as soon as a bank is free; OS: the
// joined beat), last flags every west_beats / north_beats accepted beats, and
// operand values cycling through a fixed pool of random beats.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sasim_raw {

class Stimulus {
 public:
  // Values are signed in_width-bit numbers, sign-extended to 32 bits.
  Stimulus(int rows, int cols, int in_width, int west_beats, int north_beats)
      : lanes_(rows + cols),
        rows_(rows),
        west_beats_(west_beats),
        north_beats_(north_beats),
        pool_(std::size_t(kPool) * std::size_t(rows + cols)) {
    std::uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (std::int32_t& v : pool_) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      v = static_cast<std::int32_t>(static_cast<std::uint32_t>(seed >> 32) << (32 - in_width)) >> (32 - in_width);
    }
  }
  const std::int32_t* west() const { return pool_.data() + std::size_t(slot_) * lanes_; }
  const std::int32_t* north() const { return west() + rows_; }
  bool west_last() const { return west_beat_ == west_beats_ - 1; }
  bool north_last() const { return north_beat_ == north_beats_ - 1; }
  // After a cycle: which channels accepted their beat.
  void advance(bool west_fire, bool north_fire) {
    if (west_fire) west_beat_ = west_last() ? 0 : west_beat_ + 1;
    if (north_fire) north_beat_ = north_last() ? 0 : north_beat_ + 1;
    if (west_fire || north_fire) slot_ = slot_ == kPool - 1 ? 0 : slot_ + 1;
  }

 private:
  static constexpr int kPool = 1024;
  int lanes_, rows_, west_beats_, north_beats_;
  int west_beat_ = 0, north_beat_ = 0, slot_ = 0;
  std::vector<std::int32_t> pool_;
};

}  // namespace sasim_raw
