#include "sasim/sweep/sweep_slurm.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "sasim/support/atomic_file.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/subprocess.hpp"
#include "sasim/sweep/sweep_run.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// Runs sbatch --parsable ...; returns the job id it prints ("id" or "id;cluster").
std::string sbatch(std::vector<std::string> args, const std::string& log_dir, const std::string& what) {
  args.insert(args.begin(), {"sbatch", "--parsable"});
  const std::string out_path = log_dir + "/.sbatch.out", err_path = log_dir + "/.sbatch.err";
  const ChildStatus status = run_child(args, out_path, err_path);
  const std::string out = read_text_file(out_path), err = read_text_file(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  if (!status.start_error.empty()) {
    throw UserError(
        fmt::format("--slurm: cannot run sbatch ({}): the Slurm client tools must be in PATH", status.start_error));
  }
  std::string id = out.substr(0, out.find_first_of(";\n"));
  if (!status.exited || status.code != 0 || id.empty()) {
    throw UserError(
        fmt::format("--slurm: sbatch refused the {} ({}): {}", what, describe(status), err.substr(0, err.find('\n'))));
  }
  return id;
}

}  // namespace

SlurmSubmission submit_slurm_sweep(const SweepSpec& spec, const std::string& out_dir, const SlurmOptions& options,
                                   const std::string& sasim_binary) {
  if (find_program("sbatch").empty()) {
    throw UserError("--slurm: cannot run sbatch ('sbatch' not found in PATH): the Slurm client tools must be in PATH");
  }
  const std::size_t points = enumerate_points(spec).size();
  SlurmSubmission submission;
  submission.shards = int(std::max<std::size_t>(
      1, std::min<std::size_t>(points, std::size_t(options.shards > 0 ? options.shards : kDefaultSlurmShards))));
  const std::string dir = fs::absolute(out_dir).lexically_normal().string();
  ensure_output_dir(dir);
  claim_sweep_dir(spec, dir);
  const std::string slurm_dir = dir + "/slurm";
  ensure_output_dir(slurm_dir);

  const std::string spec_path = fs::absolute(spec.path).lexically_normal().string();
  std::string shard_cmd =
      fmt::format("exec {} sweep {} --out {} --engine {} --jobs {} --quiet", shell_quote(sasim_binary),
                  shell_quote(spec_path), shell_quote(dir), shell_quote(spec.engine), options.cpus_per_task);
  if (!options.evaluator.empty() && options.evaluator != "auto")
    shard_cmd += " --evaluator " + shell_quote(options.evaluator);
  shard_cmd += fmt::format(" --shard \"$SLURM_ARRAY_TASK_ID/{}\"\n", submission.shards);
  const std::string header = "#!/bin/sh\n# Written by sasim sweep --slurm; submitted with sbatch (docs/sweeps.md).\n";
  write_file_atomically(slurm_dir, "shard.sh",
                        header + "# One array task: the points of shard $SLURM_ARRAY_TASK_ID.\n" + shard_cmd);
  write_file_atomically(slurm_dir, "merge.sh",
                        header + "# After every shard: results.csv, pareto.csv, plots, summary.md.\n" +
                            fmt::format("exec {} sweep --merge {}\n", shell_quote(sasim_binary), shell_quote(dir)));
  for (const char* script : {"shard.sh", "merge.sh"})
    fs::permissions(slurm_dir + "/" + script, fs::perms::owner_exec, fs::perm_options::add);

  std::vector<std::string> common = {"--chdir=" + dir};
  if (!options.partition.empty()) common.push_back("--partition=" + options.partition);
  std::vector<std::string> array_args = common;
  array_args.insert(array_args.end(), {fmt::format("--array=0-{}", submission.shards - 1), "--job-name=sasim-sweep",
                                       fmt::format("--cpus-per-task={}", options.cpus_per_task),
                                       "--output=" + slurm_dir + "/shard-%a.log", slurm_dir + "/shard.sh"});
  submission.array_job = sbatch(array_args, slurm_dir, "job array");
  // kill-on-invalid-dep: a failed task cancels the merge instead of leaving
  // it pending for ever.
  std::vector<std::string> merge_args = common;
  merge_args.insert(merge_args.end(),
                    {"--dependency=afterok:" + submission.array_job, "--kill-on-invalid-dep=yes",
                     "--job-name=sasim-sweep-merge", "--output=" + slurm_dir + "/merge.log", slurm_dir + "/merge.sh"});
  submission.merge_job = sbatch(merge_args, slurm_dir, "merge job");
  return submission;
}

}  // namespace sasim
