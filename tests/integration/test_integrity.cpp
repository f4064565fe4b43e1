// Result integrity: `sasim run --out DIR` killed at random moments (SIGKILL,
// SIGTERM or SIGINT after a random delay from a seeded generator, a bounded
// number of times) never leaves a result that is not whole. After every kill
// each visible file in DIR is one of the result files, parses (summary.json
// as JSON, layers.csv as a header and whole rows) and equals the output of
// an uninterrupted run byte for byte; hidden files are only the documented
// temporaries `.NAME.tmp.<pid>`. Half the kills reuse one directory, so a run
// also has to replace results and temporaries left by killed runs. No timing
// is asserted: the delays only spread the kills over the run.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <thread>

#include "cli_runner.hpp"

namespace sasim::testing {
namespace {

constexpr int kKills = 40;
constexpr int kLayers = 200;  // each layer runs on the whole platform (docs/platform.md)

// Enough layers that writing the results takes a noticeable share of the run.
std::string many_layers() {
  std::string spec;
  for (int i = 0; i < kLayers; ++i)
    spec += "gemm:M=" + std::to_string(64 + i % 200) + ",N=" + std::to_string(32 + i % 97) +
            ",K=" + std::to_string(16 + i % 301) + ";";
  return spec;
}

// Failures name the file; returns nothing so ASSERTs can be used.
// header: the uninterrupted run's first line (docs/output-formats.md).
void expect_whole_csv(const std::string& text, const std::string& header, const std::string& where) {
  ASSERT_FALSE(text.empty()) << where;
  ASSERT_EQ(text.back(), '\n') << where << ": last row is cut";
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, header) << where;
  const auto fields = std::count(line.begin(), line.end(), ',') + 1;
  int rows = 0;
  while (std::getline(in, line)) {
    ASSERT_EQ(std::count(line.begin(), line.end(), ',') + 1, fields) << where << ": row " << rows + 1;
    ++rows;
  }
  EXPECT_EQ(rows, kLayers) << where;
}

void expect_whole_json(const std::string& text, const std::string& where) {
  nlohmann::json json;
  ASSERT_NO_THROW(json = nlohmann::json::parse(text)) << where;
  ASSERT_TRUE(json.is_object()) << where;
  EXPECT_EQ(json.value("layers", -1), kLayers) << where;
}

// Checks dir after a kill: whole, parseable results equal to the reference,
// and nothing else but temporaries. Returns how many results were present.
int check_results(const fs::path& dir, const std::map<std::string, std::string>& reference) {
  static const std::regex temporary(R"(\.(layers\.csv|summary\.json)\.tmp\.[0-9]+)");
  int results = 0;
  if (!fs::exists(dir)) return 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.front() == '.') {
      EXPECT_TRUE(std::regex_match(name, temporary)) << dir / name << " is neither a result nor a temporary";
      continue;
    }
    const auto expected = reference.find(name);
    if (expected == reference.end()) {
      ADD_FAILURE() << dir / name << " is not a result file";
      continue;
    }
    const std::string text = read_text(entry.path());
    if (name == "layers.csv") {
      const std::string& csv = reference.at("layers.csv");
      expect_whole_csv(text, csv.substr(0, csv.find('\n')), (dir / name).string());
    }
    if (name == "summary.json") expect_whole_json(text, (dir / name).string());
    EXPECT_EQ(text, expected->second) << dir / name << " differs from an uninterrupted run's";
    ++results;
  }
  return results;
}

// Runs sasim and stops it after a random delay up to `longest` with SIGKILL,
// SIGTERM or SIGINT, from a seeded generator.
class RandomKiller {
 public:
  RandomKiller(unsigned seed, std::chrono::steady_clock::duration longest)
      : random_(seed),
        delay_us_(0, std::max<long>(std::chrono::duration_cast<std::chrono::microseconds>(longest).count(), 1)) {}

  void run(const std::vector<std::string>& args, const fs::path& cwd, CliOutput* result) {
    SasimChild child(args, cwd);
    ASSERT_TRUE(child.started());
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us_(random_)));
    *result = child.finish(kSignals[pick_signal_(random_)]);
  }

 private:
  static constexpr int kSignals[] = {SIGKILL, SIGTERM, SIGINT};
  std::mt19937 random_;
  std::uniform_int_distribution<long> delay_us_;
  std::uniform_int_distribution<int> pick_signal_{0, 2};
};

class ResultIntegrity : public CliTest {
 protected:
  // An uninterrupted run in dir_/reference; *took: how long it took.
  void reference_run(const std::vector<std::string>& args, std::chrono::steady_clock::duration* took) {
    fs::create_directories(dir_ / "reference");
    const auto start = std::chrono::steady_clock::now();
    const CliOutput clean = run_sasim(args, dir_ / "reference");
    *took = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(clean.status, 0) << clean.err;
  }
};

