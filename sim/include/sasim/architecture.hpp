#pragma once
// An accelerator architecture as `sasim run` takes it: a built-in preset or an
// INI file (Boost.Program_options config-file syntax), then `--set
// section.key=value` overrides. Every settable key lives in one table
// (architecture_keys()), so a new section is a few new rows.
#include <string>
#include <vector>

#include "sasim/array_config.hpp"

namespace sasim {

struct Architecture {
  std::string name;   // preset name, or the INI file's stem
  ArrayConfig array;  // the matrix unit
  double freq_mhz = 700.0;
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
