#include "sasim/sysc/dram_timing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "sasim/support/enum_table.hpp"

namespace sasim::sysc {

namespace {
constexpr EnumTable<DramCommandType, 5> kDramCommandTypes{{{DramCommandType::Act, "ACT"},
                                                           {DramCommandType::Pre, "PRE"},
                                                           {DramCommandType::Rd, "RD"},
                                                           {DramCommandType::Wr, "WR"},
                                                           {DramCommandType::Ref, "REF"}}};
}  // namespace

const char* to_string(DramCommandType type) {
  return enum_name(kDramCommandTypes, type);
}

DramTimingState::DramTimingState(const DramConfig& config)
    : config_(config),
      banks_(static_cast<std::size_t>(config.ranks * config.banks_per_rank())),
      groups_(static_cast<std::size_t>(config.ranks * config.bank_groups)),
      ranks_(static_cast<std::size_t>(config.ranks)) {}

Cycle DramTimingState::earliest(const DramCommand& c) const {
  const Bank& bank = banks_[index(c.rank, c.bank_group, c.bank)];
  const BankGroup& group = groups_[c.rank * config_.bank_groups + c.bank_group];
  const Rank& rank = ranks_[c.rank];
  switch (c.type) {
    case DramCommandType::Act:
      if (bank.open_row >= 0) return kNever;
      return std::max({bank.next_act, group.next_act, rank.next_act, rank.last_acts[rank.oldest_act] + config_.t.tFAW,
                       next_command_});
    case DramCommandType::Pre:
      if (bank.open_row < 0) return kNever;
      return std::max(bank.next_pre, next_command_);
    case DramCommandType::Rd:
      if (bank.open_row < 0) return kNever;
      return std::max({bank.next_rd, group.next_rd, rank.next_rd, next_rd_bus_, next_command_});
    case DramCommandType::Wr:
      if (bank.open_row < 0) return kNever;
      return std::max({bank.next_wr, group.next_wr, rank.next_wr, next_wr_bus_, next_command_});
    case DramCommandType::Ref:
      if (rank.open_banks > 0) return kNever;
      return std::max(rank.next_ref, next_command_);
  }
  return kNever;
}

void DramTimingState::close_bank(Bank& bank, Rank& rank, Cycle precharge_at) {
  bank.open_row = -1;
  bank.next_act = std::max(bank.next_act, precharge_at + config_.t.tRP);
  rank.next_ref = std::max(rank.next_ref, precharge_at + config_.t.tRP);
  --rank.open_banks;
}

Cycle DramTimingState::issue(const DramCommand& c, Cycle cycle) {
  const Cycle legal = earliest(c);
  if (legal == kNever || cycle < legal) {
    throw std::logic_error(fmt::format("DRAM {} to rank {} group {} bank {} at cycle {}: earliest legal is {}",
                                       to_string(c.type), c.rank, c.bank_group, c.bank, cycle,
                                       legal == kNever ? std::string("never (bank state)") : std::to_string(legal)));
  }
  const DramTimings& t = config_.t;
  Bank& bank = banks_[index(c.rank, c.bank_group, c.bank)];
  BankGroup& group = groups_[c.rank * config_.bank_groups + c.bank_group];
  Rank& rank = ranks_[c.rank];
  next_command_ = cycle + 1;
  const int burst = config_.burst_cycles;
  switch (c.type) {
    case DramCommandType::Act:
      bank.open_row = c.row;
      ++rank.open_banks;
      bank.next_rd = std::max(bank.next_rd, cycle + t.tRCD);
      bank.next_wr = std::max(bank.next_wr, cycle + t.tRCD);
      bank.next_pre = std::max(bank.next_pre, cycle + t.tRAS);
      bank.next_act = std::max(bank.next_act, cycle + t.tRC);
      group.next_act = std::max(group.next_act, cycle + t.tRRD_L);
      rank.next_act = std::max(rank.next_act, cycle + t.tRRD_S);
      rank.next_ref = std::max(rank.next_ref, cycle + t.tRC);
      rank.last_acts[rank.oldest_act] = cycle;
      rank.oldest_act = (rank.oldest_act + 1) % 4;
      return cycle;
    case DramCommandType::Pre: close_bank(bank, rank, cycle); return cycle;
    case DramCommandType::Rd: {
      rank.next_rd = std::max(rank.next_rd, cycle + t.tCCD_S);
      group.next_rd = std::max(group.next_rd, cycle + t.tCCD_L);
      rank.next_wr = std::max(rank.next_wr, cycle + config_.read_to_write());
      bank.next_pre = std::max(bank.next_pre, cycle + t.tRTP);
      const Cycle data_end = cycle + t.tCL + burst;
      next_rd_bus_ = std::max(next_rd_bus_, data_end - t.tCL);
      next_wr_bus_ = std::max(next_wr_bus_, data_end - t.tCWL);
      bus_busy_cycles_ += burst;
      if (c.auto_precharge) close_bank(bank, rank, bank.next_pre);
      return data_end;
    }
    case DramCommandType::Wr: {
      rank.next_wr = std::max(rank.next_wr, cycle + t.tCCD_S);
      group.next_wr = std::max(group.next_wr, cycle + t.tCCD_L);
      const Cycle data_end = cycle + t.tCWL + burst;
      rank.next_rd = std::max(rank.next_rd, data_end + t.tWTR_S);
      group.next_rd = std::max(group.next_rd, data_end + t.tWTR_L);
      bank.next_pre = std::max(bank.next_pre, data_end + t.tWR);
      next_rd_bus_ = std::max(next_rd_bus_, data_end - t.tCL);
      next_wr_bus_ = std::max(next_wr_bus_, data_end - t.tCWL);
      bus_busy_cycles_ += burst;
      if (c.auto_precharge) close_bank(bank, rank, bank.next_pre);
      return data_end;
    }
    case DramCommandType::Ref:
      rank.next_act = std::max(rank.next_act, cycle + t.tRFC);
      rank.next_ref = std::max(rank.next_ref, cycle + t.tRFC);
      return cycle;
  }
  return cycle;
}

}  // namespace sasim::sysc
