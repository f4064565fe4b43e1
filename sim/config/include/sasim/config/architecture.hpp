#pragma once
// An accelerator architecture as `sasim run` takes it: a built-in preset or an
// INI file (Boost.Program_options config-file syntax), then `--set
// section.key=value` overrides. Every settable key lives in one table
// (architecture_keys()), so a new section is a few new rows.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "sasim/config/array_config.hpp"

namespace sasim {

// [sram]: on-chip buffers, all capacities in KiB (docs/config.md).
// Separate buffers (unified_kib = 0): ifmap_kib, filter_kib and ofmap_kib are
// all > 0, as in SCALE-Sim. One unified buffer (unified_kib > 0, as TPU v1's
// Unified Buffer or Gemmini's scratchpad): ifmap_kib = ofmap_kib = 0 and the
// unified buffer holds input and output activations, and the weights too
// when filter_kib = 0 (Gemmini), else the weights have their own filter
// buffer (TPU v1's Weight FIFO). The accumulator SRAM beside the array holds
// partial sums (0: none, partial sums go back to the output buffer).
// banks, bank_width_bytes and ports apply to every buffer.
struct SramConfig {
  std::int64_t ifmap_kib = 256;       // input-activation buffer
  std::int64_t filter_kib = 256;      // weight buffer
  std::int64_t ofmap_kib = 128;       // output buffer
  std::int64_t unified_kib = 0;       // 0: separate buffers; > 0: one buffer for activations (+ weights)
  std::int64_t accumulator_kib = 64;  // accumulator SRAM beside the array
  int banks = 8;              // banks per buffer; each buffer's capacity is a multiple of banks * bank_width_bytes
  int bank_width_bytes = 16;  // bytes per bank per cycle (array clock)
  int ports = 1;              // 1: one read or write per bank per cycle; 2: a read and a write
  bool double_buffer = true;  // prefetch the next tile while the array computes
};

// [dram]: off-chip memory; timings come from the preset's table (configs/dram/).
struct DramSection {
  std::string preset = "ddr4-3200";  // one of dram_preset_names()
  int channels = 1;
  std::string page_policy = "open";  // open | closed
  std::string address_mapping = "";  // "" = the preset's default mapping; otherwise checked by the DRAM model
  double bandwidth_limit_gbps = 0;   // > 0: the memory system delivers at most this (GB/s); 0: the preset's peak
};

// [interconnect]: the link between DMA and DRAM controller.
struct InterconnectConfig {
  int width_bytes = 64;    // bytes per array-clock cycle per direction
  int latency_cycles = 4;  // array-clock cycles from request to arrival at the target
  double length_mm = 2.0;  // wire length from the DRAM PHY to the buffers, for area and energy
};

// [tech]: process node for area and energy scaling (Stillmaker & Baas 2017).
struct TechConfig {
  int node_nm = 28;  // 7..90: the span of the published SRAM bitcell table (area_model.cpp)
};

struct Architecture {
  std::string name;         // preset name, or the INI file's stem
  ArrayConfig array;        // the matrix unit
  double freq_mhz = 700.0;  // key array.freq_mhz
  SramConfig sram;
  DramSection dram;
  InterconnectConfig interconnect;
  TechConfig tech;
};

// One settable key. set() parses and range-checks value, throwing UserError
// as "<where> = '<value>': expected ..."; where is "FILE: section.key" or
// "--set section.key", so the message names the source of the bad value.
// get() reads the key's value back, typed, for summary.json (every key in
// the table appears there by itself).
using KeyValue = std::variant<std::int64_t, double, bool, std::string>;
struct ArchitectureKey {
  const char* name;  // "section.key"
  void (*set)(Architecture& arch, const std::string& value, const std::string& where);
  const char* description;  // what it means, its unit and range
  KeyValue (*get)(const Architecture& arch);
};
const std::vector<ArchitectureKey>& architecture_keys();

// DRAM presets the [dram] section may name. sasim_config cannot see the
// SystemC DRAM models (sysc/ depends on sasim_config, not the reverse), so the
// list lives here; a test in sysc/ checks it equals sysc::dram_preset_names().
const std::vector<std::string>& dram_preset_names();

// Cross-key rules, checked once every key is known (acc_width >= 2*in_width,
// unified vs separate buffers, banks dividing capacities, ...). Throws
// UserError "<key> = <value> ...: expected ..." naming the keys involved.
void validate_architecture(const Architecture& arch);

// Names of the built-in presets ("default", ...), from configs/arch/*.ini.
std::vector<std::string> architecture_preset_names();

// A built-in preset; throws UserError naming the known presets otherwise.
Architecture architecture_preset(const std::string& name);

// Sets the keys the INI file at path gives; the others keep their values.
// Unknown sections and keys are errors naming the file and the line.
void apply_architecture_file(Architecture& arch, const std::string& path);

// The same for INI text (source names it in errors, e.g. "preset tpu_v1").
void apply_architecture_text(Architecture& arch, const std::string& text, const std::string& source);

// True if text is a SCALE-Sim configuration (it has [architecture_presets]).
bool is_scalesim_cfg(const std::string& text);

// Sets the keys a SCALE-Sim .cfg gives (scalesim_cfg.cpp; mapping in
// docs/config.md, "SCALE-Sim .cfg files"); arch.name becomes its run_name.
void apply_scalesim_cfg(Architecture& arch, const std::string& text, const std::string& path);

// Applies one "section.key=value" (the --set argument).
void apply_architecture_override(Architecture& arch, const std::string& assignment);

// `--arch preset_or_file` then every override in order, then validation of
// the whole architecture. An argument that names a preset is the preset;
// anything else is a file: a SCALE-Sim .cfg if it has [architecture_presets],
// else a sasim INI file. Keys a file leaves out keep the default preset's values.
Architecture load_architecture(const std::string& preset_or_file, const std::vector<std::string>& overrides);

}  // namespace sasim
