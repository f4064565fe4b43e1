// sasim area: die area per component of an architecture at its tech.node_nm.
#include <fmt/format.h>

#include "commands.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/cost/area_model.hpp"
#include "sasim/support/atomic_file.hpp"
#include "sasim/support/error.hpp"

namespace sasim::cli {

int cmd_area(const Args& args) {
  namespace po = boost::program_options;
  std::string arch_text = "default", out_dir;
  std::vector<std::string> overrides;
  po::options_description desc("area options");
  desc.add_options()("help,h", "show this help")                                                                  //
      ("arch", po::value(&arch_text), "architecture preset name, INI file or SCALE-Sim .cfg (default: default)")  //
      ("set", po::value(&overrides)->composing(), "section.key=value: override one architecture key")             //
      ("out", po::value(&out_dir), "write area.json into DIR (created if missing)");
  po::variables_map vm;
  const std::string usage = fmt::format(
      "usage: sasim area [--arch PRESET|FILE] [--set section.key=value ...] [--out DIR]\n"
      "\n"
      "Area per component (MAC array, SRAM buffers, DRAM PHY + controllers, interconnect,\n"
      "control) and in total at the architecture's tech.node_nm. Presets: {}.\n"
      "Model and sources: docs/area-energy.md; area.json: docs/output-formats.md.\n",
      [] {
        std::string list;
        for (const std::string& name : architecture_preset_names()) list += (list.empty() ? "" : ", ") + name;
        return list;
      }());
  if (!parse_options(args, desc, vm, usage.c_str())) return 0;

  const Architecture arch = load_architecture(arch_text, overrides);
  if (vm.count("out") && out_dir.empty()) throw UserError("--out '': expected a directory path");
  const AreaReport report = estimate_area(arch);
  const std::string table = format_area(report), json = area_json(report);
  if (!out_dir.empty()) {
    ensure_output_dir(out_dir);
    write_file_atomically(out_dir, "area.json", json);
  }
  fmt::print("{}", table);
  if (!out_dir.empty()) fmt::print("wrote {}/area.json\n", out_dir);
  return 0;
}

}  // namespace sasim::cli
