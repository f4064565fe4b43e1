#include "sasim/sweep/sweep_spec.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sasim/config/architecture.hpp"
#include "sasim/run/engine.hpp"
#include "sasim/support/error.hpp"
#include "sasim/support/input_file.hpp"
#include "sasim/support/text.hpp"
#include "sasim/workload/workload_text.hpp"
#include "sweep_constraint.hpp"

namespace sasim {
namespace {

const std::vector<Objective> kObjectives = {
    {"latency", "time_s", false}, {"energy", "energy_j", false}, {"area", "area_mm2", false},
    {"cycles", "cycles", false},  {"dram", "dram_bytes", false}, {"utilization", "utilization", true},
    {"tops", "tops", true},
};
constexpr const char* kDefaultObjectives = "latency, energy, area";

struct Entry {
  std::string key, value;
  int line = 0;
};

// Control characters escaped, so a message stays on one line.
std::string printable(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(ch));
    else out += ch;
  }
  return out;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) items.push_back(trim(item));
  if (!text.empty() && text.back() == ',') items.push_back("");
  return items;
}

bool parse_number(const std::string& text, double& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc() && ptr == end && std::isfinite(out);
}

// Range values as text: 12 significant digits, so that 0.1..0.3 +0.1 gives
// 0.1, 0.2, 0.3 rather than the last step's rounding error; integers (up to
// 10^12) without a decimal point.
std::string number_text(double value) {
  return fmt::format("{:.12g}", value);
}

class SpecParser {
 public:
  SpecParser(const std::string& text, const std::string& path, const std::string& base_dir)
      : path_(path), base_dir_(base_dir) {
    spec_.path = path;
    spec_.text = text;
    split_sections(text);
  }

  SweepSpec parse() {
    parse_sweep_section();
    parse_workloads();
    parse_axes();
    parse_constraints();
    return std::move(spec_);
  }

