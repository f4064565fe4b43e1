// sasim sweep: a design-space sweep over architecture keys and workloads,
// run in parallel and resumably, or as a Slurm job array (docs/sweeps.md).
#include <fmt/format.h>

#include "commands.hpp"
#include "sasim/run/analytic_memory.hpp"
#include "sasim/run/engine.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/subprocess.hpp"
#include "sasim/support/text.hpp"
#include "sasim/sweep/sweep_eval.hpp"
#include "sasim/sweep/sweep_run.hpp"
#include "sasim/sweep/sweep_slurm.hpp"
#include "sasim/sweep/sweep_spec.hpp"
#include "sasim/sysc/dram_stream.hpp"

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
  const std::optional<std::int64_t> value = parse_int_in_range(text, lo, hi);
  if (!value) throw UserError(fmt::format("{} '{}': expected an integer in {}..{}", option, text, lo, hi));
  return int(*value);
}

// The command line as given; has() says whether an option was given at all
// (an empty value is not the same as none).
struct SweepArgs {
  std::string spec_path, out_dir, merge_dir, engine, evaluator_text = "auto", jobs_text, shard_text, partition,
                                                     shards_text;
  bool quiet = false, slurm = false, dry_run = false;
  boost::program_options::variables_map vm;
  bool has(const char* option) const { return vm.count(option) != 0; }
};

// False for --help (printed).
bool parse_sweep_args(const Args& args, SweepArgs& a) {
  namespace po = boost::program_options;
  po::options_description desc("sweep options");
  desc.add_options()("help,h", "show this help")                                                                      //
      ("spec", po::value(&a.spec_path), "the sweep spec (INI); also the first positional argument")                   //
      ("out", po::value(&a.out_dir), "output directory (created if missing; reused to resume)")                       //
      ("jobs,j", po::value(&a.jobs_text), "points evaluated at once (default: every CPU; per task with --slurm: 1)")  //
      ("engine", po::value(&a.engine), "override the spec's engine")                                                  //
      ("evaluator", po::value(&a.evaluator_text),
       "auto (default), in-process or subprocess (a child sasim run per point)")                                //
      ("quiet,q", po::bool_switch(&a.quiet), "no progress bar or messages on stderr")                           //
      ("dry-run", po::bool_switch(&a.dry_run), "check the spec and print the point count; run nothing")         //
      ("slurm", po::bool_switch(&a.slurm), "submit as a Slurm job array plus a merge job")                      //
      ("partition", po::value(&a.partition), "Slurm partition (default: the cluster's)")                        //
      ("shards", po::value(&a.shards_text), "Slurm array tasks (default: min(points, 16))")                     //
      ("shard", po::value(&a.shard_text), "I/N: run only shard I (0-based) of N, into DIR/shards/shard-I.csv")  //
      ("merge", po::value(&a.merge_dir), "merge DIR/shards/*.csv into DIR's final outputs");
  po::positional_options_description positional;
  positional.add("spec", 1);
  return parse_options(args, desc, a.vm, kUsage, &positional);
}

int merge(const SweepArgs& a) {
  if (a.has("spec") || a.has("out") || a.slurm || a.has("shard")) {
    throw UserError("--merge DIR takes no SPEC, --out, --slurm or --shard: the spec is read from DIR/sweep.json");
  }
  if (a.merge_dir.empty()) throw UserError("--merge '': expected a sweep directory");
  merge_sweep(a.merge_dir, a.quiet);
  fmt::print("wrote {0}/results.csv, {0}/pareto.csv, {0}/summary.md, {0}/plots/\n", a.merge_dir);
  return 0;
}

// The options that say where and how a sweep runs, checked against each
// other once the spec has been read.
void check_run_options(const SweepArgs& a) {
  if (!a.has("out") || a.out_dir.empty()) throw UserError("--out DIR is required: where results.csv goes");
  if (a.slurm && a.has("shard")) throw UserError("--slurm and --shard exclude each other: --shard is what a task runs");
  if (!a.slurm && (a.has("partition") || a.has("shards"))) {
    throw UserError("--partition and --shards go with --slurm");
  }
}

