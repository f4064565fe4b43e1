// sasim sweep end to end (the built binary, a fresh directory per test):
// byte-identical results whatever --jobs or evaluator, resuming after a kill
// (a torn, unsorted results.csv), infeasible points as rows, shards merged
// into the same bytes as a local run, and bad specs refused before any point.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.hpp"

namespace sasim::testing {
namespace {

// 3 x 3 x 3 = 27 points minus the constraint's 3, two workloads; in_width 16
// with acc_width 24 is infeasible (acc_width must be >= 32 then).
constexpr const char* kSpec =
    "[sweep]\n"
    "engine = model\n"
    "objectives = latency, utilization\n"
    "constraint = array.rows * array.cols <= 512\n"
    "[workloads]\n"
    "square = gemm:M=32,N=32,K=32\n"
    "skinny = gemm:name=a,M=4,N=64,K=48;gemm:name=b,M=20,N=8,K=8\n"
    "[axes]\n"
    "array.rows = 8..32 *2\n"
    "array.cols = 8, 16, 32\n"
    "array.dataflow = ws, os, is\n";

class SweepCli : public CliTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(CliTest::SetUp());
    write_text(dir_ / "spec.ini", kSpec);
  }

  CliOutput sweep(const std::vector<std::string>& args) { return sasim("sweep", args); }

  // A local run of spec.ini into out; its results.csv and pareto.csv.
  std::pair<std::string, std::string> run_into(const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"spec.ini", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliOutput r = sweep(args);
    EXPECT_EQ(r.status, 0) << r.err;
    return {read_text(dir_ / out / "results.csv"), read_text(dir_ / out / "pareto.csv")};
  }
};

TEST_F(SweepCli, WritesEveryOutputAndOneRowPerPointAndWorkload) {
  const auto [results, pareto] = run_into("out");
  const std::vector<std::string> rows = lines_of(results);
  ASSERT_EQ(rows.size(), 1u + 24 * 2);
  EXPECT_EQ(rows[0],
            "array.rows,array.cols,array.dataflow,workload,feasible,cycles,macs,time_s,utilization,tops,dram_bytes,"
            "energy_j,energy_mac_j,energy_sram_j,energy_dram_j,energy_interconnect_j,energy_other_j,area_mm2,reason");
  // Energy and area are filled, and the energy parts add up to the total.
  const std::vector<std::string> f = csv_fields(rows[1]);
  ASSERT_EQ(f.size(), 18u);  // the empty reason has no field of its own after the last comma
  double parts = 0;
  for (std::size_t i = 12; i < 17; ++i) parts += std::stod(f[i]);
  EXPECT_NEAR(parts, std::stod(f[11]), 1e-12 * std::stod(f[11]));
  EXPECT_GT(std::stod(f[10]), 0);  // DRAM bytes
  EXPECT_GT(std::stod(f[17]), 0);  // area
  EXPECT_EQ(rows[1].rfind("8,8,ws,square,1,", 0), 0u) << rows[1];
  EXPECT_EQ(rows[2].rfind("8,8,ws,skinny,1,", 0), 0u) << rows[2];
  EXPECT_EQ(rows.back().rfind("32,16,is,skinny,1,", 0), 0u) << rows.back();  // 32x32 fails the constraint
  EXPECT_GT(lines_of(pareto).size(), 1u);
  for (const char* file : {"summary.md", "sweep.json", "plots/utilization_heatmap.gp", "plots/latency_area.gp"}) {
    EXPECT_TRUE(fs::exists(dir_ / "out" / file)) << file;
  }
  const std::string summary = read_text(dir_ / "out/summary.md");
  EXPECT_NE(summary.find("24 of 27 in the cross product"), std::string::npos) << summary;
  EXPECT_NE(summary.find("| latency (time_s, lower is better)"), std::string::npos) << summary;
}

TEST_F(SweepCli, SameBytesWhateverJobsAndEvaluator) {
  const auto one = run_into("j1", {"--jobs", "1"});
  const auto two = run_into("j2", {"--jobs", "2"});
  const auto child = run_into("sub", {"--jobs", "2", "--evaluator", "subprocess"});
  EXPECT_EQ(one.first, two.first);
  EXPECT_EQ(one.second, two.second);
  EXPECT_EQ(one.first, child.first);  // a child sasim run per point gives the same numbers
  EXPECT_EQ(one.second, child.second);
}

