#include "sasim/config/architecture.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "sasim/config/architecture_ini.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/text.hpp"

namespace sasim {
namespace {

constexpr std::int64_t kMaxKib = std::int64_t(1) << 24;  // 16 GiB: far above any on-chip SRAM

// The whole value must be a decimal integer in lo..hi.
std::int64_t parse_int(const std::string& value, const std::string& where, std::int64_t lo, std::int64_t hi,
                       const char* what) {
  const std::optional<std::int64_t> parsed = parse_int_in_range(value, lo, hi);
  if (!parsed) {
    throw UserError(fmt::format("{} = {}: expected an integer in {}..{} ({})", where, quoted(value), lo, hi, what));
  }
  return *parsed;
}

double parse_positive(const std::string& value, const std::string& where, double hi, const char* what) {
  double parsed = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
  if (ec != std::errc() || ptr != end || value.empty() || !std::isfinite(parsed) || parsed <= 0 || parsed > hi) {
    throw UserError(fmt::format("{} = {}: expected a number > 0 and <= {} ({})", where, quoted(value), hi, what));
  }
  return parsed;
}

bool parse_bool(const std::string& value, const std::string& where) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  throw UserError(fmt::format("{} = {}: expected true or false", where, quoted(value)));
}

std::string join(const std::vector<std::string>& items) {
  std::string list;
  for (const std::string& item : items) list += (list.empty() ? "" : ", ") + item;
  return list;
}

KeyValue integer(std::int64_t value) {
  return value;
}

// The setters and getters are captureless lambdas, so the key table stays one plain array.
const std::vector<ArchitectureKey> kKeys = {
    // [array]
    {"array.rows",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.array.rows = int(parse_int(v, w, 1, kMaxArrayDim, "PE rows"));
     },
     "matrix-unit rows (PEs), 1..256", [](const Architecture& a) -> KeyValue { return integer(a.array.rows); }},
    {"array.cols",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.array.cols = int(parse_int(v, w, 1, kMaxArrayDim, "PE columns"));
     },
     "matrix-unit columns (PEs), 1..256", [](const Architecture& a) -> KeyValue { return integer(a.array.cols); }},
    {"array.dataflow",
     [](Architecture& a, const std::string& v, const std::string& w) {
       try {
         a.array.dataflow = parse_dataflow(v);
       } catch (const UserError&) {
         throw UserError(fmt::format("{} = {}: expected ws, os or is", w, quoted(v)));
       }
     },
     "ws, os or is: what stays in the PEs",
     [](const Architecture& a) -> KeyValue { return std::string(to_string(a.array.dataflow)); }},
    {"array.in_width",
     [](Architecture& a, const std::string& v, const std::string& w) {
       if (v != "8" && v != "16")
         throw UserError(fmt::format("{} = {}: expected 8 or 16 (signed operand bits)", w, quoted(v)));
       a.array.in_width = v == "8" ? 8 : 16;
     },
     "signed operand bits: 8 or 16", [](const Architecture& a) -> KeyValue { return integer(a.array.in_width); }},
    // Range per key here; "at least 2*in_width" is validate_architecture()'s job.
    {"array.acc_width",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.array.acc_width = int(parse_int(v, w, 16, 64, "accumulator bits"));
     },
     "accumulator bits (wrap-around), 2*in_width..64",
     [](const Architecture& a) -> KeyValue { return integer(a.array.acc_width); }},
    {"array.freq_mhz",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.freq_mhz = parse_positive(v, w, 100000, "clock in MHz");
     },
     "clock of the array in MHz, > 0", [](const Architecture& a) -> KeyValue { return a.freq_mhz; }},
    // [sram]
    {"sram.ifmap_kib",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.sram.ifmap_kib = parse_int(v, w, 0, kMaxKib, "KiB");
     },
     "input-activation buffer in KiB (0 with a unified buffer)",
     [](const Architecture& a) -> KeyValue { return integer(a.sram.ifmap_kib); }},
    {"sram.filter_kib",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.sram.filter_kib = parse_int(v, w, 0, kMaxKib, "KiB");
     },
     "weight buffer in KiB (0: weights in the unified buffer)",
     [](const Architecture& a) -> KeyValue { return integer(a.sram.filter_kib); }},
    {"sram.ofmap_kib",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.sram.ofmap_kib = parse_int(v, w, 0, kMaxKib, "KiB");
     },
     "output buffer in KiB (0 with a unified buffer)",
     [](const Architecture& a) -> KeyValue { return integer(a.sram.ofmap_kib); }},
    {"sram.unified_kib",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.sram.unified_kib = parse_int(v, w, 0, kMaxKib, "KiB");
     },
     "unified activation buffer in KiB; 0: separate ifmap/filter/ofmap buffers",
     [](const Architecture& a) -> KeyValue { return integer(a.sram.unified_kib); }},
    {"sram.accumulator_kib",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.sram.accumulator_kib = parse_int(v, w, 0, kMaxKib, "KiB");
     },
     "accumulator SRAM beside the array in KiB; 0: none",
     [](const Architecture& a) -> KeyValue { return integer(a.sram.accumulator_kib); }},
    {"sram.banks",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.sram.banks = int(parse_int(v, w, 1, 1024, "banks per buffer"));
     },
     "banks per buffer, 1..1024", [](const Architecture& a) -> KeyValue { return integer(a.sram.banks); }},
    {"sram.bank_width_bytes",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.sram.bank_width_bytes = int(parse_int(v, w, 1, 4096, "bytes per bank per cycle"));
     },
     "bytes per bank per cycle, 1..4096",
     [](const Architecture& a) -> KeyValue { return integer(a.sram.bank_width_bytes); }},
    {"sram.ports",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.sram.ports = int(parse_int(v, w, 1, 2, "1: read or write per cycle, 2: read and write"));
     },
     "ports per bank: 1 (read or write) or 2 (read and write per cycle)",
     [](const Architecture& a) -> KeyValue { return integer(a.sram.ports); }},
    {"sram.double_buffer",
     [](Architecture& a, const std::string& v, const std::string& w) { a.sram.double_buffer = parse_bool(v, w); },
     "true or false: prefetch the next tile during compute",
     [](const Architecture& a) -> KeyValue { return a.sram.double_buffer; }},
    // [dram]
    {"dram.preset",
     [](Architecture& a, const std::string& v, const std::string& w) {
       const auto& names = dram_preset_names();
       if (std::find(names.begin(), names.end(), v) == names.end())
         throw UserError(fmt::format("{} = {}: expected one of {}", w, quoted(v), join(names)));
       a.dram.preset = v;
     },
     "DRAM type and speed: ddr3-1600, ddr3-2133, ddr4-3200, lpddr5-6400 or hbm2",
     [](const Architecture& a) -> KeyValue { return a.dram.preset; }},
    {"dram.channels",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.dram.channels = int(parse_int(v, w, 1, 64, "independent DRAM channels"));
     },
     "independent DRAM channels, 1..64", [](const Architecture& a) -> KeyValue { return integer(a.dram.channels); }},
    {"dram.page_policy",
     [](Architecture& a, const std::string& v, const std::string& w) {
       if (v != "open" && v != "closed") throw UserError(fmt::format("{} = {}: expected open or closed", w, quoted(v)));
       a.dram.page_policy = v;
     },
     "open or closed: keep a row open after an access",
     [](const Architecture& a) -> KeyValue { return a.dram.page_policy; }},
    {"dram.bandwidth_limit_gbps",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.dram.bandwidth_limit_gbps = v == "0" ? 0.0 : parse_positive(v, w, 1e6, "GB/s (0: no limit)");
     },
     "cap on the DRAM bandwidth in GB/s (10^9 bytes/s), e.g. a published SoC share; 0: the preset's peak",
     [](const Architecture& a) -> KeyValue { return a.dram.bandwidth_limit_gbps; }},
    {"dram.address_mapping",
     [](Architecture& a, const std::string& v, const std::string& w) {
       // The DRAM model's syntax (sysc/dram_address_mapping.hpp): the six
       // fields from most to least significant, '-'-separated, each once.
       static const std::vector<std::string> fields = {"ch", "ra", "bg", "ba", "ro", "co"};
       if (!v.empty()) {
         std::vector<std::string> given = split(v, '-');
         std::vector<std::string> sorted = given, expected = fields;
         std::sort(sorted.begin(), sorted.end());
         std::sort(expected.begin(), expected.end());
         if (sorted != expected) {
           throw UserError(
               fmt::format("{} = {}: expected the fields ch, ra, bg, ba, ro, co, each once, most "
                           "significant first, separated by '-' (e.g. ro-ra-ba-co-bg-ch), or empty",
                           w, quoted(v)));
         }
       }
       a.dram.address_mapping = v;
     },
     "DRAM address mapping, fields most significant first (e.g. ro-ra-ba-co-bg-ch); empty: the preset's",
     [](const Architecture& a) -> KeyValue { return a.dram.address_mapping; }},
    // [interconnect]
    {"interconnect.width_bytes",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.interconnect.width_bytes = int(parse_int(v, w, 1, 4096, "bytes per cycle"));
     },
     "link width in bytes per array cycle per direction, 1..4096",
     [](const Architecture& a) -> KeyValue { return integer(a.interconnect.width_bytes); }},
    {"interconnect.latency_cycles",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.interconnect.latency_cycles = int(parse_int(v, w, 0, 100000, "array cycles"));
     },
     "array cycles from request to arrival, 0..100000",
     [](const Architecture& a) -> KeyValue { return integer(a.interconnect.latency_cycles); }},
    {"interconnect.length_mm",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.interconnect.length_mm = parse_positive(v, w, 100, "wire length in mm");
     },
     "wire length from DRAM PHY to the buffers in mm, > 0 and <= 100",
     [](const Architecture& a) -> KeyValue { return a.interconnect.length_mm; }},
    // [tech]
    {"tech.node_nm",
     [](Architecture& a, const std::string& v, const std::string& w) {
       a.tech.node_nm = int(parse_int(v, w, 7, 90, "process node in nm"));
     },
     "process node in nm, 7..90, for area and energy",
     [](const Architecture& a) -> KeyValue { return integer(a.tech.node_nm); }},
};

