// Preset tables, [dram] section handling, bad tables and address mapping.
#include <gtest/gtest.h>

#include "error_of.hpp"
#include "sasim/support/error.hpp"
#include "sasim/sysc/dram_address_mapping.hpp"
#include "sasim/sysc/dram_config.hpp"
#include "test_dram_support.hpp"

namespace sasim::sysc {
namespace {

using sasim::testing::error_of;
using testing::test_dram_table;

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

// The error reading the test table with `from` replaced by `to`, as x.ini.
std::string table_error(const std::string& from, const std::string& to) {
  return error_of([&] { parse_dram_preset(replace(test_dram_table(), from, to), "x.ini"); });
}

TEST(DramPresets, AllLoad) {
  EXPECT_EQ(dram_preset_names(),
            (std::vector<std::string>{"ddr3-1600", "ddr3-2133", "ddr4-3200", "lpddr5-6400", "hbm2"}));
  for (const std::string& name : dram_preset_names()) {
    const DramConfig c = dram_preset(name);
    EXPECT_EQ(c.preset, name);
    EXPECT_GT(c.burst_cycles, 0) << name;
    EXPECT_GE(c.t.tRC, c.t.tRAS + c.t.tRP - 1) << name;
  }
}

TEST(DramPresets, ArchitectureKnowsTheSamePresets) {
  // sasim_config lists them for --set dram.preset without seeing sysc/.
  EXPECT_EQ(sasim::dram_preset_names(), dram_preset_names());
}

TEST(DramPresets, Ddr4_3200Values) {
  const DramConfig c = dram_preset("ddr4-3200");
  EXPECT_EQ(c.tck_ps, 625);
  EXPECT_EQ(c.burst_cycles, 4);
  EXPECT_EQ(c.burst_bytes(), 64);
  EXPECT_EQ(c.bursts_per_row(), 128);
  EXPECT_EQ(c.banks_per_rank(), 16);
  EXPECT_EQ(c.t.tCL, 22);
  EXPECT_EQ(c.t.tRCD, 22);
  EXPECT_EQ(c.t.tCCD_L, 8);
  EXPECT_EQ(c.t.tFAW, 34);
  EXPECT_EQ(c.t.tRFC, 560);
  EXPECT_EQ(c.t.tREFI, 12480);
  EXPECT_DOUBLE_EQ(c.peak_bytes_per_second(), 25.6e9);
}

TEST(DramPresets, PeakBandwidths) {
  EXPECT_DOUBLE_EQ(dram_preset("ddr3-1600").peak_bytes_per_second(), 12.8e9);
  EXPECT_DOUBLE_EQ(dram_preset("lpddr5-6400").peak_bytes_per_second(), 12.8e9);
  EXPECT_DOUBLE_EQ(dram_preset("hbm2").peak_bytes_per_second(), 16e9);
  EXPECT_EQ(dram_preset("lpddr5-6400").burst_cycles, 2);
  EXPECT_EQ(dram_preset("hbm2").burst_cycles, 2);
}

TEST(DramSectionConfig, AppliesChannelsPolicyAndMapping) {
  DramSection section;
  section.preset = "hbm2";
  section.channels = 8;
  section.page_policy = "closed";
  section.address_mapping = "ro-ba-bg-ra-co-ch";
  const DramConfig c = dram_config(section);
  EXPECT_EQ(c.channels, 8);
  EXPECT_EQ(c.page_policy, PagePolicy::Closed);
  EXPECT_EQ(c.address_mapping, "ro-ba-bg-ra-co-ch");
  EXPECT_DOUBLE_EQ(c.peak_bytes_per_second(), 128e9);
  EXPECT_EQ(dram_config(DramSection{}).address_mapping, "ro-ra-ba-co-bg-ch");  // the preset's default
}

TEST(DramSectionConfig, BadKeysNameTheKey) {
  DramSection s;
  s.preset = "xyz";
  EXPECT_EQ(error_of([&] { dram_config(s); }),
            "dram.preset = 'xyz': expected one of ddr3-1600, ddr3-2133, ddr4-3200, lpddr5-6400, hbm2");
  s = DramSection{};
  s.channels = 0;
  EXPECT_EQ(error_of([&] { dram_config(s); }), "dram.channels = 0: expected an integer in 1..64");
  s = DramSection{};
  s.page_policy = "lazy";
  EXPECT_EQ(error_of([&] { dram_config(s); }), "dram.page_policy = 'lazy': expected open or closed");
  s = DramSection{};
  s.address_mapping = "ro-ra-ba-co-bg";
  EXPECT_EQ(
      error_of([&] { dram_config(s); }).rfind("dram.address_mapping = 'ro-ra-ba-co-bg': field 'ch' is missing (", 0),
      0u);
}

TEST(DramPresetFile, TheTestTableParses) {
  const DramConfig c = parse_dram_preset(test_dram_table(), "test.ini");
  EXPECT_EQ(c.source, "test.ini");
  EXPECT_EQ(c.ranks, 2);
  EXPECT_EQ(c.queue_depth, 8);
}

TEST(DramPresetFile, MissingKey) {
  EXPECT_EQ(table_error("tRTP = 6\n", ""), "x.ini: [timing] tRTP is missing");
}

TEST(DramPresetFile, UnknownKeyAndSection) {
  EXPECT_EQ(table_error("tRTP = 6", "tRTP = 6\ntXYZ = 3"), "x.ini:28: unknown key 'tXYZ' in [timing]");
  EXPECT_EQ(table_error("[clock]", "[clocks]"),
            "x.ini:1: unknown section [clocks]: expected [clock], [organisation], [timing] or [controller]");
}

TEST(DramPresetFile, DuplicateAndMalformedValues) {
  EXPECT_EQ(table_error("tRTP = 6", "tRTP = 6\ntRTP = 7"), "x.ini:28: tRTP is given twice (first on line 27)");
  EXPECT_EQ(table_error("tRTP = 6", "tRTP = 6ns"), "x.ini:27: tRTP = '6ns': expected an integer in 1..1000000");
  EXPECT_EQ(table_error("tRTP = 6", "tRTP = 0"), "x.ini:27: tRTP = '0': expected an integer in 1..1000000");
  EXPECT_EQ(table_error("tRTP = 6", "tRTP 6"), "x.ini:27: 'tRTP 6': expected key = value");
}

TEST(DramPresetFile, ContradictingTimings) {
  // ramulator2's LPDDR5_6400 row has nRC = 30 with nRAS = 34: rejected.
  EXPECT_EQ(table_error("tRC = 40", "tRC = 30"),
            "x.ini:18: tRC = 30: must be at least tRAS + tRP - 1 = 36 (tRC = tRAS + tRP in ns, one cycle of "
            "rounding)");
  EXPECT_EQ(table_error("tCCD_L = 7", "tCCD_L = 2"), "x.ini:20: tCCD_L = 2: must be at least tCCD_S = 3");
  EXPECT_EQ(table_error("tRRD_L = 9", "tRRD_L = 4"), "x.ini:22: tRRD_L = 4: must be at least tRRD_S = 5");
  EXPECT_EQ(table_error("tWTR_L = 8", "tWTR_L = 3"), "x.ini:26: tWTR_L = 3: must be at least tWTR_S = 4");
  EXPECT_EQ(table_error("tREFI = 1000", "tREFI = 100"),
            "x.ini:29: tREFI = 100: must exceed tRFC = 100 (refresh would never end)");
}

TEST(DramPresetFile, BurstMustBeWholeCycles) {
  EXPECT_EQ(table_error("burst_length = 4", "burst_length = 3"),
            "x.ini:6: burst_length: burst_length 3 at 2000 MT/s with tCK 1000 ps is not a whole number of clock "
            "cycles");
}

TEST(DramPresetFile, BadMappingInTable) {
  EXPECT_EQ(error_of([] {
              parse_dram_preset(test_dram_table("ro-ra-ba-co-bg-ch-xx"), "x.ini");
            }).rfind("x.ini:31: address_mapping = 'ro-ra-ba-co-bg-ch-xx': unknown field 'xx' (", 0),
            0u);
}

TEST(DramAddressMapping, DefaultInterleavesBankGroupsThenColumns) {
  const DramConfig c = dram_preset("ddr4-3200");
  const DramAddressMapping m(c, c.address_mapping, "test");
  EXPECT_EQ(m.decode(0), (DramAddress{0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(m.decode(63), (DramAddress{0, 0, 0, 0, 0, 0}));  // within the burst
  EXPECT_EQ(m.decode(64), (DramAddress{0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(m.decode(3 * 64), (DramAddress{0, 0, 3, 0, 0, 0}));
  EXPECT_EQ(m.decode(4 * 64), (DramAddress{0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(m.decode(4 * 64 * 128), (DramAddress{0, 0, 0, 1, 0, 0}));      // next bank after a row of each group
  EXPECT_EQ(m.decode(4 * 64 * 128 * 4), (DramAddress{0, 0, 0, 0, 1, 0}));  // next row
}

TEST(DramAddressMapping, MixedRadixChannelsAndRoundTrip) {
  DramConfig c = dram_preset("ddr4-3200");
  c.channels = 3;
  const DramAddressMapping m(c, "ro-ba-bg-ra-co-ch", "test");
  EXPECT_EQ(m.decode(64).channel, 1);
  EXPECT_EQ(m.decode(2 * 64).channel, 2);
  EXPECT_EQ(m.decode(3 * 64), (DramAddress{0, 0, 0, 0, 0, 1}));
  for (std::uint64_t a = 0; a < (std::uint64_t{1} << 32); a = a * 3 + 64 * 7) {
    EXPECT_EQ(m.encode(m.decode(a)), a / 64 * 64) << a;
  }
}

TEST(DramAddressMapping, BadStrings) {
  const DramConfig c = dram_preset("ddr4-3200");
  const auto err = [&](const std::string& text) {
    const std::string e = error_of([&] { DramAddressMapping(c, text, "k"); });
    return e.substr(0, e.find(" (fields"));
  };
  EXPECT_EQ(err("ro-ra-ba-co-bg-ch-ch"), "k = 'ro-ra-ba-co-bg-ch-ch': field 'ch' appears twice");
  EXPECT_EQ(err("ro-ra-ba-co-bg"), "k = 'ro-ra-ba-co-bg': field 'ch' is missing");
  EXPECT_EQ(err("ro-ra-ba-co-bg-cx"), "k = 'ro-ra-ba-co-bg-cx': unknown field 'cx'");
  EXPECT_EQ(err(""), "k = '': unknown field ''");
  EXPECT_EQ(err("ro--ra-ba-co-bg-ch"), "k = 'ro--ra-ba-co-bg-ch': unknown field ''");
}

}  // namespace
}  // namespace sasim::sysc
