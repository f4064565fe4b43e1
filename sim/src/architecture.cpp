#include "sasim/architecture.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "sasim/error.hpp"

namespace sasim {
namespace {

// 'text' for an error message, control characters escaped so the message
// stays on one line whatever the user typed.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(ch));
    } else {
      out += ch;
    }
  }
  return out + "'";
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// Integer keys: the whole value must be a decimal integer in lo..hi.
template <int ArrayConfig::*Field, int Lo, int Hi>
void set_int(Architecture& arch, const std::string& value, const std::string& where) {
  int parsed = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
  if (ec != std::errc() || ptr != end || value.empty() || parsed < Lo || parsed > Hi) {
    throw UserError(fmt::format("{} = {}: expected an integer in {}..{}", where, quoted(value), Lo, Hi));
  }
  arch.array.*Field = parsed;
}

void set_in_width(Architecture& arch, const std::string& value, const std::string& where) {
  if (value != "8" && value != "16") {
    throw UserError(fmt::format("{} = {}: expected 8 or 16 (signed operand bits)", where, quoted(value)));
  }
  arch.array.in_width = value == "8" ? 8 : 16;
}

void set_dataflow(Architecture& arch, const std::string& value, const std::string& where) {
  try {
    arch.array.dataflow = parse_dataflow(value);
  } catch (const UserError&) {
    throw UserError(fmt::format("{} = {}: expected ws, os or is", where, quoted(value)));
  }
}

void set_freq_mhz(Architecture& arch, const std::string& value, const std::string& where) {
  double parsed = 0;
  const char* end = value.data() + value.size();
  const auto [ptr, ec] = std::from_chars(value.data(), end, parsed);
  if (ec != std::errc() || ptr != end || value.empty() || !std::isfinite(parsed) || parsed <= 0) {
    throw UserError(fmt::format("{} = {}: expected a number > 0 (clock in MHz)", where, quoted(value)));
  }
  arch.freq_mhz = parsed;
}

const std::vector<ArchitectureKey> kKeys = {
    {"array.rows", set_int<&ArrayConfig::rows, 1, kMaxArrayDim>, "matrix-unit rows (PEs), 1..256"},
    {"array.cols", set_int<&ArrayConfig::cols, 1, kMaxArrayDim>, "matrix-unit columns (PEs), 1..256"},
    {"array.dataflow", set_dataflow, "ws, os or is: what stays in the PEs"},
    {"array.in_width", set_in_width, "signed operand bits: 8 or 16"},
    // Range per key here; "at least 2*in_width" is ArrayConfig::validate()'s
    // job once every key is known.
    {"array.acc_width", set_int<&ArrayConfig::acc_width, 16, 64>, "accumulator bits (wrap-around), 2*in_width..64"},
    {"array.freq_mhz", set_freq_mhz, "clock of the array in MHz, > 0"},
};

const std::vector<Architecture> kPresets = {
    // 700 MHz: TPU v1's clock (Jouppi et al., ISCA 2017).
    {"default", ArrayConfig{32, 32, 8, 32, Dataflow::WS}, 700.0, {}, {}, {}, {}},
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

std::set<std::string> known_sections() {
  std::set<std::string> sections;
  for (const ArchitectureKey& key : kKeys) sections.insert(section_of(key.name));
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

std::string join(const std::set<std::string>& items, const char* prefix, const char* suffix) {
  std::string list;
  for (const std::string& item : items) list += (list.empty() ? "" : ", ") + std::string(prefix) + item + suffix;
  return list;
}

// Boost ignores a section header with no keys under it; catch every unknown
// header (the same way Boost reads them: comment stripped, line trimmed) so
// a typo like [arry] is reported even when its keys are commented out.
void check_sections(const std::string& text, const std::string& path) {
  const std::set<std::string> known = known_sections();
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty() || line.front() != '[') continue;
    const auto close = line.find(']');
    const std::string section = line.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    if (!known.count(section)) {
      throw UserError(
          fmt::format("arch file {}: unknown section [{}]: expected {}", quoted(path), section, join(known, "[", "]")));
    }
  }
}

