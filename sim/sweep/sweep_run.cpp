#include "sasim/sweep/sweep_run.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "sasim/support/atomic_file.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/progress.hpp"
#include "sasim/support/subprocess.hpp"
#include "sasim/sweep/sweep_pareto.hpp"
#include "sasim/sweep/sweep_results.hpp"
#include "sweep_report.hpp"

namespace sasim {
namespace {

namespace fs = std::filesystem;

constexpr const char* kResults = "results.csv";
constexpr const char* kIdentity = "sweep.json";

std::string join(const std::string& dir, const std::string& name) {
  return (fs::path(dir) / name).string();
}

// An exclusive lock on a file beside the results, held while this process
// writes them: two sweeps appending to one file would interleave rows.
class DirLock {
 public:
  DirLock(const std::string& path, const std::string& what) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0) throw UserError(fmt::format("cannot create '{}': {}", path, std::strerror(errno)));
    // A sweep killed with kill -9 may leave, for a few milliseconds, a child
    // between fork and exec that still holds the lock (PR_SET_PDEATHSIG is
    // killing it): wait that out before calling the lock someone else's.
    constexpr int kTries = 40;
    constexpr auto kPause = std::chrono::milliseconds(50);
    for (int attempt = 0; flock(fd_, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK; ++attempt) {
      if (attempt == kTries) {
        ::close(fd_);
        throw UserError(fmt::format("another sasim sweep is writing {} (it holds '{}')", what, path));
      }
      std::this_thread::sleep_for(kPause);
    }
  }
  ~DirLock() { ::close(fd_); }
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

 private:
  int fd_ = -1;
};

// Appends text with one write() per call, so each point's rows reach the
// file together (a kill leaves at most a torn last line, which resuming drops).
class AppendFile {
 public:
  explicit AppendFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd_ < 0) throw UserError(fmt::format("cannot open '{}' for appending: {}", path, std::strerror(errno)));
  }
  ~AppendFile() { ::close(fd_); }
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;

  void append(const std::string& text) {
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, data, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw UserError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
      data += n;
      left -= std::size_t(n);
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
};

// Ctrl-C or SIGTERM during the evaluation: stop taking points, let the
// running ones finish and be written, then report. A second signal kills as
// usual (the handler restores the default action).
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

extern "C" void on_stop_signal(int sig) {
  g_stop_signal = sig;
  std::signal(sig, SIG_DFL);
}

