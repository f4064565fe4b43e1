// The preset table parser: a small INI reader (sections, key = value,
// '#' comments) that keeps line numbers, so every error names file:line.
#include <fmt/format.h>
#include <cmath>

#include <functional>
#include <map>
#include <sstream>

#include "sasim/support/error.hpp"
#include "sasim/support/text.hpp"
#include "sasim/sysc/dram_address_mapping.hpp"
#include "sasim/sysc/dram_config.hpp"

namespace sasim::sysc {
namespace {

struct Entry {
  std::string value;
  int line = 0;
};

// One key of the table: where it lives, its range, and where it goes.
struct KeySpec {
  const char* section;
  const char* key;
  std::int64_t lo, hi;
  std::function<void(DramConfig&, std::int64_t)> set;
};

#define SASIM_TIMING(name)                                                                               \
  {                                                                                                      \
    "timing", #name, 1, 1'000'000, [](DramConfig& c, std::int64_t v) { c.t.name = static_cast<int>(v); } \
  }

const std::vector<KeySpec>& key_specs() {
  static const std::vector<KeySpec> specs = {
      {"clock", "tck_ps", 1, 100'000, [](DramConfig& c, std::int64_t v) { c.tck_ps = static_cast<int>(v); }},
      {"clock", "data_rate_mts", 1, 100'000,
       [](DramConfig& c, std::int64_t v) { c.data_rate_mts = static_cast<int>(v); }},
      {"organisation", "channel_width_bits", 8, 1024,
       [](DramConfig& c, std::int64_t v) { c.channel_width_bits = static_cast<int>(v); }},
      {"organisation", "burst_length", 1, 256,
       [](DramConfig& c, std::int64_t v) { c.burst_length = static_cast<int>(v); }},
      {"organisation", "ranks", 1, 16, [](DramConfig& c, std::int64_t v) { c.ranks = static_cast<int>(v); }},
      {"organisation", "bank_groups", 1, 64,
       [](DramConfig& c, std::int64_t v) { c.bank_groups = static_cast<int>(v); }},
      {"organisation", "banks_per_group", 1, 64,
       [](DramConfig& c, std::int64_t v) { c.banks_per_group = static_cast<int>(v); }},
      {"organisation", "rows", 1, std::int64_t{1} << 24, [](DramConfig& c, std::int64_t v) { c.rows = v; }},
      {"organisation", "columns", 1, 1 << 16, [](DramConfig& c, std::int64_t v) { c.columns = static_cast<int>(v); }},
      SASIM_TIMING(tCL),
      SASIM_TIMING(tCWL),
      SASIM_TIMING(tRCD),
      SASIM_TIMING(tRP),
      SASIM_TIMING(tRAS),
      SASIM_TIMING(tRC),
      SASIM_TIMING(tCCD_S),
      SASIM_TIMING(tCCD_L),
      SASIM_TIMING(tRRD_S),
      SASIM_TIMING(tRRD_L),
      SASIM_TIMING(tFAW),
      SASIM_TIMING(tWR),
      SASIM_TIMING(tWTR_S),
      SASIM_TIMING(tWTR_L),
      SASIM_TIMING(tRTP),
      SASIM_TIMING(tRFC),
      SASIM_TIMING(tREFI),
      {"controller", "queue_depth", 1, 1024,
       [](DramConfig& c, std::int64_t v) { c.queue_depth = static_cast<int>(v); }},
  };
  return specs;
}
#undef SASIM_TIMING

bool known_section(const std::string& section) {
  for (const KeySpec& spec : key_specs()) {
    if (section == spec.section) return true;
  }
  return section == "controller";
}

std::map<std::string, Entry> read_entries(const std::string& text, const std::string& file) {
  std::map<std::string, Entry> entries;
  std::istringstream in(text);
  std::string raw, section;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    const std::string line = trim(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']') throw UserError(fmt::format("{}:{}: '{}': expected [section]", file, line_no, line));
      section = line.substr(1, line.size() - 2);
      if (!known_section(section)) {
        throw UserError(
            fmt::format("{}:{}: unknown section [{}]: expected [clock], [organisation], [timing] or "
                        "[controller]",
                        file, line_no, section));
      }
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw UserError(fmt::format("{}:{}: '{}': expected key = value", file, line_no, line));
    if (section.empty()) throw UserError(fmt::format("{}:{}: key outside any section", file, line_no));
    const std::string name = section + "." + trim(line.substr(0, eq));
    if (entries.count(name)) {
      throw UserError(fmt::format("{}:{}: {} is given twice (first on line {})", file, line_no,
                                  trim(line.substr(0, eq)), entries[name].line));
    }
    entries[name] = Entry{trim(line.substr(eq + 1)), line_no};
  }
  return entries;
}

// Relations the standards define; a table that breaks one is self-contradicting.
void check_consistency(const DramConfig& c, const std::map<std::string, Entry>& entries, const std::string& file) {
  const auto fail = [&](const char* key, int value, const std::string& why) {
    const auto it = entries.find(std::string("timing.") + key);
    throw UserError(fmt::format("{}:{}: {} = {}: {}", file, it->second.line, key, value, why));
  };
  const DramTimings& t = c.t;
  // JEDEC defines tRC = tRAS + tRP in ns; rounding each up to nCK can lose one cycle.
  if (t.tRC < t.tRAS + t.tRP - 1) {
    fail("tRC", t.tRC,
         fmt::format("must be at least tRAS + tRP - 1 = {} (tRC = tRAS + tRP in ns, one cycle of rounding)",
                     t.tRAS + t.tRP - 1));
  }
  if (t.tCCD_L < t.tCCD_S) fail("tCCD_L", t.tCCD_L, fmt::format("must be at least tCCD_S = {}", t.tCCD_S));
  if (t.tRRD_L < t.tRRD_S) fail("tRRD_L", t.tRRD_L, fmt::format("must be at least tRRD_S = {}", t.tRRD_S));
  if (t.tWTR_L < t.tWTR_S) fail("tWTR_L", t.tWTR_L, fmt::format("must be at least tWTR_S = {}", t.tWTR_S));
  if (t.tREFI <= t.tRFC) fail("tREFI", t.tREFI, fmt::format("must exceed tRFC = {} (refresh would never end)", t.tRFC));
  if (c.read_to_write() < 1) {
    fail("tCWL", t.tCWL, fmt::format("must be at most tCL + tBURST + 1 = {}", t.tCL + c.burst_cycles + 1));
  }
}

}  // namespace

DramConfig parse_dram_preset(const std::string& text, const std::string& file) {
  const std::map<std::string, Entry> entries = read_entries(text, file);
  DramConfig config;
  config.source = file;
  for (const KeySpec& spec : key_specs()) {
    const std::string name = std::string(spec.section) + "." + spec.key;
    const auto it = entries.find(name);
    if (it == entries.end()) throw UserError(fmt::format("{}: [{}] {} is missing", file, spec.section, spec.key));
    const std::string& value = it->second.value;
    const std::optional<std::int64_t> parsed = parse_int_in_range(value, spec.lo, spec.hi);
    if (!parsed) {
      throw UserError(fmt::format("{}:{}: {} = '{}': expected an integer in {}..{}", file, it->second.line, spec.key,
                                  value, spec.lo, spec.hi));
    }
    spec.set(config, *parsed);
  }
  for (const auto& [name, entry] : entries) {
    if (name == "controller.address_mapping") continue;
    bool known = false;
    for (const KeySpec& spec : key_specs()) known = known || name == std::string(spec.section) + "." + spec.key;
    if (!known) {
      throw UserError(fmt::format("{}:{}: unknown key '{}' in [{}]", file, entry.line, name.substr(name.find('.') + 1),
                                  name.substr(0, name.find('.'))));
    }
  }
  // Clock cycles a burst occupies the data bus. JEDEC speed names round the
  // data rate (DDR3-2133 runs at 2 x 1066.67 MHz, tCK 0.938 ns), so the
  // product of data rate and tCK may miss a whole number of beats per clock
  // by a rounding error: accept up to 0.1%, refuse anything else.
  const auto beats = [&](const char* key, int line) {
    const double product = double(config.data_rate_mts) * config.tck_ps;
    const double cycles = double(config.burst_length) * 1e6 / product;
    const double whole = std::round(cycles);
    if (whole < 1 || std::abs(cycles - whole) > 1e-3 * whole) {
      throw UserError(
          fmt::format("{}:{}: {}: burst_length {} at {} MT/s with tCK {} ps is not a whole number of "
                      "clock cycles",
                      file, line, key, config.burst_length, config.data_rate_mts, config.tck_ps));
    }
    return static_cast<int>(whole);
  };
  config.burst_cycles = beats("burst_length", entries.at("organisation.burst_length").line);
  if (config.channel_width_bits % 8 != 0) {
    throw UserError(fmt::format("{}:{}: channel_width_bits = {}: expected a multiple of 8", file,
                                entries.at("organisation.channel_width_bits").line, config.channel_width_bits));
  }
  if (config.columns % config.burst_length != 0) {
    throw UserError(fmt::format("{}:{}: columns = {}: expected a multiple of burst_length {}", file,
                                entries.at("organisation.columns").line, config.columns, config.burst_length));
  }
  check_consistency(config, entries, file);
  const auto mapping = entries.find("controller.address_mapping");
  if (mapping == entries.end()) throw UserError(fmt::format("{}: [controller] address_mapping is missing", file));
  config.address_mapping = mapping->second.value;
  DramAddressMapping(config, config.address_mapping, fmt::format("{}:{}: address_mapping", file, mapping->second.line));
  return config;
}

}  // namespace sasim::sysc
