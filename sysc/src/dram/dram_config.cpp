#include "sasim/sysc/dram_config.hpp"

#include <fmt/format.h>

#include "sasim/support/embedded_file.hpp"
#include "sasim/support/error.hpp"
#include "sasim/sysc/dram_address_mapping.hpp"

namespace sasim {
// configs/dram/*.ini, embedded at build time (sysc/CMakeLists.txt).
const EmbeddedFile* embedded_dram_presets(int* count);
}  // namespace sasim

namespace sasim::sysc {
namespace {

// The presets in the order docs/dram.md lists them; each is configs/dram/<name>.ini.
const char* const kPresetNames[] = {"ddr3-1600", "ddr3-2133", "ddr4-3200", "lpddr5-6400", "hbm2"};

std::string known_presets() {
  std::string list;
  for (const char* name : kPresetNames) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

}  // namespace

double DramConfig::peak_bytes_per_second() const {
  return static_cast<double>(channels) * data_rate_mts * 1e6 * (channel_width_bits / 8);
}

std::vector<std::string> dram_preset_names() {
  return {std::begin(kPresetNames), std::end(kPresetNames)};
}

DramConfig dram_preset(const std::string& name) {
  int count = 0;
  const EmbeddedFile* files = embedded_dram_presets(&count);
  for (const char* known : kPresetNames) {
    if (name != known) continue;
    for (int i = 0; i < count; ++i) {
      if (files[i].name == name + ".ini") {
        DramConfig config = parse_dram_preset(files[i].text, files[i].name);
        config.preset = name;
        return config;
      }
    }
  }
  throw UserError(fmt::format("unknown DRAM preset '{}': expected one of {}", name, known_presets()));
}

DramConfig dram_config(const sasim::DramSection& section) {
  bool known = false;
  for (const char* name : kPresetNames) known = known || section.preset == name;
  if (!known) {
    throw UserError(fmt::format("dram.preset = '{}': expected one of {}", section.preset, known_presets()));
  }
  DramConfig config = dram_preset(section.preset);
  if (section.channels < 1 || section.channels > 64) {
    throw UserError(fmt::format("dram.channels = {}: expected an integer in 1..64", section.channels));
  }
  config.channels = section.channels;
  if (section.page_policy == "open") {
    config.page_policy = PagePolicy::Open;
  } else if (section.page_policy == "closed") {
    config.page_policy = PagePolicy::Closed;
  } else {
    throw UserError(fmt::format("dram.page_policy = '{}': expected open or closed", section.page_policy));
  }
  if (!section.address_mapping.empty()) {
    DramAddressMapping(config, section.address_mapping, "dram.address_mapping");
    config.address_mapping = section.address_mapping;
  }
  return config;
}

std::string describe_dram(const DramConfig& c) {
  return fmt::format("{} DRAM, {} channel{}, {} page policy, {:.4g} GB/s peak", c.preset, c.channels,
                     c.channels == 1 ? "" : "s", c.page_policy == PagePolicy::Open ? "open" : "closed",
                     c.peak_bytes_per_second() / 1e9);
}

}  // namespace sasim::sysc
