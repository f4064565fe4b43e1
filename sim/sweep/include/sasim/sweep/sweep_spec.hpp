#pragma once
// A design-space sweep as `sasim sweep SPEC` reads it (docs/sweeps.md): an
// INI file with [sweep] (base architecture, engine, objectives, constraints),
// [workloads] (name = workload spec) and [axes] (config key = values). The
// points are the cross product of the axes, in spec order with the last axis
// varying fastest, minus those a constraint rejects.
//
// Every error in a spec is a UserError "FILE:LINE: key: what is expected",
// raised while parsing, before any point runs.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sasim/workload/workload.hpp"

namespace sasim {

// The cross product is enumerated (and each constraint evaluated) point by
// point: about 10^8 take a few seconds, the most a spec may span.
inline constexpr std::int64_t kMaxSweepCrossProduct = 100'000'000;
// results.csv is sorted in memory at the end (~200 bytes a row): at most
// this many rows (points after constraints x workloads) per sweep.
inline constexpr std::int64_t kMaxSweepRows = 2'000'000;
// Values of one axis: each is kept as text and number (~100 bytes with its
// duplicate check), so a range is refused past this before it is stored.
inline constexpr std::int64_t kMaxAxisValues = 1'000'000;

struct SweepAxis {
  std::string key;                  // an architecture key, "array.rows"
  std::vector<std::string> values;  // canonical text of each value, spec order
  std::vector<double> numbers;      // values as numbers, when every value is one
  bool numeric = false;
  int line = 0;
};

struct SweepWorkload {
  std::string name;  // the [workloads] key: letters, digits, '_', '-', '.'
  std::string spec;  // as `sasim run --workload` takes it
  Workload parsed;
};

// What an objective reads from the results and which way is better.
struct Objective {
  const char* name;    // as written in the spec: latency, energy, area, ...
  const char* column;  // the results.csv column it aggregates
  bool maximize;
};
const std::vector<Objective>& known_objectives();

class Constraint;  // sweep_constraint.hpp

struct SweepSpec {
  std::string path;    // as given on the command line
  std::string text;    // the file's bytes: a resumed sweep must match them
  std::string arch;    // a preset name, or the absolute path of an INI file
  std::string engine;  // as `sasim run --engine` takes it
  std::vector<Objective> objectives;
  std::vector<SweepWorkload> workloads;
  std::vector<SweepAxis> axes;
  std::vector<std::shared_ptr<const Constraint>> constraints;

  std::int64_t cross_product() const;  // product of the axis sizes (1 with no axis)
  // The value index of every axis of cross-product point `index`.
  std::vector<std::size_t> positions(std::int64_t index) const;
  // "key=value" of every axis of a point: the `--set` overrides that make it.
  std::vector<std::string> overrides(std::int64_t index) const;
};

// Reads and checks the spec at path. Relative architecture paths are taken
// from the spec's directory.
SweepSpec load_sweep_spec(const std::string& path);

// The same from text already read; base_dir resolves relative paths.
SweepSpec parse_sweep_spec(const std::string& text, const std::string& path, const std::string& base_dir);

// Cross-product indices of the points every constraint accepts, ascending.
// Throws UserError past kMaxSweepRows or when a constraint cannot be
// evaluated (a division by zero names the line and the point).
std::vector<std::int64_t> enumerate_points(const SweepSpec& spec);

}  // namespace sasim