TEST_F(ResultIntegrity, KilledRunsLeaveOnlyWholeResults) {
  const std::vector<std::string> args = {"run", "--quiet", "--workload", many_layers(), "--out", "out"};

  // The uninterrupted reference; its duration only scales the kill delays.
  std::chrono::steady_clock::duration duration;
  ASSERT_NO_FATAL_FAILURE(reference_run(args, &duration));
  std::map<std::string, std::string> reference;
  for (const char* name : {"layers.csv", "summary.json"}) reference[name] = read_text(dir_ / "reference/out" / name);
  ASSERT_EQ(check_results(dir_ / "reference/out", reference), 2);

  RandomKiller killer(20261125, duration * 5 / 4);
  int with_results = 0;
  for (int i = 0; i < kKills; ++i) {
    const fs::path cwd = dir_ / (i % 2 == 0 ? std::string("reused") : "fresh" + std::to_string(i));
    fs::create_directories(cwd);
    CliOutput r;
    ASSERT_NO_FATAL_FAILURE(killer.run(args, cwd, &r));
    // Either it was killed, or it finished first and succeeded.
    EXPECT_TRUE(r.signal != 0 || r.status == 0) << "status " << r.status << ": " << r.err;
    with_results += check_results(cwd / "out", reference) > 0;
  }
  std::printf("after %d of %d kills the output directory held results\n", with_results, kKills);

  // A run that is not killed replaces whatever the killed ones left.
  const fs::path reused = dir_ / "reused";
  const CliOutput last = run_sasim(args, reused);
  ASSERT_EQ(last.status, 0) << last.err;
  EXPECT_EQ(check_results(reused / "out", reference), 2);
}

// `sasim sweep` killed at random moments and rerun each time with the same
// command, which resumes it (docs/sweeps.md, "Resuming"), until a run
// completes: every output then equals an uninterrupted sweep's byte for byte.
// After each kill, results.csv (written as points finish) starts with its
// header, and every other visible file equals the uninterrupted one's.
TEST_F(ResultIntegrity, KilledAndResumedSweepEqualsAnUninterruptedOne) {
  constexpr int kSweepKills = 12;
  // The analytic engine runs in process: the model engine's one child
  // process per point (the SystemC platform) would make this test minutes.
  std::ofstream(dir_ / "spec.ini") << "[sweep]\n"
                                      "engine = analytic\n"
                                      "objectives = latency, area\n"
                                      "[workloads]\n"
                                      "big = gemm:M=256,N=1024,K=1024; gemm:M=1024,N=256,K=512; "
                                      "conv:H=56,W=56,C=64,K=64,R=3,S=3\n"
                                      "[axes]\n"
                                      "array.rows = 2..64 +2\n"
                                      "array.cols = 8, 16, 32, 64\n"
                                      "array.dataflow = ws, os, is\n";
  const std::vector<std::string> args = {"sweep",  (dir_ / "spec.ini").string(), "--out", "out", "--jobs", "2",
                                         "--quiet"};
  std::chrono::steady_clock::duration duration;
  ASSERT_NO_FATAL_FAILURE(reference_run(args, &duration));
  const std::map<std::string, std::string> reference = visible_files(dir_ / "reference/out");
  ASSERT_TRUE(reference.count("results.csv"));
  const std::string& results = reference.at("results.csv");
  const std::string header = results.substr(0, results.find('\n') + 1);

  RandomKiller killer(20261126, duration);
  const fs::path cwd = dir_ / "resumed";
  fs::create_directories(cwd);
  int interrupted = 0;
  for (int i = 0; i < kSweepKills; ++i) {
    CliOutput r;
    ASSERT_NO_FATAL_FAILURE(killer.run(args, cwd, &r));
    EXPECT_TRUE(r.signal != 0 || r.status >= 0) << "status " << r.status << ": " << r.err;
    interrupted += r.status != 0;
    for (const auto& [name, bytes] : visible_files(cwd / "out")) {
      if (name == "results.csv") {
        EXPECT_EQ(bytes.compare(0, header.size(), header), 0) << "kill " << i << ": results.csv lost its header";
      } else {
        ASSERT_TRUE(reference.count(name)) << "kill " << i << ": unexpected file " << name;
        EXPECT_EQ(bytes, reference.at(name)) << "kill " << i << ": " << name << " is not whole";
      }
    }
  }
  std::printf("%d of %d sweeps were interrupted\n", interrupted, kSweepKills);
  const CliOutput last = run_sasim(args, cwd);
  ASSERT_EQ(last.status, 0) << last.err;
  const std::map<std::string, std::string> resumed = visible_files(cwd / "out");
  for (const auto& [name, bytes] : reference) {
    ASSERT_TRUE(resumed.count(name)) << name;
    EXPECT_EQ(resumed.at(name), bytes) << name << " differs after resuming";
  }
  EXPECT_EQ(resumed.size(), reference.size());
}

// The checks above would pass vacuously if they could not see a cut file.
TEST(ResultIntegrityChecks, RejectCutOrForeignFiles) {
  EXPECT_FATAL_FAILURE(expect_whole_csv("layer,m,n\n", "layer,m,n,k", "x"), "x");
  EXPECT_FATAL_FAILURE(expect_whole_csv("layer,m,n,k\nfc,1,2,3", "layer,m,n,k", "x"), "last row is cut");
  EXPECT_FATAL_FAILURE(expect_whole_csv("layer,m,n,k\nfc,1,2\n", "layer,m,n,k", "x"), "row 1");
  EXPECT_NONFATAL_FAILURE(expect_whole_csv("layer,m,n,k\nfc,1,2,3\n", "layer,m,n,k", "x"), "x");  // 1 row, not 2000
  EXPECT_FATAL_FAILURE(expect_whole_json("{\"layers\": 2000", "x"), "x");
}

}  // namespace
}  // namespace sasim::testing
