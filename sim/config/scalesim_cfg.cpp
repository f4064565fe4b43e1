// SCALE-Sim v2 configuration files (.cfg), read as they are so that users keep
// their configs. Python's configparser reads them in SCALE-Sim: "key: value"
// or "key = value", option names case-insensitive, '#' and ';' comment lines.
// Every key SCALE-Sim v2 defines is either mapped onto a sasim key or on a
// documented list of keys sasim ignores (docs/config.md, "SCALE-Sim .cfg
// files"); any other key is an error, so a typo is never silently dropped.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "sasim/config/architecture.hpp"
#include "sasim/config/architecture_ini.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/text.hpp"

namespace sasim {
namespace {

// What a SCALE-Sim key becomes: the sasim key it sets (value passed on as it
// is), or "" for a key that only SCALE-Sim's own trace generator uses.
struct CfgKey {
  const char* section;  // lower case
  const char* key;      // lower case, as configparser stores it
  const char* sasim_key;
  const char* why_ignored;
};

const CfgKey kCfgKeys[] = {
    {"general", "run_name", "", "becomes the architecture's name"},
    {"architecture_presets", "arrayheight", "array.rows", nullptr},
    {"architecture_presets", "arraywidth", "array.cols", nullptr},
    {"architecture_presets", "ifmapsramszkb", "sram.ifmap_kib", nullptr},
    {"architecture_presets", "filtersramszkb", "sram.filter_kib", nullptr},
    {"architecture_presets", "ofmapsramszkb", "sram.ofmap_kib", nullptr},
    {"architecture_presets", "dataflow", "array.dataflow", nullptr},
    {"architecture_presets", "bandwidth", "",
     "sets interconnect.width_bytes (sum of the list) when InterfaceBandwidth is USER"},
    {"architecture_presets", "memorybanks", "", "must equal the number of Bandwidth entries"},
    {"architecture_presets", "onchipmemorybanks", "sram.banks", nullptr},
    {"architecture_presets", "onchipmemorybankports", "sram.ports", nullptr},
    {"architecture_presets", "ifmapoffset", "",
     "DRAM address offsets of SCALE-Sim's traces; sasim lays out memory itself"},
    {"architecture_presets", "filteroffset", "", "DRAM address offsets of SCALE-Sim's traces"},
    {"architecture_presets", "ofmapoffset", "", "DRAM address offsets of SCALE-Sim's traces"},
    {"architecture_presets", "readrequestbuffer", "", "Ramulator request-queue depth"},
    {"architecture_presets", "writerequestbuffer", "", "Ramulator request-queue depth"},
    // Custom SRAM layouts (SCALE-Sim's layout study), in [architecture_presets] or [layout].
    {"*layout", "ifmapcustomlayout", "", "SRAM layout study"},
    {"*layout", "filtercustomlayout", "", "SRAM layout study"},
    {"*layout", "ifmapsrambankbandwidth", "", "SRAM layout study"},
    {"*layout", "ifmapsrambanknum", "", "SRAM layout study"},
    {"*layout", "ifmapsrambankport", "", "SRAM layout study"},
    {"*layout", "filtersrambankbandwidth", "", "SRAM layout study"},
    {"*layout", "filtersrambanknum", "", "SRAM layout study"},
    {"*layout", "filtersrambankport", "", "SRAM layout study"},
    {"sparsity", "sparsitysupport", "", "must be false: sasim models dense arrays"},
    {"sparsity", "sparserep", "", "sparsity is off"},
    {"sparsity", "optimizedmapping", "", "sparsity is off"},
    {"sparsity", "blocksize", "", "sparsity is off"},
    {"sparsity", "randomnumbergeneratorseed", "", "sparsity is off"},
    {"run_presets", "interfacebandwidth", "", "USER: Bandwidth sets the link; CALC: the link keeps its width"},
    {"run_presets", "useramulatortrace", "", "Ramulator trace output"},
    {"run_presets", "sram_row_size", "", "Ramulator SRAM/DRAM geometry"},
    {"run_presets", "sram_bank_size", "", "Ramulator SRAM/DRAM geometry"},
    {"run_presets", "dram_row_size", "", "Ramulator SRAM/DRAM geometry"},
    {"run_presets", "dram_bank_size", "", "Ramulator SRAM/DRAM geometry"},
    {"network_presets", "topologycsvloc", "", "the workload comes from --workload"},
};

const char* const kSections[] = {"general",  "architecture_presets", "layout",
                                 "sparsity", "run_presets",          "network_presets"};

const CfgKey* find_cfg_key(const std::string& section, const std::string& key) {
  for (const CfgKey& k : kCfgKeys) {
    const bool section_ok =
        k.section[0] == '*' ? (section == "architecture_presets" || section == "layout") : section == k.section;
    if (section_ok && key == k.key) return &k;
  }
  return nullptr;
}

std::string keys_of(const std::string& section) {
  std::string list;
  for (const CfgKey& k : kCfgKeys) {
    const bool in =
        k.section[0] == '*' ? (section == "architecture_presets" || section == "layout") : section == k.section;
    if (in) list += (list.empty() ? "" : ", ") + std::string(k.key);
  }
  return list;
}

}  // namespace

bool is_scalesim_cfg(const std::string& text) {
  try {
    for (const IniEntry& e : parse_ini(text, "", IniSyntax{true, true}))
      if (e.key.empty() && lower(e.section) == "architecture_presets") return true;
  } catch (const UserError&) {
    // Not readable as configparser text: let the sasim INI reader report it.
  }
  return false;
}

namespace {

using GivenKeys = std::map<std::string, const IniEntry*>;  // "section.key" (lower case) -> entry

// "<source> line N: Key", the prefix of a message about one entry's value.
std::string where(const std::string& source, const IniEntry& e) {
  return fmt::format("{} line {}: {}", source, e.line, e.key);
}

// Every entry by section.key; UserError for an unknown section or key, a key
// outside any section, or a key given twice.
GivenKeys given_keys(const std::vector<IniEntry>& entries, const std::string& source) {
  GivenKeys given;
  for (const IniEntry& e : entries) {
    const std::string at = fmt::format("{} line {}", source, e.line);
    const std::string section = lower(e.section);
    if (e.key.empty()) {
      if (std::find(std::begin(kSections), std::end(kSections), section) == std::end(kSections)) {
        throw UserError(
            fmt::format("{}: unknown section [{}]: expected [general], [architecture_presets], [layout], "
                        "[sparsity], [run_presets] or [network_presets]",
                        at, e.section));
      }
      continue;
    }
    if (section.empty()) throw UserError(fmt::format("{}: key {} is outside any section", at, quoted(e.key)));
    const std::string key = lower(e.key);
    if (!find_cfg_key(section, key)) {
      throw UserError(fmt::format("{}: unknown key {} in [{}]: expected one of {}", at, quoted(e.key), e.section,
                                  keys_of(section)));
    }
    if (!given.emplace(section + "." + key, &e).second)
      throw UserError(fmt::format("{}: key {} is given more than once", at, quoted(e.key)));
  }
  return given;
}

void set_sasim_key(Architecture& arch, const char* name, const std::string& value, const std::string& where) {
  for (const ArchitectureKey& key : architecture_keys()) {
    if (key.name == std::string(name)) key.set(arch, value, where);
  }
}

// Keys sasim ignores must still be well-formed where SCALE-Sim gives them a type.
void check_ignored_keys(const GivenKeys& given, const std::string& source) {
  for (const char* offset : {"ifmapoffset", "filteroffset", "ofmapoffset", "readrequestbuffer", "writerequestbuffer"}) {
    const auto it = given.find(std::string("architecture_presets.") + offset);
    if (it == given.end()) continue;
    const std::string& v = it->second->value;
    if (v.empty() || !std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); }))
      throw UserError(fmt::format("{} = {}: expected an integer >= 0", where(source, *it->second), quoted(v)));
  }
  if (given.count("sparsity.sparsitysupport")) {
    const IniEntry& e = *given.at("sparsity.sparsitysupport");
    const std::string v = lower(e.value);
    if (v == "true")
      throw UserError(
          fmt::format("{} = {}: expected false: sasim models dense arrays only", where(source, e), quoted(e.value)));
    if (v != "false")
      throw UserError(fmt::format("{} = {}: expected true or false", where(source, e), quoted(e.value)));
  }
}

