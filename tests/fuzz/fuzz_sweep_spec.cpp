// Fuzz harness: sweep specs (`sasim sweep SPEC`). The input is the spec
// file's text; relative architecture paths resolve in the harness's scratch
// folder. Accepted specs are enumerated (constraints evaluated point by
// point) as `sasim sweep` does before running anything, when they span at
// most kMaxEnumerated points: the parser's own bound (kMaxSweepCrossProduct,
// 10^8) is sized for seconds of native work, not for sanitized fuzzing.
#include <filesystem>

#include "fuzz_support.hpp"
#include "sasim/sweep/sweep_spec.hpp"

namespace {
constexpr std::int64_t kMaxEnumerated = 100'000;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = sasim::fuzz::scratch_file(sasim::fuzz::as_text(data, size), "fuzzed_sweep.ini");
  sasim::fuzz::expect_only_user_errors([&] {
    const sasim::SweepSpec spec = sasim::load_sweep_spec(path);
    if (spec.cross_product() <= kMaxEnumerated) sasim::enumerate_points(spec);
  });
  return 0;
}
