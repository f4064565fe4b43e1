// Fuzz harness: architecture files (`sasim run --arch FILE`): sasim INI, or
// a SCALE-Sim .cfg when the text has [architecture_presets]. The input is
// the file's contents. A loaded architecture is then used as `sasim run`
// would (fuzz_support.hpp).
#include "fuzz_support.hpp"
#include "sasim/config/architecture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = sasim::fuzz::scratch_file(sasim::fuzz::as_text(data, size), "fuzzed.ini");
  sasim::fuzz::expect_only_user_errors([&] {
    const sasim::Architecture arch = sasim::load_architecture(path, {});
    sasim::fuzz::use_architecture(arch);
  });
  return 0;
}
