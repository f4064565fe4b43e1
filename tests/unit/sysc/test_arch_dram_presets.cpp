// The [dram] keys that sasim_config checks on its own (it cannot link the
// SystemC models) agree with the DRAM models in sysc/: the same preset
// names, every architecture preset's [dram] section accepted, and the
// address-mapping syntax accepted by both or by neither.
#include <gtest/gtest.h>

#include "sasim/config/architecture.hpp"
#include "sasim/cost/area_model.hpp"
#include "sasim/support/error.hpp"
#include "sasim/sysc/dram_address_mapping.hpp"
#include "sasim/sysc/dram_config.hpp"

namespace sasim {
namespace {

TEST(ArchDram, PresetNamesMatchTheDramModels) {
  EXPECT_EQ(dram_preset_names(), sysc::dram_preset_names());
}

TEST(ArchDram, EveryArchitecturePresetConfiguresItsDram) {
  for (const std::string& name : architecture_preset_names()) {
    const Architecture arch = architecture_preset(name);
    sysc::DramConfig config;
    ASSERT_NO_THROW(config = sysc::dram_config(arch.dram)) << name;
    EXPECT_EQ(config.channels, arch.dram.channels) << name;
  }
  // area_model.cpp's channel width agrees with the DRAM tables.
  for (const std::string& preset : dram_preset_names())
    EXPECT_EQ(sysc::dram_preset(preset).channel_width_bits, dram_channel_bits(preset)) << preset;
}

TEST(ArchDram, AddressMappingSyntaxAgreesWithTheDramModel) {
  const sysc::DramConfig ddr4 = sysc::dram_preset("ddr4-3200");
  for (const std::string mapping : {"ro-ra-ba-co-bg-ch", "ch-ra-bg-ba-ro-co", "ro-bg-ba-ra-co-ch"}) {
    EXPECT_NO_THROW(load_architecture("default", {"dram.address_mapping=" + mapping})) << mapping;
    EXPECT_NO_THROW(sysc::DramAddressMapping(ddr4, mapping, "test")) << mapping;
  }
  for (const std::string mapping : {"ro-ra-ba-co-bg", "ro-ro-ba-co-bg-ch", "ro-ra-ba-co-bg-xx", "ro_ra_ba_co_bg_ch"}) {
    EXPECT_THROW(load_architecture("default", {"dram.address_mapping=" + mapping}), UserError) << mapping;
    EXPECT_THROW(sysc::DramAddressMapping(ddr4, mapping, "test"), UserError) << mapping;
  }
}

}  // namespace
}  // namespace sasim
