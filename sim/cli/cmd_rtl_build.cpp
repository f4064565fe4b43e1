// sasim rtl-build: Verilate one RTL variant into the cache and print its path.
#include <fmt/format.h>

#include "commands.hpp"
#include "sasim/config/array_config.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim::cli {

int cmd_rtl_build(const Args& args) {
  namespace po = boost::program_options;
  int rows = 0, cols = 0, in_width = 8, acc_width = 32;
  std::string dataflow;
  po::options_description desc("rtl-build options");
  desc.add_options()("help,h", "show this help")                                    //
      ("rows", po::value(&rows)->required(), "array rows (1..256)")                 //
      ("cols", po::value(&cols)->required(), "array columns (1..256)")              //
      ("dataflow", po::value(&dataflow)->required(), "ws, os or is")                //
      ("in-width", po::value(&in_width)->default_value(8), "operand bits: 8 or 16")  //
      ("acc-width", po::value(&acc_width)->default_value(32), "accumulator bits");
  po::variables_map vm;
  if (!parse_options(args, desc, vm, "usage: sasim rtl-build --rows R --cols C --dataflow ws|os|is")) return 0;
  ArrayConfig config{rows, cols, in_width, acc_width, parse_dataflow(dataflow)};
  config.validate();
  fmt::print("{}\n", ensure_rtl_variant(config, RtlBuildOptions{}));
  return 0;
}

}  // namespace sasim::cli