const ArchitectureKey* find_key(const std::string& name) {
  for (const ArchitectureKey& key : kKeys) {
    if (name == key.name) return &key;
  }
  return nullptr;
}

std::string section_of(const std::string& name) {
  return name.substr(0, name.find('.'));
}

std::vector<std::string> known_sections() {
  std::vector<std::string> sections;
  for (const ArchitectureKey& key : kKeys) {
    const std::string s = "[" + section_of(key.name) + "]";
    if (std::find(sections.begin(), sections.end(), s) == sections.end()) sections.push_back(s);
  }
  return sections;
}

// "rows, cols, ..." of one section, for "expected one of" messages.
std::string keys_of_section(const std::string& section) {
  std::string list;
  for (const ArchitectureKey& key : kKeys) {
    if (section_of(key.name) != section) continue;
    list += (list.empty() ? "" : ", ") + std::string(key.name).substr(section.size() + 1);
  }
  return list;
}

std::string file_stem(const std::string& path) {
  const auto slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base;
}

constexpr const char* kPresetDir = "arch/";
constexpr const char* kPresetSuffix = ".ini";

std::string preset_file(const std::string& name) {
  return kPresetDir + name + kPresetSuffix;
}

// Capacity of one buffer must be whole bank rows: banks * bank_width_bytes divides it.
void check_banking(const Architecture& arch, const char* key, std::int64_t kib) {
  const SramConfig& s = arch.sram;
  const std::int64_t row_bytes = std::int64_t(s.banks) * s.bank_width_bytes;
  if (kib > 0 && (kib * 1024) % row_bytes != 0) {
    throw UserError(
        fmt::format("sram.{} = {} KiB: expected a multiple of sram.banks * sram.bank_width_bytes = {} * {} "
                    "= {} bytes, so every bank holds whole rows",
                    key, kib, s.banks, s.bank_width_bytes, row_bytes));
  }
}

}  // namespace

