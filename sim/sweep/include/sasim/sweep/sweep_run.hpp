#pragma once
// Runs a sweep into an output directory (docs/sweeps.md):
//   DIR/sweep.json    which spec and engine the directory belongs to
//   DIR/results.csv   rows appended as points finish, sorted at the end
//   DIR/pareto.csv, DIR/summary.md, DIR/plots/   written once every point is done
//   DIR/shards/shard-I.csv   a Slurm task's rows (--shard I/N), merged by merge_sweep
// A rerun of the same command skips the points already in the file: an
// interrupted sweep loses only the points that were running.
#include <cstdint>
#include <string>

#include "sasim/sweep/sweep_eval.hpp"
#include "sasim/sweep/sweep_spec.hpp"

namespace sasim {

struct SweepOptions {
  std::string out_dir;
  int jobs = 0;        // threads; 0: every CPU this process may run on
  bool quiet = false;  // no progress bar
  EvaluatorKind evaluator = EvaluatorKind::Auto;
  std::string sasim_binary;  // runs subprocess points; "" = this executable
  int shard = -1;            // >= 0: run only the points of shard `shard` of `shards`
  int shards = 0;
  AnalyticMemoryModel analytic_memory;  // --engine analytic in process; empty: run such points as subprocesses
};

struct SweepStats {
  std::int64_t points = 0;     // after constraints (this shard's, for a shard)
  std::int64_t resumed = 0;    // already in the results file
  std::int64_t evaluated = 0;  // run now
  double seconds = 0;          // wall time of the evaluation
};

// CPUs this process may run on (sched_getaffinity), at least 1.
int available_cpus();

// Evaluates the points not yet in the results file, then (for a whole sweep)
// writes the final results.csv, pareto.csv, plots and summary.md.
SweepStats run_sweep(const SweepSpec& spec, const SweepOptions& options);

// Records DIR/sweep.json for the spec, or checks that DIR already belongs to
// it (same spec text and engine); throws UserError otherwise.
void claim_sweep_dir(const SweepSpec& spec, const std::string& out_dir);

// The spec DIR/sweep.json records (re-parsed from its stored text).
SweepSpec load_recorded_spec(const std::string& out_dir);

// Merges DIR/shards/*.csv (and rows already in DIR/results.csv) into the
// final outputs, byte-identical to a local run. Throws UserError naming the
// missing points' count if a shard is incomplete.
void merge_sweep(const std::string& out_dir, bool quiet);

}  // namespace sasim
