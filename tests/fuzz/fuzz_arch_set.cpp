// Fuzz harness: `--set section.key=value` overrides. Each input line is one
// --set argument, applied in order to the default preset.
#include <sstream>
#include <vector>

#include "fuzz_support.hpp"
#include "sasim/config/architecture.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> overrides;
  std::istringstream lines(sasim::fuzz::as_text(data, size));
  for (std::string line; std::getline(lines, line);) overrides.push_back(line);
  sasim::fuzz::expect_only_user_errors([&] { sasim::load_architecture("default", overrides); });
  return 0;
}
