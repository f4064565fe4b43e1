// sasim run: simulate a workload's layers on an architecture and report
// cycles and utilization per layer and in total.
#include <fmt/format.h>

#include <future>

#include "commands.hpp"
#include "sasim/config/architecture.hpp"
#include "sasim/run/analytic_memory.hpp"
#include "sasim/run/run_workload.hpp"
#include "sasim/support/atomic_file.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/text.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim::cli {
namespace {

std::string usage() {
  std::string keys, presets;
  for (const ArchitectureKey& key : architecture_keys())
    keys += fmt::format("  {:<28} {}\n", key.name, key.description);
  for (const std::string& name : architecture_preset_names()) presets += (presets.empty() ? "" : ", ") + name;
  return fmt::format(
      "usage: sasim run [--arch PRESET|FILE] [--set section.key=value ...] [--workload SPEC|FILE]\n"
      "                 [--batch N] [--engine model|rtl|analytic] [--memory dram|ideal] [--out DIR] [--quiet]\n"
      "\n"
      "Architecture: the preset 'default' (32x32 ws int8/acc32 @ 700 MHz) unless --arch names\n"
      "another preset, a sasim INI file or a SCALE-Sim .cfg; --set overrides one key after it.\n"
      "Presets: {}.\n"
      "Keys (docs/config.md):\n{}"
      "\n"
      "Workload (docs/workloads.md): specs separated by ';'\n"
      "  gemm:M=..,N=..,K=..[,name=..]\n"
      "  conv:H=..,W=..,C=..,K=..,R=..[,S=..,stride=..,pad=..,groups=..,batch=..,name=..]\n"
      "  transformer:preset=bert-base|gpt2|llama2-7b|llama2-70b|llama3-8b[,mode=decode,kv_len=..]\n"
      "  transformer:layers=..,d_model=..,heads=..,kv_heads=..,seq=..,ffn=..[,gated=1,batch=..]\n"
      "or a SCALE-Sim topology .csv, or an ONNX model .onnx (with --batch N). Default:\n"
      "  {}\n"
      "\n"
      "The whole chip is simulated (docs/platform.md): operands come from DRAM through the\n"
      "interconnect and DMA into SRAM, outputs go back to DRAM; each layer starts when the\n"
      "previous one's outputs are in DRAM. --memory ideal replaces the DRAM by its peak\n"
      "bandwidth and a fixed latency (roofline studies). --out DIR writes layers.csv and\n"
      "summary.json (docs/output-formats.md).\n",
      presets, keys, kDefaultWorkload);
}

}  // namespace

int cmd_run(const Args& args) {
  namespace po = boost::program_options;
  std::string arch_text = "default", workload_text, engine_text = "model", out_dir, batch_text = "1";
  std::string memory_text = "dram";
  std::vector<std::string> overrides;
  bool quiet = false;
  po::options_description desc("run options");
  desc.add_options()("help,h", "show this help")                                                             //
      ("arch", po::value(&arch_text), "architecture preset name or INI file (default: default)")             //
      ("set", po::value(&overrides)->composing(), "section.key=value: override one architecture key")        //
      ("workload", po::value(&workload_text), "specs, a SCALE-Sim .csv or an .onnx model (default: below)")  //
      ("batch", po::value(&batch_text), "batch size for an .onnx model (default 1)")                         //
      ("engine", po::value(&engine_text),
       "model (cycle-exact C++, default), rtl (Verilated RTL) or analytic (closed form)")  //
      ("memory", po::value(&memory_text),
       "dram (the DRAM model, default) or ideal (its peak bandwidth, fixed latency)")                  //
      ("out", po::value(&out_dir), "write layers.csv and summary.json into DIR (created if missing)")  //
      ("quiet,q", po::bool_switch(&quiet), "no progress output (RTL build, layer bar)");
  po::variables_map vm;
  if (!parse_options(args, desc, vm, usage().c_str())) return 0;

  // Every input is checked before anything slow (Verilating) or visible
  // (the output directory) happens.
  const Engine engine = parse_engine(engine_text);
  const sysc::MemoryModel memory = sysc::parse_memory_model(memory_text);
  const Architecture arch = load_architecture(arch_text, overrides);
  WorkloadOptions workload_options;
  if (!parse_int64(batch_text, workload_options.batch) || workload_options.batch < 1) {
    throw UserError(fmt::format("--batch {}: expected an integer >= 1", quoted(batch_text)));
  }
  // The analytic engine's DRAM bandwidth is measured by running the DRAM
  // model (dram_stream.hpp), which does not depend on the workload: it runs
  // beside the workload import (ONNX shape inference), each about 10 ms of
  // a ResNet-50 run. Its errors are reported after the workload's, as before.
  std::future<AnalyticMemory> analytic_memory;
  if (engine == Engine::Analytic) analytic_memory = std::async(std::launch::async, measure_analytic_memory, arch);
  const Workload workload =
      parse_workload(vm.count("workload") ? workload_text : std::string(kDefaultWorkload), workload_options);
  for (const Layer& layer : workload.layers) check_layer_fits(arch.array, layer);
  if (vm.count("out") && out_dir.empty()) throw UserError("--out '': expected a directory path");
  if (!out_dir.empty()) ensure_output_dir(out_dir);

  RunOptions options;
  options.engine = engine;
  options.memory = memory;
  options.quiet = quiet;
  if (engine == Engine::Analytic) options.analytic_memory = analytic_memory.get();
  const RunReport report = run_workload(arch, workload, options);
  const std::string text = format_report(report);  // checks the totals before any file is written
  if (!out_dir.empty()) write_report_files(out_dir, report);
  fmt::print("{}", text);
  if (workload.folded_ops > 0) {
    fmt::print("folded         {} ONNX nodes on constants only (not layers, docs/workloads.md)\n", workload.folded_ops);
  }
  if (!out_dir.empty()) fmt::print("wrote {0}/layers.csv and {0}/summary.json\n", out_dir);
  return 0;
}

}  // namespace sasim::cli
