#pragma once
// All channels of a DRAM behind one front end, as plain C++ (no SystemC):
// transfers of any length are split into bursts through the address
// mapping and handed, in arrival order, to the channel schedulers' bounded
// windows (a full window holds back the bursts behind it). Commands of all
// channels issue in global time order, so the state can be advanced to any
// cycle, or to the next cycle at which a transfer completes.
//
// The object is a value: the SystemC wrapper copies it to look ahead for
// the next completion and keeps the copy if nothing arrived meanwhile.
#include <cstdint>
#include <deque>
#include <vector>

#include "sasim/sysc/dram_address_mapping.hpp"
#include "sasim/sysc/dram_scheduler.hpp"

namespace sasim::sysc {

struct DramStats {
  std::uint64_t bytes_read = 0, bytes_written = 0;  // of completed transfers
  std::uint64_t read_bursts = 0, write_bursts = 0;
  std::uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
  std::uint64_t refreshes = 0;            // REF commands, all ranks and channels
  std::int64_t data_bus_busy_cycles = 0;  // summed over channels, nCK
  std::int64_t data_bus_busy_ps = 0;      // the same in picoseconds
};

struct DramCompletion {
  std::uint64_t id = 0;
  Cycle cycle = 0;  // cycle after the transfer's last data beat
};

class DramController {
 public:
  explicit DramController(const DramConfig& config);

  // A transfer of bytes (> 0) from address, first visible at cycle arrival
  // (>= now()). Returns its id (0, 1, 2, ... in submission order).
  std::uint64_t submit(std::uint64_t address, std::uint64_t bytes, bool write, Cycle arrival);

  // Issues every command before cycle.
  void run_until(Cycle cycle);

  // Issues commands until the earliest cycle T <= limit at which a
  // transfer completes (limit if none does), every command before T and
  // none at or after it. Returns T.
  Cycle run_to_next_completion(Cycle limit);

  // Transfers completed at or before cycle, by completion cycle then id.
  std::vector<DramCompletion> take_completions(Cycle cycle);

  // No transfer in flight and no completion left to take.
  bool idle() const { return in_flight_ == 0 && completions_.empty(); }
  Cycle now() const { return now_; }
  DramStats stats() const;
  const DramConfig& config() const { return config_; }
  const DramAddressMapping& mapping() const { return mapping_; }

  // Tests: keep every issued command of every channel.
  void record_commands(bool on) { record_ = on; }
  const std::vector<DramIssue>& command_log() const { return log_; }

 private:
  struct Transfer {
    std::uint64_t id = 0;
    bool write = false;
    std::uint64_t bytes = 0;
    std::uint64_t next_burst = 0, end_burst = 0;  // bursts not yet handed to a channel
    std::uint64_t remaining = 0;                  // bursts whose column command has not issued
    Cycle arrival = 0;
    Cycle last_data_end = 0;
  };

  int earliest_channel(Cycle* cycle);
  void step(int channel);
  void dispatch(Cycle cycle);

  DramConfig config_;
  DramAddressMapping mapping_;
  std::vector<DramChannelScheduler> channels_;
  std::deque<Transfer> transfers_;  // ids transfers_.front().id, +1, ...; done ones leave from the front
  std::size_t dispatch_index_ = 0;  // first transfer with bursts not yet handed out
  // The last burst decoded: a burst held back by a full window is retried
  // after every command, and decoding it again cost a fifth of a stream's time.
  std::uint64_t decoded_burst_ = ~std::uint64_t{0};
  DramAddress decoded_;
  std::uint64_t next_id_ = 0;
  std::uint64_t in_flight_ = 0;
  std::vector<DramCompletion> completions_;
  Cycle now_ = 0;
  std::uint64_t bytes_read_ = 0, bytes_written_ = 0;
  bool record_ = false;
  std::vector<DramIssue> log_;
};

}  // namespace sasim::sysc
