#pragma once
// sasim subcommands; each returns the process exit status and throws
// sasim::UserError (exit 2) on bad input.
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace sasim::cli {

using Args = std::vector<std::string>;

int cmd_run(const Args& args);
int cmd_area(const Args& args);
int cmd_regress(const Args& args);
int cmd_rtl_build(const Args& args);
int cmd_sweep(const Args& args);

// Parses args against desc; `--help` prints usage and returns false.
// Unknown options and malformed values throw UserError.
bool parse_options(const Args& args, const boost::program_options::options_description& desc,
                   boost::program_options::variables_map& vm, const char* usage);

}  // namespace sasim::cli
