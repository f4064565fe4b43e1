#pragma once
// The JEDEC timing rules of one DRAM channel as plain C++: which cycle each
// command may issue at, given every command issued before it. No SystemC,
// no scheduling policy: the scheduler asks earliest() and calls issue().
//
// Every constraint is a "next allowed cycle" per bank, bank group, rank or
// channel, raised by each issued command, so earliest() is a handful of
// max()es, never a scan of history (the tFAW window keeps the last four ACTs).
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "sasim/sysc/dram_config.hpp"

namespace sasim::sysc {

using Cycle = std::int64_t;
inline constexpr Cycle kNever = std::numeric_limits<Cycle>::max() / 4;

enum class DramCommandType : std::uint8_t { Act, Pre, Rd, Wr, Ref };
const char* to_string(DramCommandType type);

struct DramCommand {
  DramCommandType type = DramCommandType::Act;
  int rank = 0;
  int bank_group = 0;
  int bank = 0;                 // within its bank group
  std::int64_t row = 0;         // ACT only
  bool auto_precharge = false;  // RD/WR only: RDA/WRA, the bank closes by itself
};

class DramTimingState {
 public:
  explicit DramTimingState(const DramConfig& config);

  // Earliest cycle at which the command is legal, or kNever when the bank
  // state forbids it (ACT to an open bank; PRE, RD or WR to a closed one;
  // REF while a bank of the rank is open).
  Cycle earliest(const DramCommand& command) const;

  // Records the command at cycle. Throws std::logic_error if it is not
  // legal then (a scheduler bug, not a user error). RD/WR return the cycle
  // after the last data beat; other commands return cycle.
  Cycle issue(const DramCommand& command, Cycle cycle);

  std::int64_t open_row(int rank, int bank_group, int bank) const {
    return banks_[index(rank, bank_group, bank)].open_row;
  }
  std::int64_t open_row(int flat_bank) const { return banks_[static_cast<std::size_t>(flat_bank)].open_row; }
  int open_banks(int rank) const { return ranks_[rank].open_banks; }
  Cycle data_bus_busy_cycles() const { return bus_busy_cycles_; }
  const DramConfig& config() const { return config_; }
  int index(int rank, int bank_group, int bank) const {
    return (rank * config_.bank_groups + bank_group) * config_.banks_per_group + bank;
  }

 private:
  struct Bank {
    std::int64_t open_row = -1;
    Cycle next_act = 0, next_pre = 0, next_rd = 0, next_wr = 0;
  };
  struct BankGroup {
    Cycle next_act = 0, next_rd = 0, next_wr = 0;
  };
  struct Rank {
    Cycle next_act = 0, next_rd = 0, next_wr = 0, next_ref = 0;
    std::array<Cycle, 4> last_acts{-kNever, -kNever, -kNever, -kNever};  // ring, for tFAW
    int oldest_act = 0;
    int open_banks = 0;
  };

  void close_bank(Bank& bank, Rank& rank, Cycle precharge_at);

  DramConfig config_;
  std::vector<Bank> banks_;
  std::vector<BankGroup> groups_;
  std::vector<Rank> ranks_;
  Cycle next_command_ = 0;  // one command per cycle on the command bus
  Cycle next_rd_bus_ = 0;   // data bus: earliest RD whose data does not overlap the last burst
  Cycle next_wr_bus_ = 0;
  Cycle bus_busy_cycles_ = 0;
};

}  // namespace sasim::sysc
