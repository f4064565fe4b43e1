// sasim: cycle-approximate simulator of a systolic-array AI accelerator.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <exception>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "sasim/support/error.hpp"

namespace {

constexpr const char* kUsage =
    "usage: sasim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run        simulate workloads on an architecture and report cycles, utilization\n"
    "  area       die area per component of an architecture at its process node\n"
    "  regress    check an RTL variant bit- and cycle-exact against the model on random GEMMs\n"
    "  rtl-build  Verilate an RTL variant into the cache (done on demand by run and regress)\n"
    "  sweep      run a design-space sweep (parallel, resumable, Slurm) with Pareto front and plots\n"
    "\n"
    "`sasim <command> --help` describes a command's options.\n";

}  // namespace

namespace sasim::cli {

bool parse_options(const Args& args, const boost::program_options::options_description& desc,
                   boost::program_options::variables_map& vm, const char* usage,
                   const boost::program_options::positional_options_description* positional) {
  namespace po = boost::program_options;
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (positional) parser.positional(*positional);
    const po::parsed_options parsed = parser.run();
    // Without `positional` Boost would drop positional arguments silently.
    for (std::string stray :
         positional ? std::vector<std::string>{} : po::collect_unrecognized(parsed.options, po::include_positional)) {
      for (char& ch : stray) ch = static_cast<unsigned char>(ch) < 0x20 ? '?' : ch;  // keep the message one line
      throw UserError(fmt::format("unexpected argument '{}': options start with -- (try --help)", stray));
    }
    po::store(parsed, vm);
    if (vm.count("help")) {
      fmt::print("{}\n{}", usage, [&] {
        std::ostringstream os;
        os << desc;
        return os.str();
      }());
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UserError(e.what());
  }
  return true;
}

}  // namespace sasim::cli

int main(int argc, char** argv) {
  using namespace sasim::cli;
  if (argc < 2) {
    fmt::print(stderr, "{}", kUsage);
    return 2;
  }
  const std::string command = argv[1];
  const Args args(argv + 2, argv + argc);
  try {
    if (command == "run") return cmd_run(args);
    if (command == "area") return cmd_area(args);
    if (command == "regress") return cmd_regress(args);
    if (command == "rtl-build") return cmd_rtl_build(args);
    if (command == "sweep") return cmd_sweep(args);
    if (command == "--help" || command == "-h" || command == "help") {
      fmt::print("{}", kUsage);
      return 0;
    }
    throw sasim::UserError(
        fmt::format("unknown command '{}': expected run, area, regress, rtl-build or sweep", command));
  } catch (const sasim::UserError& e) {
    fmt::print(stderr, "sasim: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "sasim: internal error: {}\n", e.what());
    return 1;
  }
}