TEST_F(SweepCli, AnalyticEngineSameBytesInProcessAndInChildren) {
  write_text(dir_ / "spec.ini",
             "[sweep]\nengine = analytic\n[workloads]\nw = gemm:M=64,N=96,K=80;conv:H=14,W=14,C=32,K=64,R=3,pad=1\n"
             "[axes]\narray.rows = 8, 32\narray.dataflow = ws, os\n");
  const auto in_process = run_into("a", {"--evaluator", "in-process"});
  const auto children = run_into("b", {"--evaluator", "subprocess"});
  EXPECT_EQ(in_process.first, children.first);
  EXPECT_EQ(in_process.second, children.second);
  EXPECT_EQ(lines_of(in_process.first).size(), 5u);
  // The command line's --engine overrides the spec's.
  const auto model = run_into("m", {"--engine", "model"});
  EXPECT_NE(model.first, in_process.first);
}

// A model point means `sasim run --engine model` wherever it runs: in this
// process (platform runs take turns) or in a child sasim run. (In-process
// model points used to time the matrix unit alone, without the memory.)
TEST_F(SweepCli, ModelEngineSameBytesInProcessAndInChildren) {
  write_text(dir_ / "spec.ini",
             "[sweep]\nengine = model\n[workloads]\nw = gemm:M=64,N=96,K=80;conv:H=14,W=14,C=32,K=64,R=3,pad=1\n"
             "[axes]\narray.rows = 8, 32\narray.dataflow = ws, os\n");
  const auto in_process = run_into("a", {"--evaluator", "in-process", "--jobs", "2"});
  const auto children = run_into("b", {"--evaluator", "subprocess"});
  EXPECT_EQ(in_process.first, children.first);
  EXPECT_EQ(in_process.second, children.second);
  EXPECT_EQ(lines_of(in_process.first).size(), 5u);
}

