#pragma once
// One channel's memory controller as plain C++: a bounded request window
// scheduled FR-FCFS (ready row hits first, then the oldest ready command),
// open- or closed-page policy, and all-bank refresh every tREFI.
//
// Event-driven by construction: next_command_time() jumps straight to the
// next cycle at which some command becomes legal (it never steps through
// idle cycles), and the decision is cached until the state changes.
#include <cstdint>
#include <vector>

#include "sasim/sysc/dram_address_mapping.hpp"
#include "sasim/sysc/dram_timing.hpp"

namespace sasim::sysc {

struct DramBurst {
  std::uint64_t tag = 0;  // the caller's, returned with the column command
  bool write = false;
  DramAddress address;
  Cycle arrival = 0;  // first cycle the scheduler may act on it
};

struct DramIssue {
  DramCommand command;
  Cycle cycle = 0;
  bool column = false;    // RD/WR: the burst left the window
  std::uint64_t tag = 0;  // column commands: the burst's tag
  Cycle data_end = 0;     // column commands: cycle after the last data beat
};

struct DramChannelCounters {
  std::uint64_t read_bursts = 0, write_bursts = 0;
  std::uint64_t row_hits = 0;       // the burst's first command was RD/WR
  std::uint64_t row_misses = 0;     // the bank was closed: ACT first
  std::uint64_t row_conflicts = 0;  // another row was open: PRE first
  std::uint64_t refreshes = 0;
};

class DramChannelScheduler {
 public:
  // Row hits a bank may serve while an older request waits for another of
  // its rows: the cap of FR-FCFS-Cap, as ramulator's FRFCFS_Cap scheduler
  // (src/Scheduler.h, cap = 16). Sequential streams never reach it (their
  // hits are older than the next row's requests).
  static constexpr int kMaxHitStreak = 16;

  explicit DramChannelScheduler(const DramConfig& config);

  bool full() const { return static_cast<int>(window_.size()) >= timing_.config().queue_depth; }
  bool empty() const { return window_.empty(); }
  std::size_t queued() const { return window_.size(); }

  // Adds a burst to the window (the caller checks full()). Bursts are aged
  // in the order they are enqueued.
  void enqueue(const DramBurst& burst);

  // Cycle of the next command FR-FCFS would issue (refreshes included, so
  // it is finite even with an empty window).
  Cycle next_command_time();

  // Issues that command.
  DramIssue issue_next();

  const DramTimingState& timing() const { return timing_; }
  const DramChannelCounters& counters() const { return counters_; }

 private:
  struct Entry {
    DramBurst burst;
    int bank = 0;           // flat index into the timing state's banks
    std::uint64_t age = 0;  // enqueue order: smaller is older
    bool classified = false;
  };
  struct Decision {
    Cycle cycle = kNever;
    DramCommand command;
    int entry = -1;  // window index, -1 for a refresh command
  };

  // Priorities among commands legal at the same cycle: refresh first (it is
  // owed), then row hits (FR), then everything else; oldest first within each.
  enum Priority { kRefresh = 0, kRowHit = 1, kOther = 2, kNothing = 3 };
  struct Best {  // the best command offered so far
    Decision decision;
    int priority = kNothing;
    // Takes the command if it is ready earlier, or as early with a higher priority.
    void offer(const DramCommand& command, Cycle ready, int priority, int entry);
  };

  void decide();
  // Offers the refresh commands of the ranks owing one at `base`; returns
  // when the next of the others falls due (kNever if none).
  Cycle offer_refreshes(Cycle base, Best& best) const;
  // Fills bank_scratch_ (and touched_) with each bank's oldest request and oldest row hit.
  void gather_bank_candidates();
  // Offers each touched bank's one candidate command, and clears the scratch.
  void offer_requests(Cycle base, Best& best);
  bool rank_refreshing(int rank, Cycle cycle) const { return refresh_due_[rank] <= cycle; }
  bool other_hit(int except, int bank, std::int64_t row) const;

  DramTimingState timing_;
  std::vector<Entry> window_;  // in no particular order; Entry::age orders them
  std::uint64_t next_age_ = 0;
  std::vector<Cycle> refresh_due_;  // per rank: a REF is owed from this cycle on
  struct BankCandidates {           // scratch for decide(): window indices, -1 for none
    int oldest = -1;
    int oldest_hit = -1;
    // Their ages, kept here rather than looked up in the window: the scan
    // over the window is most of a stream's simulation time.
    std::uint64_t oldest_age = ~std::uint64_t{0};
    std::uint64_t oldest_hit_age = ~std::uint64_t{0};
  };
  std::vector<BankCandidates> bank_scratch_;  // per bank
  std::vector<int> touched_;                  // banks with an entry in the window
  std::vector<int> hit_streak_;               // per bank: column commands since its last ACT
  Cycle clock_ = 0;                           // no command before this cycle (one per cycle)
  Decision decision_;
  bool decided_ = false;
  DramChannelCounters counters_;
};

}  // namespace sasim::sysc