class StopSignals {
 public:
  StopSignals() {
    g_stop_signal = 0;
    previous_int_ = std::signal(SIGINT, on_stop_signal);
    previous_term_ = std::signal(SIGTERM, on_stop_signal);
  }
  ~StopSignals() {
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  int received() const { return g_stop_signal; }

 private:
  void (*previous_int_)(int);
  void (*previous_term_)(int);
};

std::string identity_json(const SweepSpec& spec) {
  nlohmann::ordered_json j;
  j["spec_path"] = fs::absolute(spec.path).lexically_normal().string();
  j["engine"] = spec.engine;
  j["spec"] = spec.text;
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

// Reads a results file (missing: no rows) and leaves it holding exactly the
// header and the whole points it had, rewritten if anything was dropped.
std::vector<SweepRow> resume_file(const SweepSpec& spec, const std::vector<std::int64_t>& points,
                                  const std::string& dir, const std::string& name, bool quiet) {
  const std::string path = join(dir, name);
  if (!fs::exists(path)) {
    write_file_atomically(dir, name, results_header(spec));
    return {};
  }
  ParsedResults parsed = parse_results(spec, points, read_text_file(path));
  if (!parsed.header_ok && !parsed.rows.empty()) {
    throw UserError(fmt::format("'{}' does not start with this sweep's header: not written by this spec", path));
  }
  if (!parsed.clean()) {
    std::string text = results_header(spec);
    for (const SweepRow& row : parsed.rows) text += format_row(spec, row);
    write_file_atomically(dir, name, text);
    if (!quiet) {
      fmt::print(stderr, "sweep: resuming {}: kept {} rows, dropped {} torn or incomplete lines\n", path,
                 parsed.rows.size(), parsed.dropped_lines);
    }
  }
  return std::move(parsed.rows);
}

void write_final_outputs(const SweepSpec& spec, const std::vector<std::int64_t>& points, std::vector<SweepRow> rows,
                         const std::string& out_dir) {
  std::sort(rows.begin(), rows.end(), [](const SweepRow& a, const SweepRow& b) {
    return a.point != b.point ? a.point < b.point : a.workload < b.workload;
  });
  const std::vector<PointSummary> summaries = summarize_points(spec, rows);
  const ParetoResult pareto = sweep_pareto(spec, summaries);
  AtomicFileSet files(out_dir);
  files.add(kResults, results_csv(spec, rows));
  files.add("pareto.csv", pareto_csv(spec, summaries, pareto));
  files.commit();
  write_sweep_report(spec, SweepCounts{spec.cross_product(), std::int64_t(points.size())}, summaries, pareto, out_dir);
}

std::string point_text(const SweepSpec& spec, std::int64_t point) {
  std::string text;
  for (const std::string& set : spec.overrides(point)) text += (text.empty() ? "" : " ") + set;
  return text.empty() ? "the base architecture" : text;
}

}  // namespace

int available_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

void claim_sweep_dir(const SweepSpec& spec, const std::string& out_dir) {
  const std::string path = join(out_dir, kIdentity);
  if (!fs::exists(path)) {
    if (fs::exists(join(out_dir, kResults))) {
      throw UserError(
          fmt::format("--out '{}' has a results.csv but no sweep.json: not a sasim sweep directory; "
                      "choose another --out",
                      out_dir));
    }
    write_file_atomically(out_dir, kIdentity, identity_json(spec));
    return;
  }
  const auto recorded = nlohmann::json::parse(read_text_file(path), nullptr, false);
  if (recorded.is_discarded() || !recorded.contains("spec") || !recorded.contains("engine")) {
    throw UserError(fmt::format("'{}' is not readable: not a sasim sweep directory", path));
  }
  if (recorded["spec"] != spec.text || recorded["engine"] != spec.engine) {
    throw UserError(
        fmt::format("--out '{}' holds a sweep of another spec or engine (see {}): use another directory, "
                    "or delete it to start over",
                    out_dir, path));
  }
}

SweepSpec load_recorded_spec(const std::string& out_dir) {
  const std::string path = join(out_dir, kIdentity);
  if (!fs::exists(path))
    throw UserError(fmt::format("--merge '{}': no sweep.json: not a sasim sweep directory", out_dir));
  const auto j = nlohmann::json::parse(read_text_file(path), nullptr, false);
  if (j.is_discarded() || !j.contains("spec") || !j.contains("engine") || !j.contains("spec_path")) {
    throw UserError(fmt::format("'{}' is not readable: not a sasim sweep directory", path));
  }
  const std::string spec_path = j["spec_path"].get<std::string>();
  SweepSpec spec =
      parse_sweep_spec(j["spec"].get<std::string>(), spec_path, fs::path(spec_path).parent_path().string());
  spec.engine = j["engine"].get<std::string>();
  return spec;
}

namespace {

// Shard `shard` of `shards` takes every shards-th point from its index on.
std::vector<std::int64_t> shard_points(const std::vector<std::int64_t>& points, int shard, int shards) {
  std::vector<std::int64_t> mine;
  for (std::size_t rank = std::size_t(shard); rank < points.size(); rank += std::size_t(shards))
    mine.push_back(points[rank]);
  return mine;
}

// The points with no rows yet, in enumeration order.
std::vector<std::int64_t> pending_points(const std::vector<std::int64_t>& points, const std::vector<SweepRow>& rows) {
  std::set<std::int64_t> done;
  for (const SweepRow& row : rows) done.insert(row.point);
  std::vector<std::int64_t> pending;
  for (const std::int64_t p : points) {
    if (!done.count(p)) pending.push_back(p);
  }
  return pending;
}

// Where one process writes: DIR/results.csv, or DIR/shards/shard-I.csv for
// a shard, each with its own lock and scratch directory so that the shards
// of one sweep can run side by side.
struct ResultsPlace {
  std::string dir, name, lock, scratch;
  std::string path() const { return join(dir, name); }
};

ResultsPlace results_place(const SweepOptions& options) {
  if (options.shard < 0) {
    return {options.out_dir, kResults, join(options.out_dir, ".sweep.lock"), join(options.out_dir, ".scratch")};
  }
  const std::string dir = join(options.out_dir, "shards");
  return {dir, fmt::format("shard-{}.csv", options.shard), join(dir, fmt::format(".shard-{}.lock", options.shard)),
          join(options.out_dir, fmt::format(".scratch-{}", options.shard))};
}

// Evaluates `pending` on `jobs` threads (this one included), appending each
// point's rows to `out` and `rows` as it finishes. The first failure, or a
// stop signal, ends the taking of new points; the failure is returned, not
// thrown, so that the caller can say what was saved.
struct Evaluation {
  std::int64_t finished = 0;
  std::exception_ptr failure;
};

Evaluation evaluate_pending(const SweepSpec& spec, PointEvaluator& evaluator, const std::vector<std::int64_t>& pending,
                            std::size_t jobs, const StopSignals& signals, AppendFile& out, std::vector<SweepRow>& rows,
                            ProgressBar& bar) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;
  Evaluation result;
  auto worker = [&] {
    try {
      for (std::size_t i = next++; i < pending.size() && !stop && !signals.received(); i = next++) {
        const std::vector<PointMetrics> metrics = evaluator.evaluate(spec.overrides(pending[i]));
        const std::string text = format_point_rows(spec, pending[i], metrics);
        const std::lock_guard<std::mutex> guard(mutex);
        out.append(text);
        for (std::size_t w = 0; w < metrics.size(); ++w) rows.push_back(SweepRow{pending[i], w, metrics[w]});
        bar.update(++result.finished);
      }
    } catch (...) {
      const std::lock_guard<std::mutex> guard(mutex);
      if (!result.failure) result.failure = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  return result;
}

// Runs the pending points into `place`; returns how many finished. An
// interruption (a child's, or a signal to this process) becomes a UserError
// that says how many points are saved and how to resume.
std::int64_t run_pending(const SweepSpec& spec, const SweepOptions& options, const ResultsPlace& place,
                         const std::vector<std::int64_t>& pending, std::int64_t resumed, std::size_t points,
                         std::vector<SweepRow>& rows) {
  fs::remove_all(place.scratch);
  const auto evaluator = make_point_evaluator(
      spec, options.evaluator, options.sasim_binary.empty() ? current_executable() : options.sasim_binary,
      place.scratch, options.analytic_memory);
  AppendFile out(place.path());
  const std::size_t jobs = std::min(pending.size(), std::size_t(options.jobs > 0 ? options.jobs : available_cpus()));
  ProgressBar bar(resumed ? fmt::format("sweep ({} resumed)", resumed) : "sweep", std::int64_t(pending.size()),
                  options.quiet);
  const StopSignals signals;
  const Evaluation evaluation = evaluate_pending(spec, *evaluator, pending, jobs, signals, out, rows, bar);
  bar.finish();
  fs::remove_all(place.scratch);
  const std::string saved = fmt::format("{} of {} points are saved in {}: run the same command again to resume",
                                        resumed + evaluation.finished, points, place.path());
  if (evaluation.failure) {
    try {
      std::rethrow_exception(evaluation.failure);
    } catch (const SweepInterrupted& e) {
      throw UserError(fmt::format("{}; {}", e.what(), saved));
    }
  }
  if (signals.received()) {
    throw UserError(fmt::format("interrupted ({}): {}", signals.received() == SIGINT ? "SIGINT" : "SIGTERM", saved));
  }
  return evaluation.finished;
}

}  // namespace

SweepStats run_sweep(const SweepSpec& spec, const SweepOptions& options) {
  const bool sharded = options.shard >= 0;
  const std::vector<std::int64_t> all_points = enumerate_points(spec);
  const std::vector<std::int64_t> points =
      sharded ? shard_points(all_points, options.shard, options.shards) : all_points;
  if (options.out_dir.empty()) throw UserError("--out '': expected a directory path");
  ensure_output_dir(options.out_dir);
  claim_sweep_dir(spec, options.out_dir);

  const ResultsPlace place = results_place(options);
  ensure_output_dir(place.dir);
  const DirLock lock(place.lock, place.path());
  std::vector<SweepRow> rows = resume_file(spec, points, place.dir, place.name, options.quiet);
  const std::vector<std::int64_t> pending = pending_points(points, rows);

  SweepStats stats;
  stats.points = std::int64_t(points.size());
  stats.resumed = stats.points - std::int64_t(pending.size());
  const auto start = std::chrono::steady_clock::now();
  if (!pending.empty()) {
    stats.evaluated = run_pending(spec, options, place, pending, stats.resumed, points.size(), rows);
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!sharded) write_final_outputs(spec, all_points, std::move(rows), options.out_dir);
  return stats;
}

void merge_sweep(const std::string& out_dir, bool quiet) {
  const SweepSpec spec = load_recorded_spec(out_dir);
  const std::vector<std::int64_t> points = enumerate_points(spec);
  const DirLock lock(join(out_dir, ".sweep.lock"), join(out_dir, kResults));
  std::vector<std::string> files;
  if (fs::exists(join(out_dir, kResults))) files.push_back(join(out_dir, kResults));
  const std::string shards = join(out_dir, "shards");
  if (fs::is_directory(shards)) {
    std::vector<std::string> found;
    for (const auto& entry : fs::directory_iterator(shards)) {
      const std::string file = entry.path().filename().string();
      if (file.rfind("shard-", 0) == 0 && entry.path().extension() == ".csv") found.push_back(entry.path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  std::vector<SweepRow> rows;
  std::set<std::int64_t> done;
  for (const std::string& file : files) {
    const ParsedResults parsed = parse_results(spec, points, read_text_file(file));
    std::set<std::int64_t> here;
    for (const SweepRow& row : parsed.rows) {
      if (done.count(row.point)) continue;  // the same point in two files: the rows are the same
      here.insert(row.point);
      rows.push_back(row);
    }
    done.insert(here.begin(), here.end());
  }
  if (done.size() != points.size()) {
    std::int64_t first_missing = -1;
    for (const std::int64_t p : points) {
      if (!done.count(p)) {
        first_missing = p;
        break;
      }
    }
    throw UserError(
        fmt::format("--merge '{}': {} of {} points have no rows in {} or shards/ (first: {}): rerun the "
                    "shard tasks that failed, then merge again",
                    out_dir, points.size() - done.size(), points.size(), kResults, point_text(spec, first_missing)));
  }
  write_final_outputs(spec, points, std::move(rows), out_dir);
  if (!quiet) fmt::print("merged {} shard files: {} points\n", files.size(), points.size());
}

}  // namespace sasim
