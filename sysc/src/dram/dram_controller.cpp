#include "sasim/sysc/dram_controller.hpp"

#include <algorithm>
#include <stdexcept>

namespace sasim::sysc {

DramController::DramController(const DramConfig& config)
    : config_(config),
      mapping_(config, config.address_mapping, "address_mapping"),
      channels_(static_cast<std::size_t>(config.channels), DramChannelScheduler(config)) {}

std::uint64_t DramController::submit(std::uint64_t address, std::uint64_t bytes, bool write, Cycle arrival) {
  if (bytes == 0 || arrival < now_) throw std::logic_error("DramController::submit: empty or past transfer");
  const auto burst = static_cast<std::uint64_t>(config_.burst_bytes());
  Transfer t;
  t.id = next_id_++;
  t.write = write;
  t.bytes = bytes;
  t.next_burst = address / burst;
  t.end_burst = t.next_burst + (address % burst + bytes - 1) / burst + 1;  // no overflow near 2^64
  t.remaining = t.end_burst - t.next_burst;
  t.arrival = arrival;
  transfers_.push_back(t);
  ++in_flight_;
  dispatch(arrival);
  return t.id;
}

void DramController::dispatch(Cycle cycle) {
  const auto burst = static_cast<std::uint64_t>(config_.burst_bytes());
  while (dispatch_index_ < transfers_.size()) {
    Transfer& t = transfers_[dispatch_index_];
    while (t.next_burst < t.end_burst) {
      if (t.next_burst != decoded_burst_) {
        decoded_ = mapping_.decode(t.next_burst * burst);
        decoded_burst_ = t.next_burst;
      }
      const DramAddress& address = decoded_;
      DramChannelScheduler& channel = channels_[static_cast<std::size_t>(address.channel)];
      if (channel.full()) return;  // in-order front end: the bursts behind wait too
      channel.enqueue(DramBurst{t.id, t.write, address, std::max(cycle, t.arrival)});
      ++t.next_burst;
    }
    ++dispatch_index_;
  }
}

int DramController::earliest_channel(Cycle* cycle) {
  int best = 0;
  *cycle = kNever;
  for (int c = 0; c < static_cast<int>(channels_.size()); ++c) {
    const Cycle t = channels_[static_cast<std::size_t>(c)].next_command_time();
    if (t < *cycle) {
      *cycle = t;
      best = c;
    }
  }
  return best;
}

void DramController::step(int channel) {
  const DramIssue issue = channels_[static_cast<std::size_t>(channel)].issue_next();
  if (record_) log_.push_back(issue);
  if (!issue.column) return;
  Transfer& t = transfers_[static_cast<std::size_t>(issue.tag - transfers_.front().id)];
  t.last_data_end = std::max(t.last_data_end, issue.data_end);
  if (--t.remaining == 0) {
    completions_.push_back(DramCompletion{t.id, t.last_data_end});
    (t.write ? bytes_written_ : bytes_read_) += t.bytes;
    --in_flight_;
    while (!transfers_.empty() && transfers_.front().remaining == 0) {
      transfers_.pop_front();
      --dispatch_index_;
    }
  }
  dispatch(issue.cycle);
}

void DramController::run_until(Cycle cycle) {
  Cycle t = 0;
  for (int c = earliest_channel(&t); t < cycle; c = earliest_channel(&t)) step(c);
  now_ = std::max(now_, cycle);
}

Cycle DramController::run_to_next_completion(Cycle limit) {
  Cycle target = limit;
  for (const DramCompletion& done : completions_) target = std::min(target, done.cycle);
  Cycle t = 0;
  for (int c = earliest_channel(&t); t < target; c = earliest_channel(&t)) {
    const std::size_t before = completions_.size();
    step(c);
    if (completions_.size() > before) target = std::min(target, completions_.back().cycle);
  }
  now_ = std::max(now_, target);
  return target;
}

std::vector<DramCompletion> DramController::take_completions(Cycle cycle) {
  std::vector<DramCompletion> done;
  auto keep = completions_.begin();
  for (auto it = completions_.begin(); it != completions_.end(); ++it) {
    if (it->cycle <= cycle) {
      done.push_back(*it);
    } else {
      *keep++ = *it;
    }
  }
  completions_.erase(keep, completions_.end());
  std::sort(done.begin(), done.end(), [](const DramCompletion& a, const DramCompletion& b) {
    return a.cycle != b.cycle ? a.cycle < b.cycle : a.id < b.id;
  });
  return done;
}

DramStats DramController::stats() const {
  DramStats s;
  s.bytes_read = bytes_read_;
  s.bytes_written = bytes_written_;
  for (const DramChannelScheduler& channel : channels_) {
    const DramChannelCounters& c = channel.counters();
    s.read_bursts += c.read_bursts;
    s.write_bursts += c.write_bursts;
    s.row_hits += c.row_hits;
    s.row_misses += c.row_misses;
    s.row_conflicts += c.row_conflicts;
    s.refreshes += c.refreshes;
    s.data_bus_busy_cycles += channel.timing().data_bus_busy_cycles();
  }
  s.data_bus_busy_ps = s.data_bus_busy_cycles * config_.tck_ps;
  return s;
}

}  // namespace sasim::sysc