std::string read_arch_file(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    throw UserError(
        fmt::format("arch file {}: {}", quoted(path), errno == ENOENT ? "no such file" : std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode))
    throw UserError(fmt::format("arch file {}: is a directory, expected an INI file", quoted(path)));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(fmt::format("arch file {}: cannot open: {}", quoted(path), std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw UserError(fmt::format("arch file {}: cannot read", quoted(path)));
  return text.str();
}

std::string file_stem(const std::string& path) {
  const auto slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base;
}

}  // namespace

const std::vector<ArchitectureKey>& architecture_keys() {
  return kKeys;
}

std::vector<std::string> architecture_preset_names() {
  std::vector<std::string> names;
  for (const Architecture& preset : kPresets) names.push_back(preset.name);
  return names;
}

Architecture architecture_preset(const std::string& name) {
  for (const Architecture& preset : kPresets) {
    if (preset.name == name) return preset;
  }
  std::string known;
  for (const Architecture& preset : kPresets) known += (known.empty() ? "" : ", ") + preset.name;
  throw UserError(fmt::format("unknown architecture preset {}: expected one of {}, or the path of an INI file",
                              quoted(name), known));
}

void apply_architecture_file(Architecture& arch, const std::string& path) {
  namespace po = boost::program_options;
  const std::string text = read_arch_file(path);
  check_sections(text, path);

  po::options_description desc;
  for (const ArchitectureKey& key : kKeys) desc.add_options()(key.name, po::value<std::string>(), key.description);
  po::variables_map vm;
  try {
    std::istringstream in(text);
    po::store(po::parse_config_file(in, desc, false), vm);
  } catch (const po::unknown_option& e) {
    const std::string name = e.get_option_name();
    const auto dot = name.find('.');
    if (dot == std::string::npos) {
      throw UserError(fmt::format("arch file {}: key {} is outside any section: expected it under {}", quoted(path),
                                  quoted(name), join(known_sections(), "[", "]")));
    }
    const std::string section = name.substr(0, dot);
    throw UserError(fmt::format("arch file {}: unknown key {} in [{}]: expected one of {}", quoted(path),
                                quoted(name.substr(dot + 1)), section, keys_of_section(section)));
  } catch (const po::multiple_occurrences& e) {
    throw UserError(
        fmt::format("arch file {}: key {} is given more than once", quoted(path), quoted(e.get_option_name())));
  } catch (const po::error& e) {
    throw UserError(fmt::format("arch file {}: {}", quoted(path), e.what()));
  }
  for (const ArchitectureKey& key : kKeys) {
    if (vm.count(key.name))
      key.set(arch, vm[key.name].as<std::string>(), fmt::format("arch file {}: {}", quoted(path), key.name));
  }
}

void apply_architecture_override(Architecture& arch, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) {
    throw UserError(fmt::format("--set {}: expected section.key=value, e.g. --set array.rows=16", quoted(assignment)));
  }
  const std::string name = trim(assignment.substr(0, eq)), value = trim(assignment.substr(eq + 1));
  const ArchitectureKey* key = find_key(name);
  if (!key) {
    std::string known;
    for (const ArchitectureKey& k : kKeys) known += (known.empty() ? "" : ", ") + std::string(k.name);
    throw UserError(
        fmt::format("--set {}: unknown key {}: expected one of {}", quoted(assignment), quoted(name), known));
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
    apply_architecture_file(arch, preset_or_file);
  }
  for (const std::string& assignment : overrides) apply_architecture_override(arch, assignment);
  try {
    arch.array.validate();
  } catch (const UserError& e) {
    throw UserError(fmt::format("architecture {}: {}", quoted(is_preset ? arch.name : preset_or_file), e.what()));
  }
  return arch;
}

}  // namespace sasim
