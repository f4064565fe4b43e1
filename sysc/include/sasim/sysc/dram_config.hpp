#pragma once
// DRAM device and controller parameters. The timings are data: one INI table
// per standard in configs/dram/ (embedded into the binary at build time),
// each value with its source cited beside it. docs/dram.md describes the
// file format and the address-mapping syntax.
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/config/architecture.hpp"

namespace sasim::sysc {

enum class PagePolicy { Open, Closed };

// JEDEC timing set, all in command-clock cycles (nCK). Standards without
// bank groups (DDR3) give the same value for each _S/_L pair.
struct DramTimings {
  int tCL = 0;     // RD command to first data beat
  int tCWL = 0;    // WR command to first data beat
  int tRCD = 0;    // ACT to RD/WR, same bank
  int tRP = 0;     // PRE to ACT, same bank
  int tRAS = 0;    // ACT to PRE, same bank
  int tRC = 0;     // ACT to ACT, same bank
  int tCCD_S = 0;  // RD to RD / WR to WR, different bank group
  int tCCD_L = 0;  // RD to RD / WR to WR, same bank group
  int tRRD_S = 0;  // ACT to ACT, different bank group, same rank
  int tRRD_L = 0;  // ACT to ACT, same bank group
  int tFAW = 0;    // window in which a rank accepts at most four ACTs
  int tWR = 0;     // end of write data to PRE, same bank
  int tWTR_S = 0;  // end of write data to RD, different bank group
  int tWTR_L = 0;  // end of write data to RD, same bank group
  int tRTP = 0;    // RD to PRE, same bank
  int tRFC = 0;    // REF (all-bank) to ACT
  int tREFI = 0;   // average interval between REF commands
};

struct DramConfig {
  std::string preset;     // "ddr4-3200"
  std::string source;     // "ddr4-3200.ini", for error messages
  int tck_ps = 0;         // command clock period, ps
  int data_rate_mts = 0;  // transfers per second per data pin, millions
  int channel_width_bits = 0;
  int burst_length = 0;  // data beats per column command
  int burst_cycles = 0;  // tBURST: nCK a burst occupies the data bus (derived)
  int channels = 1;
  int ranks = 1;
  int bank_groups = 1;
  int banks_per_group = 1;
  std::int64_t rows = 0;
  int columns = 0;  // column addresses per row, each channel_width_bits wide
  DramTimings t;
  PagePolicy page_policy = PagePolicy::Open;
  std::string address_mapping;  // see DramAddressMapping
  int queue_depth = 32;         // per-channel FR-FCFS window

  int burst_bytes() const { return channel_width_bits / 8 * burst_length; }
  int bursts_per_row() const { return columns / burst_length; }
  int banks_per_rank() const { return bank_groups * banks_per_group; }
  // RD to WR on one rank: the read data must leave the bus, plus two cycles
  // of turnaround (JESD79-4B "read to write": RL + BL/2 - WL + 2 nCK).
  int read_to_write() const { return t.tCL + burst_cycles + 2 - t.tCWL; }
  // Bytes per second all channels move when their data buses never idle.
  double peak_bytes_per_second() const;
};

// Names of the built-in presets, in configs/dram/ order: ddr3-1600, ...
std::vector<std::string> dram_preset_names();

// The built-in preset's table, checked. Throws UserError naming the known
// presets for an unknown name.
DramConfig dram_preset(const std::string& name);

// Parses one preset table (the text of configs/dram/<name>.ini). file_name
// labels error messages: "ddr4-3200.ini:31: tRC = 70: must be ...". Throws
// UserError for unknown, missing, duplicated, malformed or contradicting
// values, one line naming the file, line and key.
DramConfig parse_dram_preset(const std::string& text, const std::string& file_name);

// The architecture's [dram] section applied to its preset: channels, page
// policy and address mapping ("" keeps the preset's). Errors name the key:
// "dram.preset = 'xyz': expected one of ddr3-1600, ...".
DramConfig dram_config(const sasim::DramSection& section);

// One line for reports: preset, channels, page policy, peak bandwidth.
std::string describe_dram(const DramConfig& config);

}  // namespace sasim::sysc