const std::vector<ArchitectureKey>& architecture_keys() {
  return kKeys;
}

const std::vector<std::string>& dram_preset_names() {
  // The presets of configs/dram/ (sysc/); sysc/ tests that both lists agree.
  static const std::vector<std::string> names = {"ddr3-1600", "ddr3-2133", "ddr4-3200", "lpddr5-6400", "hbm2"};
  return names;
}

void validate_architecture(const Architecture& arch) {
  arch.array.validate();
  const SramConfig& s = arch.sram;
  if (s.unified_kib > 0) {
    if (s.ifmap_kib != 0 || s.ofmap_kib != 0) {
      throw UserError(
          fmt::format("sram.unified_kib = {} with sram.ifmap_kib = {} and sram.ofmap_kib = {}: expected "
                      "ifmap_kib = ofmap_kib = 0 with a unified buffer (or unified_kib = 0)",
                      s.unified_kib, s.ifmap_kib, s.ofmap_kib));
    }
  } else if (s.ifmap_kib == 0 || s.filter_kib == 0 || s.ofmap_kib == 0) {
    throw UserError(
        fmt::format("sram.ifmap_kib = {}, sram.filter_kib = {}, sram.ofmap_kib = {} with sram.unified_kib "
                    "= 0: expected every separate buffer > 0 (or a unified buffer)",
                    s.ifmap_kib, s.filter_kib, s.ofmap_kib));
  }
  check_banking(arch, "ifmap_kib", s.ifmap_kib);
  check_banking(arch, "filter_kib", s.filter_kib);
  check_banking(arch, "ofmap_kib", s.ofmap_kib);
  check_banking(arch, "unified_kib", s.unified_kib);
  check_banking(arch, "accumulator_kib", s.accumulator_kib);
}

