// The analytic engine's DRAM efficiency (sysc/src/dram_stream.cpp): the
// steady-state measurement over whole refresh intervals against a long
// stream drained to its last beat, the reference it shortcuts.
#include <gtest/gtest.h>

#include "sasim/sysc/dram_config.hpp"
#include "sasim/sysc/dram_stream.hpp"

namespace sasim::sysc {
namespace {

// 32 MiB per channel: about 170 refresh intervals of DDR4-3200, so the
// partial interval at its end moves it by at most tRFC / duration ~ 0.03 %.
constexpr std::uint64_t kLongBytes = 32ull << 20;
// The steady measurement stays within 0.04 % of a 64 MiB stream in every
// case below; 0.15 % leaves room for the 32 MiB reference's own end effects.
constexpr double kTolerance = 0.0015;

struct Case {
  const char* preset;
  const char* mapping;  // "" keeps the preset's
  PagePolicy policy;
};

class SteadyStream : public ::testing::TestWithParam<Case> {};

TEST_P(SteadyStream, MatchesALongDrainedStream) {
  const Case& c = GetParam();
  DramConfig config = dram_preset(c.preset);
  if (*c.mapping) config.address_mapping = c.mapping;
  config.page_policy = c.policy;
  const double steady = steady_stream_efficiency(config);
  const double drained = drained_stream_efficiency(config, kLongBytes);
  EXPECT_GT(steady, 0.0);
  EXPECT_LE(steady, 1.0);
  EXPECT_NEAR(steady / drained, 1.0, kTolerance) << "steady " << steady << ", drained " << drained;
}

// The presets' own mappings (bank groups interleaved: ~90 %+), one that
// keeps a row's bursts in one bank group (tCCD_L on every burst: ~50-70 %),
// and the closed-page policy.
INSTANTIATE_TEST_SUITE_P(
    Presets, SteadyStream,
    ::testing::Values(Case{"ddr3-1600", "", PagePolicy::Open}, Case{"ddr3-2133", "", PagePolicy::Open},
                      Case{"ddr4-3200", "", PagePolicy::Open}, Case{"lpddr5-6400", "", PagePolicy::Open},
                      Case{"hbm2", "", PagePolicy::Open}, Case{"ddr4-3200", "ro-ra-bg-ba-co-ch", PagePolicy::Open},
                      Case{"lpddr5-6400", "ro-ra-bg-ba-co-ch", PagePolicy::Open},
                      Case{"hbm2", "ro-ra-bg-ba-co-ch", PagePolicy::Closed}, Case{"ddr3-2133", "", PagePolicy::Closed}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string name = std::string(info.param.preset) + (*info.param.mapping ? "_bg_serial" : "") +
                         (info.param.policy == PagePolicy::Closed ? "_closed" : "");
      for (char& ch : name)
        if (ch == '-') ch = '_';
      return name;
    });

// Two channels interleaved on the lowest address bits behave as one; with
// the channel on the highest bits the stream stays in one of them.
TEST(SteadyStream, ChannelsFollowTheMapping) {
  DramConfig one = dram_preset("ddr3-2133");
  DramConfig two = one;
  two.channels = 2;
  EXPECT_NEAR(steady_stream_efficiency(two), steady_stream_efficiency(one), 1e-4);
  two.address_mapping = "ch-ro-ra-ba-co-bg";
  EXPECT_NEAR(steady_stream_efficiency(two), steady_stream_efficiency(one) / 2, 1e-3);
}

TEST(SteadyStream, CachedPerConfiguration) {
  const DramConfig config = dram_preset("ddr4-3200");
  EXPECT_EQ(sequential_stream_efficiency(config), steady_stream_efficiency(config));
  EXPECT_EQ(sequential_stream_efficiency(config), sequential_stream_efficiency(config));
}

}  // namespace
}  // namespace sasim::sysc