int submit_slurm(const SweepArgs& a, const SweepSpec& spec) {
  SlurmOptions options;
  options.partition = a.partition;
  options.shards = a.has("shards") ? parse_int(a.shards_text, "--shards", 1, kMaxSlurmShards) : 0;
  options.cpus_per_task = a.has("jobs") ? parse_int(a.jobs_text, "--jobs", 1, 1024) : 1;
  options.evaluator = a.evaluator_text;
  const SlurmSubmission s = submit_slurm_sweep(spec, a.out_dir, options, current_executable());
  fmt::print("submitted job array {} ({} shards) and merge job {}; results in {}/results.csv when it finishes\n",
             s.array_job, s.shards, s.merge_job, a.out_dir);
  return 0;
}

// The whole sweep, or with --shard I/N one Slurm task's share, in this process.
int run_here(const SweepArgs& a, const SweepSpec& spec, EvaluatorKind evaluator) {
  SweepOptions options;
  options.out_dir = a.out_dir;
  options.jobs = a.has("jobs") ? parse_int(a.jobs_text, "--jobs", 1, 1024) : 0;
  options.quiet = a.quiet;
  options.evaluator = evaluator;
  options.analytic_memory = measure_analytic_memory;
  if (a.has("shard")) {
    const auto slash = a.shard_text.find('/');
    if (slash == std::string::npos) throw UserError(fmt::format("--shard '{}': expected I/N, e.g. 0/4", a.shard_text));
    options.shards = parse_int(a.shard_text.substr(slash + 1), "--shard N", 1, kMaxSlurmShards);
    options.shard = parse_int(a.shard_text.substr(0, slash), "--shard I", 0, options.shards - 1);
  }
  const SweepStats stats = run_sweep(spec, options);
  const double rate = stats.seconds > 0 ? double(stats.evaluated) / stats.seconds : 0;
  fmt::print("sweep: {} points x {} workloads: {} resumed, {} run in {:.1f} s ({:.1f} points/s)\n", stats.points,
             spec.workloads.size(), stats.resumed, stats.evaluated, stats.seconds, rate);
  if (options.shard >= 0) {
    fmt::print("wrote {}/shards/shard-{}.csv\n", a.out_dir, options.shard);
  } else {
    fmt::print("wrote {0}/results.csv, {0}/pareto.csv, {0}/summary.md, {0}/plots/\n", a.out_dir);
  }
  return 0;
}

}  // namespace

int cmd_sweep(const Args& args) {
  SweepArgs a;
  if (!parse_sweep_args(args, a)) return 0;
  if (a.has("merge")) return merge(a);
  if (a.spec_path.empty()) throw UserError("missing SPEC: expected `sasim sweep SPEC --out DIR` (see --help)");

  // Everything the user gave is checked before any point runs.
  SweepSpec spec = load_sweep_spec(a.spec_path);
  if (a.has("engine")) {
    parse_engine(a.engine);  // throws UserError naming the engines
    spec.engine = a.engine;
  }
  const EvaluatorKind evaluator = parse_evaluator_kind(a.evaluator_text);
  check_evaluator(evaluator, spec.engine);
  const std::vector<std::int64_t> points = enumerate_points(spec);
  if (a.dry_run) {
    fmt::print("{}: {} points of {} in the cross product pass the constraints; x {} workloads = {} rows\n", a.spec_path,
               points.size(), spec.cross_product(), spec.workloads.size(), points.size() * spec.workloads.size());
    return 0;
  }
  check_run_options(a);
  return a.slurm ? submit_slurm(a, spec) : run_here(a, spec, evaluator);
}

}  // namespace sasim::cli
