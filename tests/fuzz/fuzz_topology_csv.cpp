// Fuzz harness: SCALE-Sim topology CSVs (conv and GEMM forms), as
// `sasim run --workload FILE.csv` reads them. The input is the file's
// contents; the layers are then planned as `sasim run` does (fuzz_support.hpp).
#include "fuzz_support.hpp"
#include "sasim/workload/workload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = sasim::fuzz::scratch_file(sasim::fuzz::as_text(data, size), "fuzzed.csv");
  sasim::fuzz::expect_only_user_errors([&] { sasim::fuzz::plan_layers(sasim::parse_workload(path).layers); });
  return 0;
}
