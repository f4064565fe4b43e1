// bench_matrix_unit: simulation speed of the matrix unit. For each array
// configuration it runs one GEMM through the wrapped RTL (make_rtl_unit) and
// the C++ model (make_model_unit), timing-only and with data, and the two
// reference loops of raw_reference.hpp for the same number of cycles, then
// prints medians of N repeats as a table (and optionally CSV). docs/bench.md
// explains the columns and records measured numbers.
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "raw_reference.hpp"
#include "sasim/mapping/mapping.hpp"
#include "sasim/support/error.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/unit/rtl_variant.hpp"
#include "sasim/workload/gemm.hpp"

namespace sasim::bench {
namespace {

constexpr const char* kUsage = R"(usage: bench_matrix_unit [options]

Simulation speed of the matrix unit: the wrapped Verilated RTL and the C++
model on the same GEMM (M = N = K), timing-only and with data, against two
reference loops that drive the same RTL without the wrapper (a raw Verilator
executable and the variant's C ABI). See docs/bench.md.

options:
  --sizes LIST          square array sizes, e.g. 8,16,32
  --dataflows LIST      ws, os, is (comma-separated); with --sizes, every pair
                        default (neither given): 8/16/32 ws, 16 os, 16 is
  --mnk S               M = N = K = S for every configuration
                        (default: a multiple of the size taking ~1-2 s on the RTL)
  --repeats N           runs per measurement, the median is reported (default 3)
  --model-min-seconds X batch model runs until one repeat takes >= X s (default 0.2)
  --in-width W          operand bits, 8 or 16 (default 8)
  --acc-width W         accumulator bits (default 32)
  --no-raw              skip the raw Verilator and ABI reference loops
  --cold-heap           leave malloc's defaults: freed results go back to the
                        kernel and every run pays first-touch page faults on
                        its outputs (default: memory is kept for reuse)
  --csv FILE            also write the table as CSV
  --quiet               no progress on stderr
  --help                this text
)";

struct Options {
  std::vector<ArrayConfig> configs;
  std::optional<std::int64_t> mnk;
  int repeats = 3;
  double model_min_seconds = 0.2;
  bool raw = true, cold_heap = false, quiet = false;
  std::string csv;
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

long long parse_int(const std::string& option, const std::string& text) {
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') throw UserError(fmt::format("{}: '{}' is not an integer", option, text));
  return value;
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  std::vector<int> sizes;
  std::vector<Dataflow> dataflows;
  int in_width = 8, acc_width = 32;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UserError(fmt::format("{} needs a value", arg));
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      fmt::print("{}", kUsage);
      return std::nullopt;
    } else if (arg == "--sizes") {
      for (const std::string& s : split(value())) sizes.push_back(int(parse_int(arg, s)));
    } else if (arg == "--dataflows") {
      for (const std::string& s : split(value())) dataflows.push_back(parse_dataflow(s));
    } else if (arg == "--mnk") {
      options.mnk = parse_int(arg, value());
      if (*options.mnk < 1) throw UserError("--mnk must be >= 1");
    } else if (arg == "--repeats") {
      options.repeats = int(parse_int(arg, value()));
      if (options.repeats < 1) throw UserError("--repeats must be >= 1");
    } else if (arg == "--model-min-seconds") {
      options.model_min_seconds = std::atof(value().c_str());
    } else if (arg == "--in-width") {
      in_width = int(parse_int(arg, value()));
    } else if (arg == "--acc-width") {
      acc_width = int(parse_int(arg, value()));
    } else if (arg == "--no-raw") {
      options.raw = false;
    } else if (arg == "--cold-heap") {
      options.cold_heap = true;
    } else if (arg == "--csv") {
      options.csv = value();
    } else if (arg == "--quiet") {
      options.quiet = true;
    } else {
      throw UserError(fmt::format("unknown option {} (try --help)", arg));
    }
  }
  auto add = [&](int size, Dataflow dataflow) {
    ArrayConfig c{size, size, in_width, acc_width, dataflow};
    c.validate();
    options.configs.push_back(c);
  };
  if (sizes.empty() && dataflows.empty()) {
    for (int size : {8, 16, 32}) add(size, Dataflow::WS);
    add(16, Dataflow::OS);
    add(16, Dataflow::IS);
  } else {
    if (sizes.empty()) sizes = {8, 16, 32};
    if (dataflows.empty()) dataflows = {Dataflow::WS};
    for (int size : sizes)
      for (Dataflow dataflow : dataflows) add(size, dataflow);
  }
  return options;
}

// M = N = K = S: a multiple of the array size, so every fold fills the array
// (and with S >= ROWS + COLS + K, as for the default sizes, the preloads hide
// behind the streams), large enough to keep the RTL busy for about 1.3 s.
// The GEMM takes about S^3 / (ROWS * COLS) cycles; the RTL's speed falls
// faster than 1 / PEs as the array grows (its code outgrows the caches), so
// it is interpolated from rates measured on this kind of machine (WS).
std::int64_t default_mnk(const ArrayConfig& c) {
  constexpr double kPes[] = {64, 256, 1024}, kRate[] = {5.0e6, 1.25e6, 1.75e5};  // cycles/s
  const double pes = double(c.rows) * c.cols;
  const int i = pes < kPes[1] ? 0 : 1;  // segment, extrapolated beyond the ends
  const double slope = std::log(kRate[i + 1] / kRate[i]) / std::log(kPes[i + 1] / kPes[i]);
  const double rate = kRate[i] * std::pow(pes / kPes[i], slope);
  const std::int64_t dim = std::max(c.rows, c.cols);
  const auto s = std::int64_t(std::cbrt(rate * 1.3 * pes));
  return std::max<std::int64_t>(dim, (s + dim - 1) / dim * dim);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

double seconds_of(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// 3 significant digits with an SI suffix: 1.23M.
std::string si(double value) {
  static const char* const kSuffix[] = {"", "k", "M", "G", "T", "P"};
  int i = 0;
  while (std::fabs(value) >= 999.5 && i < 5) {
    value /= 1000;
    ++i;
  }
  const int decimals = std::fabs(value) >= 99.95 ? 0 : std::fabs(value) >= 9.995 ? 1 : 2;
  return fmt::format("{:.{}f}{}", value, decimals, kSuffix[i]);
}

std::string seconds_text(double s) {
  return s >= 0.1    ? fmt::format("{:.3f}", s)
         : s >= 1e-3 ? fmt::format("{:.2f}m", s * 1e3)
                     : fmt::format("{:.1f}u", s * 1e6);
}

struct Column {
  std::string header, csv_header;
  bool left = false;
};

class Table {
 public:
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  // One row: display text and CSV value per column.
  void add(std::vector<std::string> text, std::vector<std::string> csv) {
    text_.push_back(std::move(text));
    csv_.push_back(std::move(csv));
  }
  std::string render() const {
    std::vector<std::size_t> width(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      width[c] = columns_[c].header.size();
      for (const auto& row : text_) width[c] = std::max(width[c], row[c].size());
    }
    auto line = [&](auto cell) {
      std::string out;
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (c) out += "  ";
        out += columns_[c].left ? fmt::format("{:<{}}", cell(c), width[c]) : fmt::format("{:>{}}", cell(c), width[c]);
      }
      while (!out.empty() && out.back() == ' ') out.pop_back();
      return out + "\n";
    };
    std::string out = line([&](std::size_t c) { return columns_[c].header; });
    std::size_t total = 0;
    for (std::size_t w : width) total += w + 2;
    out += std::string(total - 2, '-') + "\n";
    for (const auto& row : text_) out += line([&](std::size_t c) { return row[c]; });
    return out;
  }
  std::string csv() const {
    std::string out;
    for (std::size_t c = 0; c < columns_.size(); ++c) out += (c ? "," : "") + columns_[c].csv_header;
    out += "\n";
    for (const auto& row : csv_) {
      for (std::size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + row[c];
      out += "\n";
    }
    return out;
  }

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> text_, csv_;
};

enum Mode { kTiming = 0, kData = 1 };
constexpr const char* kModeName[] = {"timing", "data"};

struct Measured {
  std::int64_t cycles = 0;
  double rtl_s[2] = {0, 0}, model_s[2] = {0, 0};
  int model_batch[2] = {1, 1};
  double raw_cps = 0, abi_cps = 0;  // cycles/s of the reference loops, 0 when not measured
  bool agree = true;                // RTL and model: same cycles and outputs; raw and ABI loops: same outputs
};

Measured measure(const ArrayConfig& config, const GemmShape& shape, const Options& options) {
  const std::string name = rtl_variant_name(config);
  auto progress = [&](const std::string& what) {
    if (!options.quiet) fmt::print(stderr, "{} {}x{}x{}: {}\n", name, shape.m, shape.n, shape.k, what);
  };
  const GemmOperands ops = random_operands(shape, config.in_width, 1);
  const std::vector<Fold> folds[2] = {make_folds(config, shape, nullptr), make_folds(config, shape, &ops)};
  auto rtl = make_rtl_unit(config, RtlOptions{"", options.quiet});
  auto model = make_model_unit(config);
  std::string raw_exe, library;
  if (options.raw) {
    raw_exe = ensure_raw_loop(config, options.quiet);
    library = ensure_rtl_variant(config, RtlBuildOptions{options.quiet});  // built by make_rtl_unit
  }
  const int west_beats = folds[kTiming].front().west_beats, north_beats = folds[kTiming].front().north_beats;

  Measured m;
  // Model runs are short: batch them so that one repeat lasts long enough to time.
  for (int mode : {kTiming, kData}) {
    RunResult r;
    const double once = seconds_of([&] { r = model->run(folds[mode]); });
    m.model_batch[mode] = std::max(1, int(std::ceil(options.model_min_seconds / std::max(once, 1e-7))));
  }
  std::vector<double> rtl_s[2], model_s[2], raw_cps, abi_cps;
  for (int rep = 0; rep < options.repeats; ++rep) {
    progress(fmt::format("repeat {}/{}", rep + 1, options.repeats));
    RunResult rtl_result[2], model_result[2];
    for (int mode : {kTiming, kData}) {
      rtl_s[mode].push_back(seconds_of([&] { rtl_result[mode] = rtl->run(folds[mode]); }));
    }
    m.cycles = rtl_result[kTiming].total_cycles;
    if (options.raw) {
      const LoopRun raw = run_raw_loop(raw_exe, m.cycles, west_beats, north_beats);
      const LoopRun abi = run_abi_loop(config, library, m.cycles, west_beats, north_beats);
      raw_cps.push_back(double(raw.cycles) / raw.seconds);
      abi_cps.push_back(double(abi.cycles) / abi.seconds);
      m.agree = m.agree && raw.outputs == abi.outputs && raw.checksum == abi.checksum;
    }
    for (int mode : {kTiming, kData}) {
      double total = 0;
      for (int b = 0; b < m.model_batch[mode]; ++b) {
        model_result[mode] = RunResult{};  // freed outside the timed part, as the RTL's results are
        total += seconds_of([&] { model_result[mode] = model->run(folds[mode]); });
      }
      model_s[mode].push_back(total / m.model_batch[mode]);
    }
    for (int mode : {kTiming, kData}) {
      m.agree = m.agree && rtl_result[mode].total_cycles == m.cycles && model_result[mode].total_cycles == m.cycles &&
                rtl_result[mode].timing == model_result[mode].timing &&
                rtl_result[mode].outputs == model_result[mode].outputs;
    }
  }
  for (int mode : {kTiming, kData}) {
    m.rtl_s[mode] = median(rtl_s[mode]);
    m.model_s[mode] = median(model_s[mode]);
  }
  if (options.raw) {
    m.raw_cps = median(raw_cps);
    m.abi_cps = median(abi_cps);
  }
  return m;
}

std::string cpu_name() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

std::vector<Column> result_columns(bool raw) {
  std::vector<Column> columns = {
      {"config", "config", true},
      {"data", "mode", true},
      {"M=N=K", "mnk"},
      {"cycles", "cycles"},
      {"MACs", "macs"},
      {"runs", "runs"},
      {"rtl s", "rtl_seconds"},
      {"rtl cyc/s", "rtl_cycles_per_s"},
      {"rtl MAC/s", "rtl_macs_per_s"},
      {"model s", "model_seconds"},
      {"batch", "model_batch"},
      {"model cyc/s", "model_cycles_per_s"},
      {"model MAC/s", "model_macs_per_s"},
      {"model/rtl", "model_over_rtl"},
  };
  if (raw) {
    columns.push_back({"raw cyc/s", "raw_cycles_per_s"});
    columns.push_back({"abi/raw", "abi_over_raw"});
    columns.push_back({"rtl/raw", "rtl_over_raw"});
  }
  return columns;
}

// One configuration's two rows (timing-only, with data), as text and CSV.
void add_rows(Table& table, const ArrayConfig& config, const GemmShape& shape, const Measured& m,
              const Options& options) {
  const std::string label =
      fmt::format("{}x{} {}{}", config.rows, config.cols, to_string(config.dataflow), m.agree ? "" : " MISMATCH");
  const std::string s = std::to_string(shape.m);
  for (int mode : {kTiming, kData}) {
    const double cycles = double(m.cycles), macs = double(shape.macs());
    const double rtl_s = m.rtl_s[mode], model_s = m.model_s[mode], rtl_cps = cycles / rtl_s;
    std::vector<std::string> text = {label,
                                     kModeName[mode],
                                     s,
                                     si(cycles),
                                     si(macs),
                                     std::to_string(options.repeats),
                                     seconds_text(rtl_s),
                                     si(rtl_cps),
                                     si(macs / rtl_s),
                                     seconds_text(model_s),
                                     std::to_string(m.model_batch[mode]),
                                     si(cycles / model_s),
                                     si(macs / model_s),
                                     fmt::format("{:.1f}x", rtl_s / model_s)};
    std::vector<std::string> csv = {fmt::format("{}x{}_{}", config.rows, config.cols, to_string(config.dataflow)),
                                    kModeName[mode],
                                    s,
                                    std::to_string(m.cycles),
                                    std::to_string(shape.macs()),
                                    std::to_string(options.repeats),
                                    fmt::format("{:.6g}", rtl_s),
                                    fmt::format("{:.6g}", rtl_cps),
                                    fmt::format("{:.6g}", macs / rtl_s),
                                    fmt::format("{:.6g}", model_s),
                                    std::to_string(m.model_batch[mode]),
                                    fmt::format("{:.6g}", cycles / model_s),
                                    fmt::format("{:.6g}", macs / model_s),
                                    fmt::format("{:.6g}", rtl_s / model_s)};
    if (options.raw) {
      text.push_back(si(m.raw_cps));
      text.push_back(fmt::format("{:.0f}%", 100 * m.abi_cps / m.raw_cps));
      text.push_back(fmt::format("{:.0f}%", 100 * rtl_cps / m.raw_cps));
      csv.push_back(fmt::format("{:.6g}", m.raw_cps));
      csv.push_back(fmt::format("{:.4f}", m.abi_cps / m.raw_cps));
      csv.push_back(fmt::format("{:.4f}", rtl_cps / m.raw_cps));
    }
    table.add(std::move(text), std::move(csv));
  }
}

void print_report(const Table& table, const Options& options, bool all_agree) {
  char date[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d", std::localtime(&now));
  fmt::print("bench_matrix_unit {}, {} ({} cores), in_width {}, acc_width {}\n", date, cpu_name(),
             std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)), options.configs.front().in_width,
             options.configs.front().acc_width);
  fmt::print("wall times: median of {} runs; model times per run, each repeat a batch of `batch` runs; {} heap\n\n",
             options.repeats, options.cold_heap ? "cold" : "warm");
  fmt::print("{}", table.render());
  if (!all_agree) fmt::print("\nMISMATCH: the RTL and the model disagreed on cycles or outputs\n");
  if (!options.csv.empty()) {
    std::ofstream out(options.csv);
    out << table.csv();
    if (!out) throw UserError(fmt::format("cannot write {}", options.csv));
  }
}

int run(const Options& options) {
  if (!options.cold_heap) {
    // Keep freed memory in the process: with data, a run's outputs (int64
    // lanes, 64..256 bytes per simulated cycle) would otherwise be faulted in
    // afresh every run, which on this VM costs as much as the work itself.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
  }
  Table table(result_columns(options.raw));
  bool all_agree = true;
  for (const ArrayConfig& config : options.configs) {
    const std::int64_t s = options.mnk ? *options.mnk : default_mnk(config);
    const GemmShape shape{s, s, s};
    const Measured m = measure(config, shape, options);
    all_agree = all_agree && m.agree;
    add_rows(table, config, shape, m, options);
  }
  print_report(table, options, all_agree);
  return all_agree ? 0 : 1;
}

}  // namespace
}  // namespace sasim::bench

int main(int argc, char** argv) {
  try {
    const auto options = sasim::bench::parse_options(argc, argv);
    return options ? sasim::bench::run(*options) : 0;
  } catch (const sasim::UserError& e) {
    fmt::print(stderr, "bench_matrix_unit: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_matrix_unit: internal error: {}\n", e.what());
    return 1;
  }
}