std::vector<std::string> architecture_preset_names() {
  // "default" first, then the others in file-name order (the embedding order).
  std::vector<std::string> names = {"default"};
  int count = 0;
  const EmbeddedFile* files = embedded_config_files(&count);
  std::vector<std::string> others;
  for (int i = 0; i < count; ++i) {
    const std::string file = files[i].name;
    if (file.rfind(kPresetDir, 0) != 0 || file.size() < 5 || file.substr(file.size() - 4) != kPresetSuffix) continue;
    const std::string name = file.substr(5, file.size() - 9);
    if (name != "default") others.push_back(name);
  }
  std::sort(others.begin(), others.end());
  names.insert(names.end(), others.begin(), others.end());
  return names;
}

Architecture architecture_preset(const std::string& name) {
  const char* text = embedded_config_file(preset_file(name));
  if (!text) {
    throw UserError(
        fmt::format("unknown architecture preset {}: expected one of {}, or the path of an INI or .cfg file",
                    quoted(name), join(architecture_preset_names())));
  }
  Architecture arch;  // the struct defaults; default.ini states them again, with sources
  arch.name = name;
  apply_architecture_text(arch, text, fmt::format("preset {}", quoted(name)));
  return arch;
}

void apply_architecture_text(Architecture& arch, const std::string& text, const std::string& source) {
  const std::vector<IniEntry> entries = parse_ini(text, source);
  // An empty file is a truncated or wrong file far more often than a wish
  // for the defaults (which `--arch default` gives).
  if (entries.empty())
    throw UserError(fmt::format("{}: no sections or keys: expected [array], [sram], ... (or --arch default)", source));
  const std::vector<std::string> sections = known_sections();
  std::map<std::string, int> seen;  // key -> line it was first given on
  for (const IniEntry& e : entries) {
    const std::string at = fmt::format("{} line {}", source, e.line);
    if (e.key.empty()) {  // a section header
      if (std::find(sections.begin(), sections.end(), "[" + e.section + "]") == sections.end())
        throw UserError(fmt::format("{}: unknown section [{}]: expected {}", at, e.section, join(sections)));
      continue;
    }
    std::string name = e.section.empty() ? e.key : e.section + "." + e.key;
    if (e.section.empty() && e.key.find('.') == std::string::npos) {
      throw UserError(
          fmt::format("{}: key {} is outside any section: expected it under {}", at, quoted(e.key), join(sections)));
    }
    const ArchitectureKey* key = find_key(name);
    if (!key) {
      const std::string section = e.section.empty() ? section_of(e.key) : e.section;
      throw UserError(fmt::format("{}: unknown key {} in [{}]: expected one of {}", at, quoted(e.key), section,
                                  keys_of_section(section).empty() ? "no keys" : keys_of_section(section)));
    }
    const auto [it, inserted] = seen.emplace(name, e.line);
    if (!inserted)
      throw UserError(fmt::format("{}: key {} is given more than once (first on line {})", at, name, it->second));
    key->set(arch, e.value, fmt::format("{}: {}", at, name));
  }
}

