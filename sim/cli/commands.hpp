#pragma once
// sasim subcommands; each returns the process exit status and throws
// sasim::UserError (exit 2) on bad input.
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sasim/config/array_config.hpp"

namespace sasim::cli {

using Args = std::vector<std::string>;

int cmd_run(const Args& args);
int cmd_area(const Args& args);
int cmd_regress(const Args& args);
int cmd_rtl_build(const Args& args);
int cmd_sweep(const Args& args);

// Parses args against desc; `--help` prints usage and returns false.
// Unknown options and malformed values throw UserError, and so do
// positional arguments unless `positional` names the options they fill.
bool parse_options(const Args& args, const boost::program_options::options_description& desc,
                   boost::program_options::variables_map& vm, const char* usage,
                   const boost::program_options::positional_options_description* positional = nullptr);

// --rows, --cols, --dataflow, --in-width and --acc-width: the array of an
// RTL variant (regress, rtl-build).
struct ArrayOptions {
  int rows = 0, cols = 0, in_width = 8, acc_width = 32;
  std::string dataflow;
  ArrayConfig config() const;  // validated; throws UserError
};
void add_array_options(boost::program_options::options_description& desc, ArrayOptions& array,
                       const char* acc_width_help);

}  // namespace sasim::cli
