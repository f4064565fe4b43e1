#include "sasim/sysc/dram_scheduler.hpp"

#include <algorithm>

namespace sasim::sysc {

DramChannelScheduler::DramChannelScheduler(const DramConfig& config)
    : timing_(config),
      refresh_due_(static_cast<std::size_t>(config.ranks), Cycle{config.t.tREFI}),
      bank_scratch_(static_cast<std::size_t>(config.ranks * config.banks_per_rank())),
      hit_streak_(static_cast<std::size_t>(config.ranks * config.banks_per_rank()), 0) {
  window_.reserve(static_cast<std::size_t>(config.queue_depth));
}

void DramChannelScheduler::enqueue(const DramBurst& burst) {
  const DramAddress& a = burst.address;
  window_.push_back(Entry{burst, timing_.index(a.rank, a.bank_group, a.bank), next_age_++, false});
  decided_ = false;
}

bool DramChannelScheduler::other_hit(int except, int bank, std::int64_t row) const {
  for (int i = 0; i < static_cast<int>(window_.size()); ++i) {
    if (i != except && window_[i].bank == bank && window_[i].burst.address.row == row) return true;
  }
  return false;
}

Cycle DramChannelScheduler::next_command_time() {
  if (!decided_) decide();
  return decision_.cycle;
}

void DramChannelScheduler::Best::offer(const DramCommand& command, Cycle ready, int priority, int entry) {
  if (ready < decision.cycle || (ready == decision.cycle && priority < this->priority)) {
    decision = Decision{ready, command, entry};
    this->priority = priority;
  }
}

void DramChannelScheduler::decide() {
  Cycle base = clock_;
  while (true) {
    Best best;
    const Cycle next_due = offer_refreshes(base, best);
    gather_bank_candidates();
    offer_requests(base, best);
    // A refresh that falls due before the best command changes what is allowed.
    if (next_due <= best.decision.cycle) {
      base = std::max(base, next_due);
      continue;
    }
    decision_ = best.decision;
    decided_ = true;
    return;
  }
}

Cycle DramChannelScheduler::offer_refreshes(Cycle base, Best& best) const {
  const DramConfig& config = timing_.config();
  // Refresh: close every open bank of an owing rank, then REF.
  Cycle next_due = kNever;
  for (int r = 0; r < config.ranks; ++r) {
    if (!rank_refreshing(r, base)) {
      next_due = std::min(next_due, refresh_due_[r]);
      continue;
    }
    DramCommand command;
    command.rank = r;
    if (timing_.open_banks(r) == 0) {
      command.type = DramCommandType::Ref;
      best.offer(command, std::max(timing_.earliest(command), base), kRefresh, -1);
      continue;
    }
    command.type = DramCommandType::Pre;
    for (int g = 0; g < config.bank_groups; ++g) {
      for (int b = 0; b < config.banks_per_group; ++b) {
        if (timing_.open_row(r, g, b) < 0) continue;
        command.bank_group = g;
        command.bank = b;
        best.offer(command, std::max(timing_.earliest(command), base), kRefresh, -1);
      }
    }
  }
  return next_due;
}

// Within one bank every candidate of a kind is ready at the same cycle (the
// bank's constraints) or later (arrival, which grows with age), so only the
// oldest row hit of each bank, else its oldest request, can win: one
// earliest() per bank touched, not per request.
void DramChannelScheduler::gather_bank_candidates() {
  for (int i = 0; i < static_cast<int>(window_.size()); ++i) {
    const Entry& e = window_[i];
    BankCandidates& bank = bank_scratch_[e.bank];
    if (bank.oldest < 0) touched_.push_back(e.bank);
    if (e.age < bank.oldest_age) {
      bank.oldest = i;
      bank.oldest_age = e.age;
    }
    if (e.age < bank.oldest_hit_age && timing_.open_row(e.bank) == e.burst.address.row) {
      bank.oldest_hit = i;
      bank.oldest_hit_age = e.age;
    }
  }
}

void DramChannelScheduler::offer_requests(Cycle base, Best& best) {
  for (const int b : touched_) {
    BankCandidates& bank = bank_scratch_[b];
    // Row hits go first, but not forever: after kMaxHitStreak hits while
    // an older request waits for another row, that request's PRE is the
    // bank's only candidate (FR-FCFS with a cap, against starvation).
    const bool starving = bank.oldest_hit >= 0 && bank.oldest != bank.oldest_hit && hit_streak_[b] >= kMaxHitStreak;
    const int i = bank.oldest_hit >= 0 && !starving ? bank.oldest_hit : bank.oldest;
    bank = BankCandidates{};
    const Entry& e = window_[i];
    const DramAddress& a = e.burst.address;
    if (rank_refreshing(a.rank, base)) continue;
    // A row hit's column command, else ACT (bank closed) or PRE (another
    // row open and no queued request hits it).
    DramCommand command{DramCommandType::Act, a.rank, a.bank_group, a.bank, a.row, false};
    int priority = kOther;
    const std::int64_t open = timing_.open_row(e.bank);
    if (open == a.row) {
      command.type = e.burst.write ? DramCommandType::Wr : DramCommandType::Rd;
      priority = kRowHit;
    } else if (open >= 0) {
      command.type = DramCommandType::Pre;
    }
    const Cycle ready = std::max({timing_.earliest(command), base, e.burst.arrival});
    // Oldest first among equals: compare ages when cycle and priority tie.
    const Decision& d = best.decision;
    if (ready == d.cycle && priority == best.priority && d.entry >= 0 && e.age < window_[d.entry].age) {
      best.decision = Decision{ready, command, i};
    } else {
      best.offer(command, ready, priority, i);
    }
  }
  touched_.clear();
}

DramIssue DramChannelScheduler::issue_next() {
  if (!decided_) decide();
  DramIssue issue;
  issue.command = decision_.command;
  issue.cycle = decision_.cycle;
  const DramConfig& config = timing_.config();
  if (decision_.entry >= 0) {
    Entry& e = window_[decision_.entry];
    const DramCommandType type = issue.command.type;
    issue.column = type == DramCommandType::Rd || type == DramCommandType::Wr;
    if (!e.classified) {
      e.classified = true;
      ++(issue.column                   ? counters_.row_hits
         : type == DramCommandType::Act ? counters_.row_misses
                                        : counters_.row_conflicts);
    }
    if (issue.column) {
      issue.command.auto_precharge =
          config.page_policy == PagePolicy::Closed && !other_hit(decision_.entry, e.bank, e.burst.address.row);
      issue.tag = e.burst.tag;
      ++(e.burst.write ? counters_.write_bursts : counters_.read_bursts);
    }
  }
  issue.data_end = timing_.issue(issue.command, issue.cycle);
  const DramCommand& c = issue.command;
  if (c.type == DramCommandType::Act) hit_streak_[timing_.index(c.rank, c.bank_group, c.bank)] = 0;
  if (issue.column) ++hit_streak_[window_[decision_.entry].bank];
  if (issue.column) {  // order in the window does not matter (ages do): O(1) removal
    window_[decision_.entry] = window_.back();
    window_.pop_back();
  }
  if (issue.command.type == DramCommandType::Ref) {
    refresh_due_[issue.command.rank] += config.t.tREFI;
    ++counters_.refreshes;
  }
  clock_ = issue.cycle + 1;
  decided_ = false;
  return issue;
}

}  // namespace sasim::sysc
