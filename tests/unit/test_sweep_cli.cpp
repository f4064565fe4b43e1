// sasim sweep end to end (the built binary, a fresh directory per test):
// byte-identical results whatever --jobs or evaluator, resuming after a kill
// (a torn, unsorted results.csv), infeasible points as rows, shards merged
// into the same bytes as a local run, and bad specs refused before any point.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

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

struct CliResult {
  int status = -1;
  std::string out, err;
};

class SweepCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "sasim_sweep_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    write_file(dir_ / "spec.ini", kSpec);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliResult sweep(const std::vector<std::string>& args) {
    std::string command = "cd " + shell_quote(dir_.string()) + " && " + shell_quote(SASIM_BINARY) + " sweep";
    for (const std::string& arg : args) command += " " + shell_quote(arg);
    command += " >" + shell_quote((dir_ / "stdout.txt").string()) + " 2>" + shell_quote((dir_ / "stderr.txt").string());
    CliResult result;
    const int status = std::system(command.c_str());
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(dir_ / "stdout.txt");
    result.err = read_file(dir_ / "stderr.txt");
    return result;
  }

  // A local run of spec.ini into out; its results.csv and pareto.csv.
  std::pair<std::string, std::string> run_into(const std::string& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"spec.ini", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliResult r = sweep(args);
    EXPECT_EQ(r.status, 0) << r.err;
    return {read_file(dir_ / out / "results.csv"), read_file(dir_ / out / "pareto.csv")};
  }

  fs::path dir_;
};

