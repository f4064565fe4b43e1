// Fuzz harness: the `--workload` spec mini-language (gemm:, conv:,
// transformer: fragments separated by ';'). Parsed layers are then planned
// as `sasim run` does before simulating (fuzz_support.hpp).
#include "fuzz_support.hpp"
#include "sasim/workload/workload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string spec = sasim::fuzz::as_text(data, size);
  // A spec ending in .csv or .onnx names a file: those have their own harnesses.
  if (spec.find(".csv") != std::string::npos || spec.find(".onnx") != std::string::npos) return 0;
  sasim::fuzz::expect_only_user_errors([&] { sasim::fuzz::plan_layers(sasim::parse_workload(spec).layers); });
  return 0;
}
