// Fuzz harness: SCALE-Sim .cfg text (`[general]`, `[architecture_presets]`,
// `key : value` lines) read as is by apply_scalesim_cfg over the default
// preset, then validated and used as `sasim run` would (fuzz_support.hpp).
#include "fuzz_support.hpp"
#include "sasim/config/architecture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sasim::fuzz::expect_only_user_errors([&] {
    sasim::Architecture arch = sasim::architecture_preset("default");
    sasim::apply_scalesim_cfg(arch, sasim::fuzz::as_text(data, size), "fuzzed.cfg");
    sasim::validate_architecture(arch);
    sasim::fuzz::use_architecture(arch);
  });
  return 0;
}
