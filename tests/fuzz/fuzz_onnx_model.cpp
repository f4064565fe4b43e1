// Fuzz harness: ONNX import (`sasim run --workload FILE.onnx`): protobuf
// parsing, shape inference (libonnx), graph checks (cycles, dangling
// inputs), layer extraction. The input is the file's bytes; the layers are
// then planned as `sasim run` does (fuzz_support.hpp).
#include "fuzz_support.hpp"
#include "sasim/workload/workload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = sasim::fuzz::scratch_file(sasim::fuzz::as_text(data, size), "fuzzed.onnx");
  sasim::fuzz::expect_only_user_errors([&] { sasim::fuzz::plan_layers(sasim::parse_workload(path).layers); });
  return 0;
}
