// sasim sweep: a design-space sweep over architecture keys and workloads,
// run in parallel and resumably, or as a Slurm job array (docs/sweeps.md).
#include <fmt/format.h>

#include <charconv>
#include <sstream>

#include "commands.hpp"
#include "sasim/run/analytic_memory.hpp"
#include "sasim/sysc/dram_stream.hpp"
#include "sasim/support/error.hpp"
#include "sasim/run/engine.hpp"
#include "sasim/sweep/sweep_eval.hpp"
#include "sasim/support/subprocess.hpp"
#include "sasim/sweep/sweep_run.hpp"
#include "sasim/sweep/sweep_slurm.hpp"
#include "sasim/sweep/sweep_spec.hpp"

namespace sasim::cli {
namespace {

constexpr const char* kUsage =
    "usage: sasim sweep SPEC --out DIR [--jobs N] [--engine E] [--quiet]\n"
    "       sasim sweep SPEC --out DIR --slurm [--partition P] [--shards N] [--jobs C]\n"
    "       sasim sweep SPEC --out DIR --shard I/N    (one Slurm task's share)\n"
    "       sasim sweep --merge DIR\n"
    "       sasim sweep SPEC --dry-run\n"
    "\n"
    "SPEC is an INI file with [sweep] (arch, engine, objectives, constraint), [workloads]\n"
    "(name = workload) and [axes] (key = list or range); see docs/sweeps.md. Every point of\n"
    "the cross product that passes the constraints runs on every workload; rows go to\n"
    "DIR/results.csv as points finish, and the same command again resumes an interrupted\n"
    "sweep. At the end: results.csv sorted, pareto.csv, plots/ and summary.md.\n";

int parse_int(const std::string& text, const char* option, int lo, int hi) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < lo || value > hi) {
    throw UserError(fmt::format("{} '{}': expected an integer in {}..{}", option, text, lo, hi));
  }
  return value;
}

}  // namespace

int cmd_sweep(const Args& args) {
  namespace po = boost::program_options;
  std::string spec_path, out_dir, merge_dir, engine, evaluator_text = "auto", jobs_text, shard_text, partition,
                                                        shards_text;
  bool quiet = false, slurm = false, dry_run = false;
  po::options_description desc("sweep options");
  desc.add_options()("help,h", "show this help")                                                                 //
      ("spec", po::value(&spec_path), "the sweep spec (INI); also the first positional argument")               //
      ("out", po::value(&out_dir), "output directory (created if missing; reused to resume)")                   //
      ("jobs,j", po::value(&jobs_text), "points evaluated at once (default: every CPU; per task with --slurm: 1)")  //
      ("engine", po::value(&engine), "override the spec's engine")                                              //
      ("evaluator", po::value(&evaluator_text),
       "auto (default), in-process or subprocess (a child sasim run per point)")                               //
      ("quiet,q", po::bool_switch(&quiet), "no progress bar or messages on stderr")                             //
      ("dry-run", po::bool_switch(&dry_run), "check the spec and print the point count; run nothing")          //
      ("slurm", po::bool_switch(&slurm), "submit as a Slurm job array plus a merge job")                        //
      ("partition", po::value(&partition), "Slurm partition (default: the cluster's)")                         //
      ("shards", po::value(&shards_text), "Slurm array tasks (default: min(points, 16))")                       //
      ("shard", po::value(&shard_text), "I/N: run only shard I (0-based) of N, into DIR/shards/shard-I.csv")     //
      ("merge", po::value(&merge_dir), "merge DIR/shards/*.csv into DIR's final outputs");
  po::positional_options_description positional;
  positional.add("spec", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(desc).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::ostringstream os;
      os << desc;
      fmt::print("{}\n{}", kUsage, os.str());
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UserError(e.what());
  }

  if (vm.count("merge")) {
    if (vm.count("spec") || vm.count("out") || slurm || vm.count("shard")) {
      throw UserError("--merge DIR takes no SPEC, --out, --slurm or --shard: the spec is read from DIR/sweep.json");
    }
    if (merge_dir.empty()) throw UserError("--merge '': expected a sweep directory");
    merge_sweep(merge_dir, quiet);
    fmt::print("wrote {0}/results.csv, {0}/pareto.csv, {0}/summary.md, {0}/plots/\n", merge_dir);
    return 0;
  }
  if (spec_path.empty()) throw UserError("missing SPEC: expected `sasim sweep SPEC --out DIR` (see --help)");

  // Everything the user gave is checked before any point runs.
  SweepSpec spec = load_sweep_spec(spec_path);
  if (vm.count("engine")) {
    parse_engine(engine);  // throws UserError naming the engines
    spec.engine = engine;
  }
  const EvaluatorKind evaluator = parse_evaluator_kind(evaluator_text);
  check_evaluator(evaluator, spec.engine);
  const std::vector<std::int64_t> points = enumerate_points(spec);
  if (dry_run) {
    fmt::print("{}: {} points of {} in the cross product pass the constraints; x {} workloads = {} rows\n", spec_path,
               points.size(), spec.cross_product(), spec.workloads.size(), points.size() * spec.workloads.size());
    return 0;
  }
  if (!vm.count("out") || out_dir.empty()) throw UserError("--out DIR is required: where results.csv goes");
  if (slurm && vm.count("shard")) throw UserError("--slurm and --shard exclude each other: --shard is what a task runs");
  if (!slurm && (vm.count("partition") || vm.count("shards"))) {
    throw UserError("--partition and --shards go with --slurm");
  }

  if (slurm) {
    SlurmOptions options;
    options.partition = partition;
    options.shards = vm.count("shards") ? parse_int(shards_text, "--shards", 1, kMaxSlurmShards) : 0;
    options.cpus_per_task = vm.count("jobs") ? parse_int(jobs_text, "--jobs", 1, 1024) : 1;
    options.evaluator = evaluator_text;
    const SlurmSubmission s = submit_slurm_sweep(spec, out_dir, options, current_executable());
    fmt::print("submitted job array {} ({} shards) and merge job {}; results in {}/results.csv when it finishes\n",
               s.array_job, s.shards, s.merge_job, out_dir);
    return 0;
  }

  SweepOptions options;
  options.out_dir = out_dir;
  options.jobs = vm.count("jobs") ? parse_int(jobs_text, "--jobs", 1, 1024) : 0;
  options.quiet = quiet;
  options.evaluator = evaluator;
  options.analytic_memory = measure_analytic_memory;
  if (vm.count("shard")) {
    const auto slash = shard_text.find('/');
    if (slash == std::string::npos) throw UserError(fmt::format("--shard '{}': expected I/N, e.g. 0/4", shard_text));
    options.shards = parse_int(shard_text.substr(slash + 1), "--shard N", 1, kMaxSlurmShards);
    options.shard = parse_int(shard_text.substr(0, slash), "--shard I", 0, options.shards - 1);
  }
  const SweepStats stats = run_sweep(spec, options);
  const double rate = stats.seconds > 0 ? double(stats.evaluated) / stats.seconds : 0;
  fmt::print("sweep: {} points x {} workloads: {} resumed, {} run in {:.1f} s ({:.1f} points/s)\n", stats.points,
             spec.workloads.size(), stats.resumed, stats.evaluated, stats.seconds, rate);
  if (options.shard >= 0) {
    fmt::print("wrote {}/shards/shard-{}.csv\n", out_dir, options.shard);
  } else {
    fmt::print("wrote {0}/results.csv, {0}/pareto.csv, {0}/summary.md, {0}/plots/\n", out_dir);
  }
  return 0;
}

}  // namespace sasim::cli