TEST_F(SweepCli, WritesEveryOutputAndOneRowPerPointAndWorkload) {
  const auto [results, pareto] = run_into("out");
  const std::vector<std::string> rows = lines_of(results);
  ASSERT_EQ(rows.size(), 1u + 24 * 2);
  EXPECT_EQ(rows[0],
            "array.rows,array.cols,array.dataflow,workload,feasible,cycles,macs,time_s,utilization,tops,dram_bytes,"
            "energy_j,energy_mac_j,energy_sram_j,energy_dram_j,energy_interconnect_j,energy_other_j,area_mm2,reason");
  // Energy and area are filled, and the energy parts add up to the total.
  const std::vector<std::string> f = [&] {
    std::vector<std::string> fields;
    std::istringstream in(rows[1]);
    for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
    return fields;
  }();
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
  const std::string summary = read_file(dir_ / "out/summary.md");
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
  write_file(dir_ / "spec.ini",
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
  killed += pairs[10].substr(0, pairs[10].find('\n') + 1);    // half a point
  killed += pairs[11].substr(0, pairs[11].size() / 3);        // torn mid-line
  fs::create_directory(dir_ / "out");
  fs::copy_file(dir_ / "ref/sweep.json", dir_ / "out/sweep.json");
  write_file(dir_ / "out/results.csv", killed);

  const CliResult r = sweep({"spec.ini", "--out", "out", "--jobs", "2"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("10 resumed, 14 run"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("kept 20 rows, dropped 2"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir_ / "out/results.csv"), reference.first);
  EXPECT_EQ(read_file(dir_ / "out/pareto.csv"), reference.second);

  // Once complete, the same command runs nothing and changes nothing.
  const CliResult again = sweep({"spec.ini", "--out", "out"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("24 resumed, 0 run"), std::string::npos) << again.out;
  EXPECT_EQ(read_file(dir_ / "out/results.csv"), reference.first);
}

// Starts `sasim sweep spec.ini --out out` with a child per point (slow enough
// to stop midway), sends sig once a few points are in (or after 20 s,
// whatever is there) and returns its wait status; stderr goes to err.txt.
int stop_sweep_midway(const fs::path& dir, int sig) {
  const std::string out = (dir / "out").string(), spec = (dir / "spec.ini").string(), err = (dir / "err.txt").string();
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    dup2(null, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    execl(SASIM_BINARY, SASIM_BINARY, "sweep", spec.c_str(), "--out", out.c_str(), "--evaluator", "subprocess",
          "--jobs", "2", "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 2000 && lines_of(read_file(dir / "out/results.csv")).size() < 8; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, sig);
  int status = 0;
  return waitpid(pid, &status, 0) == pid ? status : -1;
}

TEST_F(SweepCli, SigintStopsAfterTheRunningPointsAndSaysHowToResume) {
  const auto reference = run_into("ref", {"--jobs", "1"});
  const int status = stop_sweep_midway(dir_, SIGINT);
  const std::string err = read_file(dir_ / "err.txt");
  if (WIFEXITED(status)) {  // unless the sweep had finished before the signal
    EXPECT_EQ(WEXITSTATUS(status), 2) << err;
    EXPECT_NE(err.find("interrupted (SIGINT): "), std::string::npos) << err;
    EXPECT_NE(err.find("run the same command again to resume"), std::string::npos) << err;
  }
  const CliResult r = sweep({"spec.ini", "--out", "out", "--evaluator", "subprocess"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_file(dir_ / "out/results.csv"), reference.first);
}

TEST_F(SweepCli, KillNineHalfWayThenTheSameCommandCompletesTheFile) {
  // Whenever the kill lands, the rerun must give the reference bytes, with
  // no duplicated and no missing row.
  const auto reference = run_into("ref", {"--jobs", "1"});
  const int status = stop_sweep_midway(dir_, SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0)) << status;
  const std::size_t rows_at_kill = lines_of(read_file(dir_ / "out/results.csv")).size();

  const CliResult r = sweep({"spec.ini", "--out", "out", "--evaluator", "subprocess"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_file(dir_ / "out/results.csv"), reference.first) << rows_at_kill << " lines at the kill";
  EXPECT_EQ(read_file(dir_ / "out/pareto.csv"), reference.second);
}

TEST_F(SweepCli, InfeasiblePointsAreRowsWithTheirReason) {
  write_file(dir_ / "spec.ini",
             "[workloads]\nw = gemm:M=8,N=8,K=8\n[axes]\narray.in_width = 8, 16\narray.acc_width = 24, 32\n");
  for (const char* evaluator : {"in-process", "subprocess"}) {
    const std::string out = std::string("out-") + evaluator;
    const CliResult r = sweep({"spec.ini", "--out", out, "--evaluator", evaluator});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::vector<std::string> rows = lines_of(read_file(dir_ / out / "results.csv"));
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[1].rfind("8,24,w,1,", 0), 0u) << rows[1];
    EXPECT_EQ(rows[3],
              "16,24,w,0,,,,,,,,,,,,,,architecture 'default': array acc_width = 24: expected 32..64 (at least twice "
              "in_width = 16)")
        << evaluator;
    EXPECT_EQ(rows[4].rfind("16,32,w,1,", 0), 0u) << rows[4];
    EXPECT_NE(read_file(dir_ / out / "summary.md").find("3 feasible, 1 infeasible"), std::string::npos);
  }
}

TEST_F(SweepCli, ShardsMergeIntoTheLocalRunsBytes) {
  const auto local = run_into("local");
  for (const char* shard : {"0/3", "2/3", "1/3"}) {
    const CliResult r = sweep({"spec.ini", "--out", "sharded", "--shard", shard});
    ASSERT_EQ(r.status, 0) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "sharded/results.csv"));
  const CliResult merged = sweep({"--merge", "sharded"});
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_EQ(read_file(dir_ / "sharded/results.csv"), local.first);
  EXPECT_EQ(read_file(dir_ / "sharded/pareto.csv"), local.second);
}

TEST_F(SweepCli, SlurmJobScriptsRunAsAnArrayAndMergeToTheLocalBytes) {
  // A stand-in sbatch records its arguments and prints a job id; the job
  // scripts are then run by hand as Slurm would, task by task, then the merge.
  const auto local = run_into("local");
  const fs::path bin = dir_ / "bin";
  fs::create_directory(bin);
  write_file(bin / "sbatch",
             "#!/bin/sh\necho \"$@\" >>" + shell_quote((dir_ / "sbatch.log").string()) +
                 "\nn=$(wc -l <" + shell_quote((dir_ / "sbatch.log").string()) + ")\necho \"$((41 + n));cluster\"\n");
  fs::permissions(bin / "sbatch", fs::perms::owner_all);
  const std::string path = bin.string() + ":" + std::getenv("PATH");
  const std::string submit = "cd " + shell_quote(dir_.string()) + " && PATH=" + shell_quote(path) + " " +
                             shell_quote(SASIM_BINARY) +
                             " sweep spec.ini --out slurm-out --slurm --shards 3 --partition p1 >submit.txt 2>&1";
  ASSERT_EQ(std::system(submit.c_str()), 0) << read_file(dir_ / "submit.txt");
  EXPECT_NE(read_file(dir_ / "submit.txt").find("submitted job array 42 (3 shards) and merge job 43"),
            std::string::npos)
      << read_file(dir_ / "submit.txt");
  const std::vector<std::string> calls = lines_of(read_file(dir_ / "sbatch.log"));
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
  EXPECT_EQ(read_file(dir_ / "slurm-out/results.csv"), local.first);
  EXPECT_EQ(read_file(dir_ / "slurm-out/pareto.csv"), local.second);
}

TEST_F(SweepCli, SlurmWithoutSbatchIsOneClearError) {
  const std::string submit = "cd " + shell_quote(dir_.string()) + " && PATH=/nonexistent " + shell_quote(SASIM_BINARY) +
                             " sweep spec.ini --out o --slurm >out.txt 2>err.txt";
  const int status = std::system(submit.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(read_file(dir_ / "err.txt").find("--slurm: cannot run sbatch"), std::string::npos)
      << read_file(dir_ / "err.txt");
  EXPECT_FALSE(fs::exists(dir_ / "o"));  // checked before anything is written
}

TEST_F(SweepCli, MergeRefusesMissingShards) {
  ASSERT_EQ(sweep({"spec.ini", "--out", "part", "--shard", "0/2"}).status, 0);
  const CliResult r = sweep({"--merge", "part"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("12 of 24 points have no rows"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "part/results.csv"));
}

TEST_F(SweepCli, AnotherSpecCannotReuseTheDirectory) {
  run_into("out");
  write_file(dir_ / "spec.ini", std::string(kSpec) + "array.freq_mhz = 500, 700\n");
  const CliResult r = sweep({"spec.ini", "--out", "out"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("holds a sweep of another spec"), std::string::npos) << r.err;
}

struct BadRun {
  const char* label;
  std::string spec;  // written to bad.ini
  std::vector<std::string> args;
  const char* message;
};

void PrintTo(const BadRun& bad, std::ostream* os) { *os << bad.label; }

class SweepCliBadInput : public SweepCli, public ::testing::WithParamInterface<BadRun> {};

TEST_P(SweepCliBadInput, OneLineExitTwoNothingWritten) {
  write_file(dir_ / "bad.ini", GetParam().spec);
  const CliResult r = sweep(GetParam().args);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("sasim: error: ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  EXPECT_NE(r.err.find(GetParam().message), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

const std::string kGood = "[workloads]\nw = gemm:M=8,N=8,K=8\n[axes]\narray.rows = 8, 16\n";

INSTANTIATE_TEST_SUITE_P(
    All, SweepCliBadInput,
    ::testing::Values(
        BadRun{"unknown_key", "[sweep]\nspeed = 1\n" + kGood, {"bad.ini", "--out", "out"}, "bad.ini:2: unknown key 'speed'"},
        BadRun{"empty_range", kGood + "array.cols = 16..8\n", {"bad.ini", "--out", "out"}, "bad.ini:5: array.cols = '16..8': empty range"},
        BadRun{"unknown_preset", "[sweep]\narch = nope\n" + kGood, {"bad.ini", "--out", "out"}, "bad.ini:2: arch: unknown architecture preset"},
        BadRun{"missing_spec", kGood, {"none.ini", "--out", "out"}, "sweep spec 'none.ini': no such file"},
        BadRun{"spec_is_a_device", kGood, {"/dev/zero", "--out", "out"}, "sweep spec '/dev/zero': is not a regular file"},
        BadRun{"no_out", kGood, {"bad.ini"}, "--out DIR is required"},
        BadRun{"bad_jobs", kGood, {"bad.ini", "--out", "out", "--jobs", "0"}, "--jobs '0': expected an integer in 1..1024"},
        BadRun{"bad_engine", kGood, {"bad.ini", "--out", "out", "--engine", "fast"}, "--engine 'fast'"},
        BadRun{"bad_shard", kGood, {"bad.ini", "--out", "out", "--shard", "3/3"}, "--shard I '3': expected an integer in 0..2"},
        BadRun{"bad_evaluator", kGood, {"bad.ini", "--out", "out", "--evaluator", "x"}, "--evaluator 'x'"},
        BadRun{"rtl_in_process", kGood, {"bad.ini", "--out", "out", "--engine", "rtl", "--evaluator", "in-process"},
               "--evaluator in-process: the rtl engine"},
        BadRun{"shards_without_slurm", kGood, {"bad.ini", "--out", "out", "--shards", "4"}, "go with --slurm"},
        BadRun{"merge_not_a_sweep", kGood, {"--merge", "bad.ini"}, "no sweep.json"}),
    [](const auto& info) { return std::string(info.param.label); });

}  // namespace
