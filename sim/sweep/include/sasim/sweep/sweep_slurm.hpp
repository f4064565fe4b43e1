#pragma once
// A sweep as a Slurm job array (docs/sweeps.md, "On a cluster"): one task per
// shard, each running `sasim sweep SPEC --out DIR --shard I/N` into
// DIR/shards/shard-I.csv, then a merge job (`sasim sweep --merge DIR`) that
// starts once every task succeeded. DIR must be on a filesystem that the
// submitting machine and every node share, like the spec and sasim itself.
#include <string>

#include "sasim/sweep/sweep_spec.hpp"

namespace sasim {

struct SlurmOptions {
  std::string partition;  // "" = the cluster's default partition
  int shards = 0;         // 0 = min(points, kDefaultSlurmShards)
  int cpus_per_task = 1;  // each task runs this many points at once
  std::string evaluator;  // passed on as --evaluator unless "" or "auto"
};

inline constexpr int kDefaultSlurmShards = 16;
inline constexpr int kMaxSlurmShards = 10'000;  // Slurm's default MaxArraySize is 1001; clusters raise it

struct SlurmSubmission {
  std::string array_job, merge_job;  // job ids sbatch printed
  int shards = 0;
};

// Writes DIR/slurm/shard.sh and merge.sh and submits them with sbatch (from
// PATH). Throws UserError with sbatch's message if a submission fails.
SlurmSubmission submit_slurm_sweep(const SweepSpec& spec, const std::string& out_dir, const SlurmOptions& options,
                                   const std::string& sasim_binary);

}  // namespace sasim
