// The array options of the commands that build an RTL variant.
#include "commands.hpp"

namespace sasim::cli {

void add_array_options(boost::program_options::options_description& desc, ArrayOptions& array,
                       const char* acc_width_help) {
  namespace po = boost::program_options;
  desc.add_options()("rows", po::value(&array.rows)->required(), "array rows (1..256)")    //
      ("cols", po::value(&array.cols)->required(), "array columns (1..256)")               //
      ("dataflow", po::value(&array.dataflow)->required(), "ws, os or is")                 //
      ("in-width", po::value(&array.in_width)->default_value(8), "operand bits: 8 or 16")  //
      ("acc-width", po::value(&array.acc_width)->default_value(32), acc_width_help);
}

ArrayConfig ArrayOptions::config() const {
  const ArrayConfig config{rows, cols, in_width, acc_width, parse_dataflow(dataflow)};
  config.validate();
  return config;
}

}  // namespace sasim::cli