 private:
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw UserError(fmt::format("{}:{}: {}", printable(path_), line, what));
  }

  void split_sections(const std::string& text) {
    static const char* const kSections[] = {"sweep", "workloads", "axes"};
    std::istringstream in(text);
    std::string raw, section;
    int line = 0;
    Entry* open_value = nullptr;  // a value ending in ';' or ',' continues on the next line
    while (std::getline(in, raw)) {
      ++line;
      const std::string content = trim(raw.substr(0, raw.find('#')));
      if (content.empty()) continue;
      if (open_value) {
        open_value->value += " " + content;
        if (content.back() != ';' && content.back() != ',') open_value = nullptr;
        continue;
      }
      if (content.front() == '[') {
        if (content.back() != ']')
          fail(line, fmt::format("'{}': expected a section header [name]", printable(content)));
        section = trim(content.substr(1, content.size() - 2));
        if (std::find(std::begin(kSections), std::end(kSections), section) == std::end(kSections)) {
          fail(line, fmt::format("unknown section [{}]: expected [sweep], [workloads] or [axes]", printable(section)));
        }
        if (!seen_sections_.emplace(section, line).second) {
          fail(line, fmt::format("section [{}] appears twice (first on line {})", section, seen_sections_[section]));
        }
        continue;
      }
      const auto eq = content.find('=');
      if (eq == std::string::npos) fail(line, fmt::format("'{}': expected key = value", printable(content)));
      if (section.empty()) {
        fail(line, fmt::format("'{}' is outside any section: expected it under [sweep], [workloads] or [axes]",
                               printable(trim(content.substr(0, eq)))));
      }
      Entry entry{trim(content.substr(0, eq)), trim(content.substr(eq + 1)), line};
      if (entry.key.empty()) fail(line, fmt::format("'{}': expected key = value", printable(content)));
      sections_[section].push_back(entry);
      const std::string& value = sections_[section].back().value;
      if (!value.empty() && (value.back() == ';' || value.back() == ',')) open_value = &sections_[section].back();
    }
  }

  void parse_sweep_section() {
    std::map<std::string, const Entry*> given;
    for (const Entry& e : sections_["sweep"]) {
      if (e.key == "constraint") {
        if (e.value.empty()) fail(e.line, "constraint: empty: expected e.g. array.rows * array.cols <= 16384");
        continue;
      }
      if (e.key != "arch" && e.key != "engine" && e.key != "objectives") {
        fail(e.line, fmt::format("unknown key '{}' in [sweep]: expected arch, engine, objectives or constraint",
                                 printable(e.key)));
      }
      if (given.count(e.key))
        fail(e.line, fmt::format("{} is given twice (first on line {})", e.key, given[e.key]->line));
      if (e.value.empty()) fail(e.line, fmt::format("{}: empty value", e.key));
      given[e.key] = &e;
    }
    const Entry arch = given.count("arch") ? *given["arch"] : Entry{"arch", "default", 0};
    spec_.arch = resolve_arch(arch.value);
    try {
      base_ = load_architecture(spec_.arch, {});
    } catch (const UserError& e) {
      fail(arch.line, fmt::format("arch: {}", e.what()));
    }

    const Entry engine = given.count("engine") ? *given["engine"] : Entry{"engine", "model", 0};
    try {
      parse_engine(engine.value);
    } catch (const UserError& e) {
      fail(engine.line, fmt::format("engine: {}", e.what()));
    }
    spec_.engine = engine.value;

    const Entry objectives =
        given.count("objectives") ? *given["objectives"] : Entry{"objectives", kDefaultObjectives, 0};
    for (const std::string& name : split_list(objectives.value)) {
      const auto it =
          std::find_if(kObjectives.begin(), kObjectives.end(), [&](const Objective& o) { return name == o.name; });
      if (it == kObjectives.end()) {
        std::string known;
        for (const Objective& o : kObjectives) known += (known.empty() ? "" : ", ") + std::string(o.name);
        fail(objectives.line, fmt::format("objectives: unknown objective '{}': expected {}", printable(name), known));
      }
      for (const Objective& o : spec_.objectives) {
        if (o.name == it->name) fail(objectives.line, fmt::format("objectives: '{}' is given twice", name));
      }
      spec_.objectives.push_back(*it);
    }
  }

  // A preset name stays a name; a file path becomes absolute, taken from the
  // spec's directory, so shards and resumed runs find it from anywhere.
  std::string resolve_arch(const std::string& value) const {
    const std::vector<std::string> presets = architecture_preset_names();
    if (std::find(presets.begin(), presets.end(), value) != presets.end()) return value;
    if (value.find('/') == std::string::npos && value.find('.') == std::string::npos) return value;
    std::filesystem::path path(value);
    if (path.is_relative()) path = std::filesystem::path(base_dir_) / path;
    return path.lexically_normal().string();
  }

  // A workload file (.csv, .onnx) is taken from the spec's directory and
  // recorded by its absolute path, for children, shards and resumed runs.
  std::string resolve_workload_file(const std::string& value) const {
    std::string lower = value;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    const auto ends_with = [&](const std::string& suffix) {
      return lower.size() > suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (value.find(':') != std::string::npos || !(ends_with(".csv") || ends_with(".onnx"))) return value;
    std::filesystem::path path(value);
    if (path.is_relative()) path = std::filesystem::path(base_dir_) / path;
    return path.lexically_normal().string();
  }

  void parse_workloads() {
    std::map<std::string, int> names;
    for (const Entry& e : sections_["workloads"]) {
      if (!valid_name(e.key)) {
        fail(e.line,
             fmt::format("workload name '{}': expected 1..64 letters, digits, '_', '-' or '.'", printable(e.key)));
      }
      if (!names.emplace(e.key, e.line).second) {
        fail(e.line, fmt::format("workload '{}' is given twice (first on line {})", e.key, names[e.key]));
      }
      if (e.value.empty()) fail(e.line, fmt::format("workload '{}': empty: expected a workload spec", e.key));
      SweepWorkload w{e.key, resolve_workload_file(e.value), {}};
      try {
        w.parsed = parse_workload(w.spec);
      } catch (const UserError& error) {
        fail(e.line, fmt::format("workload '{}': {}", e.key, error.what()));
      }
      spec_.workloads.push_back(std::move(w));
    }
    if (spec_.workloads.empty()) {
      throw UserError(
          fmt::format("{}: no workloads: expected a [workloads] section with lines name = spec, "
                      "e.g. fc = gemm:M=512,N=512,K=512",
                      printable(path_)));
    }
  }

  void parse_axes() {
    spec_.axes.clear();
    for (const Entry& e : sections_["axes"]) {
      const ArchitectureKey* key = nullptr;
      for (const ArchitectureKey& k : architecture_keys()) {
        if (e.key == k.name) key = &k;
      }
      if (!key) {
        std::string known;
        for (const ArchitectureKey& k : architecture_keys()) known += (known.empty() ? "" : ", ") + std::string(k.name);
        fail(e.line, fmt::format("unknown key '{}' in [axes]: expected one of {}", printable(e.key), known));
      }
      for (const SweepAxis& a : spec_.axes) {
        if (a.key == e.key) fail(e.line, fmt::format("{} is given twice (first on line {})", e.key, a.line));
      }
      SweepAxis axis;
      axis.key = e.key;
      axis.line = e.line;
      if (e.value.empty()) {
        fail(e.line, fmt::format("{}: no values: expected a list (a, b, c) or a range (8..256 *2, 8..64 +8)", e.key));
      }
      axis_values_seen_.clear();
      for (const std::string& item : split_list(e.value)) add_values(axis, item);
      // Each value alone must be one the key takes; combinations that fail
      // validation together become infeasible points, not spec errors.
      for (const std::string& value : axis.values) {
        Architecture probe = base_;
        key->set(probe, value, fmt::format("{}:{}: {}", printable(path_), e.line, e.key));
      }
      axis.numeric = true;
      for (const std::string& value : axis.values) {
        double number = 0;
        axis.numeric = axis.numeric && parse_number(value, number);
        axis.numbers.push_back(number);
      }
      if (!axis.numeric) axis.numbers.clear();
      spec_.axes.push_back(std::move(axis));
    }
    std::int64_t product = 1;
    for (const SweepAxis& a : spec_.axes) {
      if (__builtin_mul_overflow(product, std::int64_t(a.values.size()), &product) || product > kMaxSweepCrossProduct) {
        fail(a.line, fmt::format("the axes up to {} span more than {} points: narrow the ranges or split the sweep",
                                 a.key, kMaxSweepCrossProduct));
      }
    }
  }

  void add_value(SweepAxis& axis, const std::string& value, int line) {
    // A set, not a scan of the values: ranges may hold up to kMaxAxisValues.
    if (!axis_values_seen_.insert(value).second) {
      fail(line, fmt::format("{}: value '{}' is given twice", axis.key, printable(value)));
    }
    if (std::int64_t(axis.values.size()) >= kMaxAxisValues) {
      fail(line, fmt::format("{}: more than {} values", axis.key, kMaxAxisValues));
    }
    axis.values.push_back(value);
  }

  // One item of an axis list: a plain value, or a range A..B [*F | +S].
  void add_values(SweepAxis& axis, const std::string& item) {
    const int line = axis.line;
    if (item.empty()) fail(line, fmt::format("{}: empty value in the list", axis.key));
    const auto dots = item.find("..");
    if (dots == std::string::npos) {
      add_value(axis, item, line);
      return;
    }
    const std::string shown = printable(item);
    const std::string rest = item.substr(dots + 2);
    // The step operator: a '*' or '+' that is not a number's exponent sign (1e+3).
    auto op_at = rest.find_first_of("*+");
    while (op_at != std::string::npos && rest[op_at] == '+' && op_at > 0 &&
           (rest[op_at - 1] == 'e' || rest[op_at - 1] == 'E'))
      op_at = rest.find_first_of("*+", op_at + 1);
    const std::string start_text = trim(item.substr(0, dots)), end_text = trim(rest.substr(0, op_at));
    const char op = op_at == std::string::npos ? '+' : rest[op_at];
    const std::string step_text = op_at == std::string::npos ? "1" : trim(rest.substr(op_at + 1));
    double start = 0, end = 0, step = 0;
    if (!parse_number(start_text, start) || !parse_number(end_text, end) || !parse_number(step_text, step)) {
      fail(line, fmt::format("{} = '{}': expected a range START..END, START..END *FACTOR or START..END +STEP "
                             "with numbers",
                             axis.key, shown));
    }
    if (start > end)
      fail(line, fmt::format("{} = '{}': empty range: {} is above {}", axis.key, shown, start_text, end_text));
    // A value within a relative 1e-9 of END still counts, so 0.1..0.3 +0.1
    // has three values despite rounding.
    const double limit = end + 1e-9 * std::max(std::fabs(end), std::fabs(step));
    if (op == '+') {
      if (step <= 0) fail(line, fmt::format("{} = '{}': the step after '+' must be > 0", axis.key, shown));
      const double count = std::floor((limit - start) / step) + 1;
      if (count > double(kMaxAxisValues)) {
        fail(line, fmt::format("{} = '{}': more than {} values", axis.key, shown, kMaxAxisValues));
      }
      for (std::int64_t i = 0; i < std::int64_t(count); ++i)
        add_value(axis, number_text(start + double(i) * step), line);
    } else {
      if (step <= 1) fail(line, fmt::format("{} = '{}': the factor after '*' must be > 1", axis.key, shown));
      if (start <= 0) fail(line, fmt::format("{} = '{}': a '*' range must start above 0", axis.key, shown));
      for (double v = start; v <= limit; v *= step) add_value(axis, number_text(v), line);
    }
  }

  void parse_constraints() {
    for (const Entry& e : sections_["sweep"]) {
      if (e.key != "constraint") continue;
      spec_.constraints.push_back(std::make_shared<const Constraint>(
          e.value, spec_.axes, fmt::format("{}:{}: constraint", printable(path_), e.line)));
    }
  }

  std::string path_, base_dir_;
  SweepSpec spec_;
  Architecture base_;
  std::map<std::string, std::vector<Entry>> sections_;
  std::map<std::string, int> seen_sections_;
  std::set<std::string> axis_values_seen_;  // values of the axis being read
};

}  // namespace