// InterfaceBandwidth USER: Bandwidth is the DRAM interface's words per
// cycle, one entry per memory bank; one word is one int8 operand, a byte.
void apply_user_bandwidth(Architecture& arch, const GivenKeys& given, const std::string& source) {
  if (!given.count("architecture_presets.bandwidth"))
    throw UserError(
        fmt::format("{}: InterfaceBandwidth is USER but [architecture_presets] has no Bandwidth: "
                    "expected Bandwidth = words per cycle",
                    source));
  const IniEntry& e = *given.at("architecture_presets.bandwidth");
  std::int64_t total = 0, entries_count = 0;
  std::string item;
  for (std::size_t i = 0; i <= e.value.size(); ++i) {
    if (i < e.value.size() && e.value[i] != ',') {
      item += e.value[i];
      continue;
    }
    const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
    const std::string word = first == std::string::npos ? "" : item.substr(first, last - first + 1);
    // At most 6 digits (leading zeros count), not 0; a sign fails the range.
    const std::optional<std::int64_t> words = parse_int_in_range(word, 1, 999999);
    if (word.size() > 6 || !words)
      throw UserError(fmt::format("{} = {}: expected a comma-separated list of integers in 1..4096 (words per cycle)",
                                  where(source, e), quoted(e.value)));
    total += *words;
    ++entries_count;
    item.clear();
  }
  if (given.count("architecture_presets.memorybanks")) {
    const IniEntry& banks = *given.at("architecture_presets.memorybanks");
    if (banks.value != std::to_string(entries_count))
      throw UserError(fmt::format("{} = {}: expected {}, the number of Bandwidth entries", where(source, banks),
                                  quoted(banks.value), entries_count));
  }
  set_sasim_key(arch, "interconnect.width_bytes", std::to_string(total),
                fmt::format("{} (sum, sasim interconnect.width_bytes)", where(source, e)));
}

}  // namespace

