#pragma once
// results.csv of a sweep (docs/sweeps.md): one row per point and workload,
// every axis value, the metrics and, for an infeasible point, the reason.
// Rows are appended as points finish (a Slurm shard writes its own file the
// same way) and sorted by (point, workload) at the end, so the final file is
// a function of the spec alone, whatever the order the points finished in.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sasim/sweep/sweep_eval.hpp"
#include "sasim/sweep/sweep_spec.hpp"

namespace sasim {

struct SweepRow {
  std::int64_t point = 0;    // cross-product index
  std::size_t workload = 0;  // index into spec.workloads
  PointMetrics metrics;
};

std::string results_header(const SweepSpec& spec);                   // ends in '\n'
std::string format_row(const SweepSpec& spec, const SweepRow& row);  // one line, ends in '\n'

// The rows of one point (every workload), as one string: written with one
// write() so a killed sweep leaves whole points or a torn last line.
std::string format_point_rows(const SweepSpec& spec, std::int64_t point, const std::vector<PointMetrics>& metrics);

// The rows of a results file that belong to the spec's points.
struct ParsedResults {
  std::vector<SweepRow> rows;     // whole points only, in file order, no duplicates
  std::size_t dropped_lines = 0;  // torn, unreadable, foreign or duplicate lines, or rows of partial points
  bool header_ok = false;
  bool clean() const { return header_ok && dropped_lines == 0; }
};
ParsedResults parse_results(const SweepSpec& spec, const std::vector<std::int64_t>& points, const std::string& text);

// Header and rows sorted by (point, workload).
std::string results_csv(const SweepSpec& spec, std::vector<SweepRow> rows);

// Splits one CSV line (RFC 4180 quoting) into fields.
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace sasim
