// sasim rtl-build: Verilate one RTL variant into the cache and print its path.
#include <fmt/format.h>

#include "commands.hpp"
#include "sasim/config/array_config.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim::cli {

int cmd_rtl_build(const Args& args) {
  namespace po = boost::program_options;
  ArrayOptions array;
  po::options_description desc("rtl-build options");
  desc.add_options()("help,h", "show this help");
  add_array_options(desc, array, "accumulator bits");
  po::variables_map vm;
  if (!parse_options(args, desc, vm, "usage: sasim rtl-build --rows R --cols C --dataflow ws|os|is")) return 0;
  const ArrayConfig config = array.config();
  fmt::print("{}\n", ensure_rtl_variant(config, RtlBuildOptions{}));
  return 0;
}

}  // namespace sasim::cli
