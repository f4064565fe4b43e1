// Fuzz harness: the `--workload` spec mini-language
// ("gemm:M=..,N=..,K=..[,name=..]" separated by ';'). Every parsed layer is
// then planned on arrays at the edges of the legal range, as `sasim run`
// does before simulating.
#include "fuzz_support.hpp"
#include "sasim/array_config.hpp"
#include "sasim/layer_sim.hpp"
#include "sasim/workload.hpp"

namespace {

// Smallest and largest arrays, one per dataflow, and the default one.
const sasim::ArrayConfig kArrays[] = {
    {1, 1, 8, 32, sasim::Dataflow::WS},
    {sasim::kMaxArrayDim, sasim::kMaxArrayDim, 16, 64, sasim::Dataflow::OS},
    {1, sasim::kMaxArrayDim, 8, 16, sasim::Dataflow::IS},
    {32, 32, 8, 32, sasim::Dataflow::WS},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sasim::fuzz::expect_only_user_errors([&] {
    const sasim::Workload workload = sasim::parse_workload(sasim::fuzz::as_text(data, size));
    for (const sasim::Layer& layer : workload.layers)
      for (const sasim::ArrayConfig& array : kArrays) {
        sasim::fuzz::expect_only_user_errors([&] { sasim::check_layer_fits(array, layer); });
      }
  });
  return 0;
}