TEST_F(SweepCli, ResumesAfterAKillAndCompletesTheSameFile) {
  const auto reference = run_into("ref");
  // A killed sweep: rows in completion order (shuffled), some points
  // missing, one point with only one of its two rows, and a torn last line.
  std::vector<std::string> rows = lines_of(reference.first);
  const std::string header = rows.front();
  rows.erase(rows.begin());
  std::vector<std::string> pairs;  // whole points: two consecutive rows
  for (std::size_t i = 0; i + 1 < rows.size(); i += 2) pairs.push_back(rows[i] + "\n" + rows[i + 1] + "\n");
  std::shuffle(pairs.begin(), pairs.end(), std::mt19937(7));
  std::string killed = header + "\n";
  for (std::size_t i = 0; i < 10; ++i) killed += pairs[i];
  killed += pairs[10].substr(0, pairs[10].find('\n') + 1);  // half a point
  killed += pairs[11].substr(0, pairs[11].size() / 3);      // torn mid-line
  fs::create_directory(dir_ / "out");
  fs::copy_file(dir_ / "ref/sweep.json", dir_ / "out/sweep.json");
  write_text(dir_ / "out/results.csv", killed);

  const CliOutput r = sweep({"spec.ini", "--out", "out", "--jobs", "2"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("10 resumed, 14 run"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("kept 20 rows, dropped 2"), std::string::npos) << r.err;
  EXPECT_EQ(read_text(dir_ / "out/results.csv"), reference.first);
  EXPECT_EQ(read_text(dir_ / "out/pareto.csv"), reference.second);

  // Once complete, the same command runs nothing and changes nothing.
  const CliOutput again = sweep({"spec.ini", "--out", "out"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("24 resumed, 0 run"), std::string::npos) << again.out;
  EXPECT_EQ(read_text(dir_ / "out/results.csv"), reference.first);
}

// Runs `sasim sweep spec.ini --out out` in dir with a child per point (slow
// enough to stop midway) and sends sig once a few points are in (or after
// 20 s, whatever is there).
CliOutput stop_sweep_midway(const fs::path& dir, int sig) {
  SasimChild sweep({"sweep", "spec.ini", "--out", "out", "--evaluator", "subprocess", "--jobs", "2", "--quiet"}, dir);
  for (int i = 0; i < 2000 && lines_of(read_text(dir / "out/results.csv")).size() < 8; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return sweep.finish(sig);
}

TEST_F(SweepCli, SigintStopsAfterTheRunningPointsAndSaysHowToResume) {
  const auto reference = run_into("ref", {"--jobs", "1"});
  const CliOutput stopped = stop_sweep_midway(dir_, SIGINT);
  const std::string& err = stopped.err;
  if (stopped.signal == 0) {  // unless the sweep had finished before the signal
    EXPECT_EQ(stopped.status, 2) << err;
    EXPECT_NE(err.find("interrupted (SIGINT): "), std::string::npos) << err;
    EXPECT_NE(err.find("run the same command again to resume"), std::string::npos) << err;
  }
  const CliOutput r = sweep({"spec.ini", "--out", "out", "--evaluator", "subprocess"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_text(dir_ / "out/results.csv"), reference.first);
}

TEST_F(SweepCli, KillNineHalfWayThenTheSameCommandCompletesTheFile) {
  // Whenever the kill lands, the rerun must give the reference bytes, with
  // no duplicated and no missing row.
  const auto reference = run_into("ref", {"--jobs", "1"});
  const CliOutput stopped = stop_sweep_midway(dir_, SIGKILL);
  ASSERT_TRUE(stopped.signal != 0 || stopped.status == 0) << stopped.status << " " << stopped.signal;
  const std::size_t rows_at_kill = lines_of(read_text(dir_ / "out/results.csv")).size();

  const CliOutput r = sweep({"spec.ini", "--out", "out", "--evaluator", "subprocess"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_text(dir_ / "out/results.csv"), reference.first) << rows_at_kill << " lines at the kill";
  EXPECT_EQ(read_text(dir_ / "out/pareto.csv"), reference.second);
}

TEST_F(SweepCli, InfeasiblePointsAreRowsWithTheirReason) {
  write_text(dir_ / "spec.ini",
             "[workloads]\nw = gemm:M=8,N=8,K=8\n[axes]\narray.in_width = 8, 16\narray.acc_width = 24, 32\n");
  for (const char* evaluator : {"in-process", "subprocess"}) {
    const std::string out = std::string("out-") + evaluator;
    const CliOutput r = sweep({"spec.ini", "--out", out, "--evaluator", evaluator});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::vector<std::string> rows = lines_of(read_text(dir_ / out / "results.csv"));
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[1].rfind("8,24,w,1,", 0), 0u) << rows[1];
    EXPECT_EQ(rows[3],
              "16,24,w,0,,,,,,,,,,,,,,architecture 'default': array acc_width = 24: expected 32..64 (at least twice "
              "in_width = 16)")
        << evaluator;
    EXPECT_EQ(rows[4].rfind("16,32,w,1,", 0), 0u) << rows[4];
    EXPECT_NE(read_text(dir_ / out / "summary.md").find("3 feasible, 1 infeasible"), std::string::npos);
  }
}

TEST_F(SweepCli, ShardsMergeIntoTheLocalRunsBytes) {
  const auto local = run_into("local");
  for (const char* shard : {"0/3", "2/3", "1/3"}) {
    const CliOutput r = sweep({"spec.ini", "--out", "sharded", "--shard", shard});
    ASSERT_EQ(r.status, 0) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "sharded/results.csv"));
  const CliOutput merged = sweep({"--merge", "sharded"});
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_EQ(read_text(dir_ / "sharded/results.csv"), local.first);
  EXPECT_EQ(read_text(dir_ / "sharded/pareto.csv"), local.second);
}

TEST_F(SweepCli, SlurmJobScriptsRunAsAnArrayAndMergeToTheLocalBytes) {
  // A stand-in sbatch records its arguments and prints a job id; the job
  // scripts are then run by hand as Slurm would, task by task, then the merge.
  const auto local = run_into("local");
  const fs::path bin = dir_ / "bin";
  fs::create_directory(bin);
  write_text(bin / "sbatch", "#!/bin/sh\necho \"$@\" >>" + shell_quote((dir_ / "sbatch.log").string()) +
                                 "\nn=$(wc -l <" + shell_quote((dir_ / "sbatch.log").string()) +
                                 ")\necho \"$((41 + n));cluster\"\n");
  fs::permissions(bin / "sbatch", fs::perms::owner_all);
  const std::string path = bin.string() + ":" + std::getenv("PATH");
  const CliOutput submit =
      run_sasim({"sweep", "spec.ini", "--out", "slurm-out", "--slurm", "--shards", "3", "--partition", "p1"}, dir_,
                {"PATH=" + path});
  ASSERT_EQ(submit.status, 0) << submit.out << submit.err;
  EXPECT_NE(submit.out.find("submitted job array 42 (3 shards) and merge job 43"), std::string::npos)
      << submit.out << submit.err;
  const std::vector<std::string> calls = lines_of(read_text(dir_ / "sbatch.log"));
  ASSERT_EQ(calls.size(), 2u);
  const std::string out = fs::canonical(dir_ / "slurm-out").string();
  EXPECT_NE(calls[0].find("--partition=p1"), std::string::npos) << calls[0];
  EXPECT_NE(calls[0].find("--array=0-2"), std::string::npos) << calls[0];
  EXPECT_NE(calls[0].find(out + "/slurm/shard.sh"), std::string::npos) << calls[0];
  EXPECT_NE(calls[1].find("--dependency=afterok:42 --kill-on-invalid-dep=yes"), std::string::npos) << calls[1];
  EXPECT_NE(calls[1].find(out + "/slurm/merge.sh"), std::string::npos) << calls[1];

  for (const char* task : {"2", "0", "1"}) {
    const std::string run = "SLURM_ARRAY_TASK_ID=" + std::string(task) + " sh " + shell_quote(out + "/slurm/shard.sh");
    ASSERT_EQ(std::system(run.c_str()), 0) << task;
  }
  EXPECT_FALSE(fs::exists(dir_ / "slurm-out/results.csv"));
  ASSERT_EQ(std::system(("sh " + shell_quote(out + "/slurm/merge.sh") + " >/dev/null").c_str()), 0);
  EXPECT_EQ(read_text(dir_ / "slurm-out/results.csv"), local.first);
  EXPECT_EQ(read_text(dir_ / "slurm-out/pareto.csv"), local.second);
}

TEST_F(SweepCli, SlurmWithoutSbatchIsOneClearError) {
  const CliOutput r = run_sasim({"sweep", "spec.ini", "--out", "o", "--slurm"}, dir_, {"PATH=/nonexistent"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--slurm: cannot run sbatch"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "o"));  // checked before anything is written
}

TEST_F(SweepCli, MergeRefusesMissingShards) {
  ASSERT_EQ(sweep({"spec.ini", "--out", "part", "--shard", "0/2"}).status, 0);
  const CliOutput r = sweep({"--merge", "part"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("12 of 24 points have no rows"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "part/results.csv"));
}

TEST_F(SweepCli, AnotherSpecCannotReuseTheDirectory) {
  run_into("out");
  write_text(dir_ / "spec.ini", std::string(kSpec) + "array.freq_mhz = 500, 700\n");
  const CliOutput r = sweep({"spec.ini", "--out", "out"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("holds a sweep of another spec"), std::string::npos) << r.err;
}

struct BadRun {
  const char* label;
  std::string spec;  // written to bad.ini
  std::vector<std::string> args;
  const char* message;
};

void PrintTo(const BadRun& bad, std::ostream* os) {
  *os << bad.label;
}

class SweepCliBadInput : public SweepCli, public ::testing::WithParamInterface<BadRun> {};

TEST_P(SweepCliBadInput, OneLineExitTwoNothingWritten) {
  write_text(dir_ / "bad.ini", GetParam().spec);
  expect_one_line_error(sweep(GetParam().args), GetParam().message);
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

const std::string kGood = "[workloads]\nw = gemm:M=8,N=8,K=8\n[axes]\narray.rows = 8, 16\n";

INSTANTIATE_TEST_SUITE_P(
    All, SweepCliBadInput,
    ::testing::Values(
        BadRun{"unknown_key",
               "[sweep]\nspeed = 1\n" + kGood,
               {"bad.ini", "--out", "out"},
               "bad.ini:2: unknown key 'speed'"},
        BadRun{"empty_range",
               kGood + "array.cols = 16..8\n",
               {"bad.ini", "--out", "out"},
               "bad.ini:5: array.cols = '16..8': empty range"},
        BadRun{"unknown_preset",
               "[sweep]\narch = nope\n" + kGood,
               {"bad.ini", "--out", "out"},
               "bad.ini:2: arch: unknown architecture preset"},
        BadRun{"missing_spec", kGood, {"none.ini", "--out", "out"}, "sweep spec 'none.ini': no such file"},
        BadRun{
            "spec_is_a_device", kGood, {"/dev/zero", "--out", "out"}, "sweep spec '/dev/zero': is not a regular file"},
        BadRun{"no_out", kGood, {"bad.ini"}, "--out DIR is required"},
        BadRun{"bad_jobs",
               kGood,
               {"bad.ini", "--out", "out", "--jobs", "0"},
               "--jobs '0': expected an integer in 1..1024"},
        BadRun{"bad_engine", kGood, {"bad.ini", "--out", "out", "--engine", "fast"}, "--engine 'fast'"},
        BadRun{"bad_shard",
               kGood,
               {"bad.ini", "--out", "out", "--shard", "3/3"},
               "--shard I '3': expected an integer in 0..2"},
        BadRun{"bad_evaluator", kGood, {"bad.ini", "--out", "out", "--evaluator", "x"}, "--evaluator 'x'"},
        BadRun{"rtl_in_process",
               kGood,
               {"bad.ini", "--out", "out", "--engine", "rtl", "--evaluator", "in-process"},
               "--evaluator in-process: the rtl engine"},
        BadRun{"shards_without_slurm", kGood, {"bad.ini", "--out", "out", "--shards", "4"}, "go with --slurm"},
        BadRun{"merge_not_a_sweep", kGood, {"--merge", "bad.ini"}, "no sweep.json"}),
    [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace sasim::testing
