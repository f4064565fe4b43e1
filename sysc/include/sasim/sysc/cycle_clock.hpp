#pragma once
// Array-clock cycles and SystemC time. Every platform model counts in cycles
// of the array clock (Architecture::freq_mhz); the DRAM runs in real time
// (its own clock), so the two meet through this class.
//
// Determinism: SystemC does not define the order of processes that run at
// the same simulated time, so no decision may depend on it. Each kind of
// action has its own fixed phase inside a cycle (docs/platform.md,
// "Phases"), and shared resources decide from cycle numbers, never from
// the order in which callers arrived within one instant.
#include <cstdint>
#include <systemc>

namespace sasim::sysc {

// Offsets inside a cycle, in eighths of the period.
enum class Phase : int {
  Edge = 0,       // array callbacks are delivered, the RTL is clocked
  Arbitrate = 4,  // link arbiters grant
  DramRead = 5,   // read requests enter the memory
  DramWrite = 6,  // write requests enter the memory
  Sram = 7,       // DMA writes into SRAM start
};

class CycleClock {
 public:
  // Throws UserError unless 0 < freq_mhz <= kMaxFreqMhz.
  explicit CycleClock(double freq_mhz);

  // Below 10 ps per cycle the eight phases no longer fit the 1 ps resolution.
  static constexpr double kMaxFreqMhz = 100000.0;

  double freq_mhz() const { return freq_mhz_; }
  sc_core::sc_time time_of(std::int64_t cycle, Phase phase = Phase::Edge) const;
  // The first cycle that starts at or after t: an action at time t counts
  // from that cycle on.
  std::int64_t cycle_at(const sc_core::sc_time& t) const;
  std::int64_t now() const { return cycle_at(sc_core::sc_time_stamp()); }
  // From an SC_THREAD: wait until time_of(cycle, phase) (no wait if past).
  void wait_until(std::int64_t cycle, Phase phase) const;

 private:
  // Exact integer arithmetic: cycle c starts at floor(c * 10^12 / hz_) ps.
  std::uint64_t edge_ps(std::int64_t cycle) const;
  double freq_mhz_;
  std::int64_t hz_;
  std::uint64_t phase_ps_[8];
};

}  // namespace sasim::sysc