const std::vector<Objective>& known_objectives() {
  return kObjectives;
}

std::int64_t SweepSpec::cross_product() const {
  std::int64_t product = 1;
  for (const SweepAxis& a : axes) product *= std::int64_t(a.values.size());
  return product;
}

std::vector<std::size_t> SweepSpec::positions(std::int64_t index) const {
  std::vector<std::size_t> pos(axes.size());
  for (std::size_t a = axes.size(); a-- > 0;) {
    const auto size = std::int64_t(axes[a].values.size());
    pos[a] = std::size_t(index % size);
    index /= size;
  }
  return pos;
}

std::vector<std::string> SweepSpec::overrides(std::int64_t index) const {
  const std::vector<std::size_t> pos = positions(index);
  std::vector<std::string> sets;
  for (std::size_t a = 0; a < axes.size(); ++a) sets.push_back(axes[a].key + "=" + axes[a].values[pos[a]]);
  return sets;
}

SweepSpec parse_sweep_spec(const std::string& text, const std::string& path, const std::string& base_dir) {
  return SpecParser(text, path, base_dir).parse();
}

SweepSpec load_sweep_spec(const std::string& path) {
  const std::string text = read_user_file(path, "sweep spec", "an INI file");
  const std::string dir = std::filesystem::absolute(path).parent_path().string();
  return parse_sweep_spec(text, path, dir);
}

std::vector<std::int64_t> enumerate_points(const SweepSpec& spec) {
  const std::int64_t total = spec.cross_product();
  const auto workloads = std::int64_t(spec.workloads.size());
  std::vector<std::int64_t> points;
  std::vector<std::size_t> pos(spec.axes.size(), 0);
  for (std::int64_t index = 0; index < total; ++index) {
    bool accepted = true;
    for (const auto& constraint : spec.constraints) {
      if (!constraint->accepts(spec.axes, pos)) {
        accepted = false;
        break;
      }
    }
    if (accepted) {
      if ((std::int64_t(points.size()) + 1) * workloads > kMaxSweepRows) {
        throw UserError(
            fmt::format("{}: more than {} rows (points x {} workloads) pass the constraints: at most {} "
                        "per sweep; narrow the axes, add constraints or split the sweep",
                        printable(spec.path), kMaxSweepRows / workloads, workloads, kMaxSweepRows));
      }
      points.push_back(index);
    }
    // Odometer step: the last axis varies fastest, as positions() decodes.
    for (std::size_t a = pos.size(); a-- > 0;) {
      if (++pos[a] < spec.axes[a].values.size()) break;
      pos[a] = 0;
    }
  }
  return points;
}

}  // namespace sasim
