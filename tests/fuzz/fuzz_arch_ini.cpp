// Fuzz harness: architecture INI files (`sasim run --arch FILE`). The input
// is the file's contents; a loaded architecture is then planned against the
// default workload, as `sasim run` does before simulating.
#include "fuzz_support.hpp"
#include "sasim/architecture.hpp"
#include "sasim/layer_sim.hpp"
#include "sasim/workload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = sasim::fuzz::scratch_file(sasim::fuzz::as_text(data, size), "fuzzed.ini");
  sasim::fuzz::expect_only_user_errors([&] {
    const sasim::Architecture arch = sasim::load_architecture(path, {});
    for (const sasim::Layer& layer : sasim::parse_workload(sasim::kDefaultWorkload).layers)
      sasim::check_layer_fits(arch.array, layer);
  });
  return 0;
}
