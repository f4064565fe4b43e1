#include "sasim/sweep/sweep_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace sasim {
namespace {

// The metric columns after the axes and the workload, in file order.
constexpr const char* kMetricColumns[] = {"feasible",       "cycles",        "macs",          "time_s",
                                          "utilization",    "tops",          "dram_bytes",    "energy_j",
                                          "energy_mac_j",   "energy_sram_j", "energy_dram_j", "energy_interconnect_j",
                                          "energy_other_j", "area_mm2",      "reason"};
constexpr std::size_t kMetricCount = sizeof(kMetricColumns) / sizeof(kMetricColumns[0]);

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char ch : text) {
    if (ch == '\n' || ch == '\r') out += ' ';  // a row stays one line
    else out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  }
  return out + "\"";
}

// Doubles as the shortest text that reads back to the same double.
std::string number(double value) {
  return fmt::format("{}", value);
}

template <typename T>
std::string optional_text(const std::optional<T>& value) {
  if (!value) return "";
  if constexpr (std::is_floating_point_v<T>) return number(*value);
  else return fmt::format("{}", *value);
}

template <typename T>
bool parse(const std::string& text, T& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc() && ptr == end;
}

template <typename T>
bool parse_optional(const std::string& text, std::optional<T>& out) {
  if (text.empty()) return true;
  T value{};
  if (!parse(text, value)) return false;
  out = value;
  return true;
}

// Metrics from the fields after the workload (kMetricColumns from f[at]);
// false if any is malformed.
bool parse_metrics(const std::vector<std::string>& f, std::size_t at, PointMetrics& m) {
  const std::string* field = &f[at];
  if (field[0] != "1" && field[0] != "0") return false;
  m.feasible = field[0] == "1";
  m.reason = field[14];
  if (!m.feasible) return m.reason.size() > 0;
  bool ok = parse(field[1], m.cycles) && parse(field[2], m.macs) && parse(field[3], m.time_s) &&
            parse(field[4], m.utilization) && parse(field[5], m.tops) && parse_optional(field[6], m.dram_bytes) &&
            parse_optional(field[7], m.energy_j) && parse_optional(field[13], m.area_mm2);
  if (!field[8].empty()) {
    EnergyParts p;
    ok = ok && parse(field[8], p.mac) && parse(field[9], p.sram) && parse(field[10], p.dram) &&
         parse(field[11], p.interconnect) && parse(field[12], p.other);
    m.energy_parts = p;
  }
  return ok;
}

std::string parts_text(const std::optional<EnergyParts>& parts) {
  if (!parts) return ",,,,";
  return fmt::format("{},{},{},{},{}", number(parts->mac), number(parts->sram), number(parts->dram),
                     number(parts->interconnect), number(parts->other));
}

}  // namespace

std::string results_header(const SweepSpec& spec) {
  std::string header;
  for (const SweepAxis& a : spec.axes) header += a.key + ",";
  header += "workload";
  for (const char* column : kMetricColumns) header += std::string(",") + column;
  return header + "\n";
}

std::string format_row(const SweepSpec& spec, const SweepRow& row) {
  std::string line;
  const std::vector<std::size_t> pos = spec.positions(row.point);
  for (std::size_t a = 0; a < spec.axes.size(); ++a) line += csv_field(spec.axes[a].values[pos[a]]) + ",";
  line += spec.workloads[row.workload].name;
  const PointMetrics& m = row.metrics;
  if (m.feasible) {
    line += fmt::format(",1,{},{},{},{},{},{},{},{},{},", m.cycles, m.macs, number(m.time_s), number(m.utilization),
                        number(m.tops), optional_text(m.dram_bytes), optional_text(m.energy_j),
                        parts_text(m.energy_parts), optional_text(m.area_mm2));
  } else {
    line += ",0" + std::string(kMetricCount - 1, ',') + csv_field(m.reason);
  }
  return line + "\n";
}

std::string format_point_rows(const SweepSpec& spec, std::int64_t point, const std::vector<PointMetrics>& metrics) {
  std::string text;
  for (std::size_t w = 0; w < metrics.size(); ++w) text += format_row(spec, SweepRow{point, w, metrics[w]});
  return text;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        fields.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.emplace_back();
    } else {
      fields.back() += ch;
    }
  }
  return fields;
}

ParsedResults parse_results(const SweepSpec& spec, const std::vector<std::int64_t>& points, const std::string& text) {
  ParsedResults parsed;
  // Value text -> position, per axis; and workload name -> index.
  std::vector<std::unordered_map<std::string, std::size_t>> value_pos(spec.axes.size());
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    for (std::size_t v = 0; v < spec.axes[a].values.size(); ++v) value_pos[a][spec.axes[a].values[v]] = v;
  }
  std::unordered_map<std::string, std::size_t> workload_index;
  for (std::size_t w = 0; w < spec.workloads.size(); ++w) workload_index[spec.workloads[w].name] = w;
  const std::size_t columns = spec.axes.size() + 1 + kMetricCount;

  // Only lines ending in '\n' count: a kill mid-write leaves a torn last line.
  std::vector<SweepRow> rows;
  std::set<std::pair<std::int64_t, std::size_t>> seen;
  std::size_t start = 0;
  bool first = true;
  const std::string header = results_header(spec);
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string::npos) {
      ++parsed.dropped_lines;
      break;
    }
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (first) {
      first = false;
      parsed.header_ok = line + "\n" == header;
      if (parsed.header_ok) continue;
    }
    const std::vector<std::string> f = split_csv_line(line);
    SweepRow row;
    bool ok = f.size() == columns;
    for (std::size_t a = 0; ok && a < spec.axes.size(); ++a) {
      const auto it = value_pos[a].find(f[a]);
      ok = it != value_pos[a].end();
      if (ok) row.point = row.point * std::int64_t(spec.axes[a].values.size()) + std::int64_t(it->second);
    }
    const auto w = ok ? workload_index.find(f[spec.axes.size()]) : workload_index.end();
    ok = ok && w != workload_index.end() && parse_metrics(f, spec.axes.size() + 1, row.metrics) &&
         std::binary_search(points.begin(), points.end(), row.point);
    if (ok) {
      row.workload = w->second;
      ok = seen.emplace(row.point, row.workload).second;
    }
    if (!ok) {
      ++parsed.dropped_lines;
      continue;
    }
    rows.push_back(std::move(row));
  }
  // A point counts only with every workload's row.
  std::map<std::int64_t, std::size_t> per_point;
  for (const SweepRow& row : rows) ++per_point[row.point];
  for (SweepRow& row : rows) {
    if (per_point[row.point] == spec.workloads.size()) parsed.rows.push_back(std::move(row));
    else ++parsed.dropped_lines;
  }
  return parsed;
}

std::string results_csv(const SweepSpec& spec, std::vector<SweepRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const SweepRow& a, const SweepRow& b) {
    return a.point != b.point ? a.point < b.point : a.workload < b.workload;
  });
  std::string text = results_header(spec);
  for (const SweepRow& row : rows) text += format_row(spec, row);
  return text;
}

}  // namespace sasim
