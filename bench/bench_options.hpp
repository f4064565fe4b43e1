#pragma once
// `--name value` options of the benchmark programs: one parser, so each
// bench only lists its options.
#include <functional>
#include <string>

namespace sasim::bench {

// Calls set(name, value) for every "--name value" pair; set returns false
// for a name it does not know. Returns -1 when the caller should go on, or
// the exit status: 0 after --help, 2 after a bad option (usage printed).
inline int parse_options(int argc, char** argv, const std::function<void()>& usage,
                         const std::function<bool(const std::string&, const std::string&)>& set) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || i + 1 >= argc) {
      usage();
      return arg == "--help" ? 0 : 2;
    }
    const std::string value = argv[++i];
    if (!set(arg, value)) {
      usage();
      return 2;
    }
  }
  return -1;
}

}  // namespace sasim::bench