void apply_architecture_file(Architecture& arch, const std::string& path) {
  apply_architecture_text(arch, read_arch_file(path), fmt::format("arch file {}", quoted(path)));
}

void apply_architecture_override(Architecture& arch, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) {
    throw UserError(fmt::format("--set {}: expected section.key=value, e.g. --set array.rows=16", quoted(assignment)));
  }
  auto trim = [](const std::string& t) {
    const auto first = t.find_first_not_of(" \t");
    return first == std::string::npos ? std::string() : t.substr(first, t.find_last_not_of(" \t") - first + 1);
  };
  const std::string name = trim(assignment.substr(0, eq)), value = trim(assignment.substr(eq + 1));
  const ArchitectureKey* key = find_key(name);
  if (!key) {
    std::vector<std::string> known;
    for (const ArchitectureKey& k : kKeys) known.push_back(k.name);
    throw UserError(
        fmt::format("--set {}: unknown key {}: expected one of {}", quoted(assignment), quoted(name), join(known)));
  }
  key->set(arch, value, "--set " + name);
}

Architecture load_architecture(const std::string& preset_or_file, const std::vector<std::string>& overrides) {
  const std::vector<std::string> presets = architecture_preset_names();
  const bool is_preset = std::find(presets.begin(), presets.end(), preset_or_file) != presets.end();
  // A bare word that is no file is a mistyped preset name, not a missing file.
  struct stat st {};
  const bool looks_like_path = preset_or_file.find('/') != std::string::npos ||
                               preset_or_file.find('.') != std::string::npos || stat(preset_or_file.c_str(), &st) == 0;
  Architecture arch;
  if (is_preset || !looks_like_path) {
    arch = architecture_preset(preset_or_file);
  } else {
    arch = architecture_preset("default");  // keys the file leaves out keep the default preset's values
    arch.name = file_stem(preset_or_file);
    const std::string text = read_arch_file(preset_or_file);
    if (is_scalesim_cfg(text)) {
      apply_scalesim_cfg(arch, text, preset_or_file);
    } else {
      apply_architecture_text(arch, text, fmt::format("arch file {}", quoted(preset_or_file)));
    }
  }
  for (const std::string& assignment : overrides) apply_architecture_override(arch, assignment);
  try {
    validate_architecture(arch);
  } catch (const UserError& e) {
    throw UserError(fmt::format("architecture {}: {}", quoted(is_preset ? arch.name : preset_or_file), e.what()));
  }
  return arch;
}

}  // namespace sasim