void apply_scalesim_cfg(Architecture& arch, const std::string& text, const std::string& path) {
  const std::string source = fmt::format("SCALE-Sim file {}", quoted(path));
  const std::vector<IniEntry> entries = parse_ini(text, source, IniSyntax{true, true});
  const GivenKeys given = given_keys(entries, source);

  // The keys SCALE-Sim itself requires (config.get raises without them).
  for (const char* required :
       {"arrayheight", "arraywidth", "ifmapsramszkb", "filtersramszkb", "ofmapsramszkb", "dataflow"}) {
    if (!given.count(std::string("architecture_presets.") + required)) {
      throw UserError(
          fmt::format("{}: no {} in [architecture_presets]: expected it (SCALE-Sim requires it)", source, required));
    }
  }
  // Mapped keys, passed to the sasim key's own parser and range check.
  for (const auto& [name, e] : given) {
    const CfgKey* k = find_cfg_key(name.substr(0, name.find('.')), lower(e->key));
    if (k->sasim_key[0] == '\0') continue;
    set_sasim_key(arch, k->sasim_key, e->value, fmt::format("{} (sasim {})", where(source, *e), k->sasim_key));
  }
  if (given.count("general.run_name")) {
    const IniEntry& e = *given.at("general.run_name");
    if (e.value.empty()) throw UserError(fmt::format("{} = '': expected a run name", where(source, e)));
    arch.name = e.value;
  }
  check_ignored_keys(given, source);

  std::string mode = "CALC";  // SCALE-Sim's scale.cfg default when the key is absent in older files
  if (given.count("run_presets.interfacebandwidth")) {
    const IniEntry& e = *given.at("run_presets.interfacebandwidth");
    mode = e.value;
    if (mode != "USER" && mode != "CALC")
      throw UserError(fmt::format("{} = {}: expected USER or CALC", where(source, e), quoted(e.value)));
  }
  if (mode == "USER") apply_user_bandwidth(arch, given, source);
  // SCALE-Sim's SRAMs feed the array every cycle and hold partial sums in
  // the ofmap buffer: without OnChipMemoryBanks, give each buffer the banks
  // one array edge needs per cycle, and no accumulator of its own.
  if (!given.count("architecture_presets.onchipmemorybanks")) {
    const std::int64_t edge_bytes =
        std::int64_t{std::max(arch.array.rows, arch.array.cols)} * (arch.array.in_width / 8);
    const std::int64_t width = arch.sram.bank_width_bytes;
    arch.sram.banks = int(std::max<std::int64_t>(arch.sram.banks, (edge_bytes + width - 1) / width));
  }
  arch.sram.accumulator_kib = 0;
}

}  // namespace sasim
