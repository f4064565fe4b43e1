// Fuzz harness: `transformer:` specs. The input is the text after the colon
// (keys such as preset=, layers=, d_model=, heads=, mode=decode); the
// generated layers are then planned as `sasim run` does (fuzz_support.hpp).
#include "fuzz_support.hpp"
#include "sasim/workload/workload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string keys = sasim::fuzz::as_text(data, size);
  // ';' would start another fragment, whose kinds workload_spec covers.
  if (keys.find(';') != std::string::npos) return 0;
  sasim::fuzz::expect_only_user_errors(
      [&] { sasim::fuzz::plan_layers(sasim::parse_workload("transformer:" + keys).layers); });
  return 0;
}
