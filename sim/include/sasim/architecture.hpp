#pragma once
// An accelerator architecture as `sasim run` takes it: a built-in preset or an
// INI file (Boost.Program_options config-file syntax), then `--set
// section.key=value` overrides. Every settable key lives in one table
// (architecture_keys()), so a new section is a few new rows.
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/array_config.hpp"

namespace sasim {

// [sram]: on-chip buffers. Separate input/weight/output buffers as in
// SCALE-Sim and Gemmini, or one unified buffer as in TPU v1 (unified_kib > 0,
// then ifmap_kib and filter_kib are unused). Accumulators are their own SRAM.
struct SramConfig {
  std::int64_t ifmap_kib = 256;       // input-activation buffer, KiB
  std::int64_t filter_kib = 256;      // weight buffer, KiB
  std::int64_t ofmap_kib = 128;       // output buffer, KiB
  std::int64_t unified_kib = 0;       // 0: separate buffers; > 0: one buffer for inputs+weights+outputs
  std::int64_t accumulator_kib = 64;  // accumulator SRAM beside the array, KiB
  int banks = 8;                      // banks per buffer
  int bank_width_bytes = 16;          // bytes per bank per cycle (array clock)
  int ports = 1;                      // read/write ports per bank
  bool double_buffer = true;          // prefetch the next tile while the array computes
};

// [dram]: off-chip memory; timings come from the preset's table (configs/dram/).
struct DramSection {
  std::string preset = "ddr4-3200";   // ddr3-1600, ddr4-3200, lpddr5-6400, hbm2
  int channels = 1;
  std::string page_policy = "open";   // open | closed
  std::string address_mapping = "";   // "" = the preset's default mapping
};

// [interconnect]: the link between DMA and DRAM controller.
struct InterconnectConfig {
  int width_bytes = 64;   // bytes per array-clock cycle per direction
  int latency_cycles = 4; // array-clock cycles from request to arrival at the target
};

// [tech]: process node for area and energy scaling.
struct TechConfig {
  int node_nm = 28;
};

struct Architecture {
  std::string name;   // preset name, or the INI file's stem
  ArrayConfig array;  // the matrix unit
  double freq_mhz = 700.0;  // key array.freq_mhz
  SramConfig sram;
  DramSection dram;
  InterconnectConfig interconnect;
  TechConfig tech;
};

// One settable key. set() parses and range-checks value, throwing UserError
// as "<where> = '<value>': expected ..."; where is "FILE: section.key" or
// "--set section.key", so the message names the source of the bad value.
struct ArchitectureKey {
  const char* name;  // "section.key"
  void (*set)(Architecture& arch, const std::string& value, const std::string& where);
  const char* description;  // what it means, its unit and range
};
const std::vector<ArchitectureKey>& architecture_keys();

// Names of the built-in presets ("default", ...).
std::vector<std::string> architecture_preset_names();

// A built-in preset; throws UserError naming the known presets otherwise.
Architecture architecture_preset(const std::string& name);

// Sets the keys the INI file at path gives; the others keep their values.
void apply_architecture_file(Architecture& arch, const std::string& path);

// Applies one "section.key=value" (the --set argument).
void apply_architecture_override(Architecture& arch, const std::string& assignment);

// `--arch preset_or_file` then every override in order, then validation of
// the whole architecture. An argument that names a preset is the preset;
// anything else is an INI file path.
Architecture load_architecture(const std::string& preset_or_file, const std::vector<std::string>& overrides);

}  // namespace sasim
