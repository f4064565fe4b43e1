#include "sasim/unit/regression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "sasim/mapping/mapping.hpp"
#include "sasim/support/enum_table.hpp"
#include "sasim/support/error.hpp"
#include "sasim/unit/cycle_formula.hpp"
#include "sasim/unit/fold_timer.hpp"

namespace sasim {

namespace {
constexpr EnumTable<ValuePattern, 3> kValuePatterns{
    {{ValuePattern::Random, "random"}, {ValuePattern::Extreme, "extreme"}, {ValuePattern::MostNegative, "min"}}};
}  // namespace

ValuePattern parse_value_pattern(const std::string& text) {
  if (const std::optional<ValuePattern> pattern = find_enum(kValuePatterns, text)) return *pattern;
  throw UserError(fmt::format("values '{}': expected {}", text, enum_choices(kValuePatterns)));
}

const char* to_string(ValuePattern pattern) {
  return enum_name(kValuePatterns, pattern);
}

GemmOperands make_operands(const RegressCase& c, int in_width) {
  GemmOperands ops = random_operands(c.shape, in_width, c.seed);
  const std::int32_t min = -(1 << (in_width - 1)), max = (1 << (in_width - 1)) - 1;
  if (c.values == ValuePattern::MostNegative) {
    std::fill(ops.a.begin(), ops.a.end(), min);
    std::fill(ops.b.begin(), ops.b.end(), min);
  } else if (c.values == ValuePattern::Extreme) {
    const std::int32_t picks[] = {min, min + 1, -1, 0, 1, max};
    auto pick = [&](std::int32_t v) { return picks[static_cast<std::uint32_t>(v) % 6]; };
    std::transform(ops.a.begin(), ops.a.end(), ops.a.begin(), pick);
    std::transform(ops.b.begin(), ops.b.end(), ops.b.begin(), pick);
  }
  return ops;
}

std::vector<RegressCase> random_cases(const ArrayConfig& config, int count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto dim = [&](std::int64_t size) -> std::int64_t {
    const std::int64_t choices[] = {1, std::max<std::int64_t>(1, size - 1), size, size + 1, 2 * size + 1};
    const std::uint64_t pick = rng() % 7;
    if (pick < 5) return choices[pick];
    return 1 + std::int64_t(rng() % std::uint64_t(3 * size));
  };
  std::vector<RegressCase> cases;
  for (int i = 0; i < count; ++i) {
    RegressCase c;
    // The array's rows hold K (WS, IS) or M (OS); its columns hold N (WS, OS) or M (IS).
    const bool os = config.dataflow == Dataflow::OS, is = config.dataflow == Dataflow::IS;
    c.shape.k = dim(os ? config.rows + config.cols : config.rows);
    c.shape.m = dim(os ? config.rows : is ? config.cols : config.rows + config.cols);
    c.shape.n = dim(is ? config.rows + config.cols : config.cols);
    c.seed = rng();
    const std::uint64_t v = rng() % 10;
    c.values = v < 8 ? ValuePattern::Random : v == 8 ? ValuePattern::Extreme : ValuePattern::MostNegative;
    cases.push_back(c);
  }
  return cases;
}

namespace {

std::string first_timing_mismatch(const char* what, const RunResult& got, const RunResult& want) {
  for (std::size_t f = 0; f < want.timing.size(); ++f) {
    const FoldTiming &g = got.timing[f], &w = want.timing[f];
    if (!(g == w)) {
      return fmt::format(
          "fold {} timing differs from {}: north {}..{} vs {}..{}, west {}..{} vs {}..{}, out {}..{} vs {}..{}", f,
          what, g.north_first, g.north_last, w.north_first, w.north_last, g.west_first, g.west_last, w.west_first,
          w.west_last, g.out_first, g.out_last, w.out_first, w.out_last);
    }
  }
  if (got.total_cycles != want.total_cycles) {
    return fmt::format("total cycles {} differ from {} {}", got.total_cycles, what, want.total_cycles);
  }
  return {};
}

}  // namespace

CaseOutcome check_case(const ArrayConfig& config, MatrixUnit& rtl, MatrixUnit& model, const RegressCase& c) {
  CaseOutcome outcome;
  const GemmOperands ops = make_operands(c, config.in_width);
  const std::vector<Fold> folds = make_folds(config, c.shape, &ops);
  outcome.folds = std::int64_t(folds.size());
  const RunResult r = rtl.run(folds);
  const RunResult m = model.run(folds);
  outcome.rtl_cycles = r.total_cycles;
  outcome.model_cycles = m.total_cycles;

  RunResult formula;
  FoldTimer timer(config);
  for (const Fold& f : folds) formula.timing.push_back(timer.next(f.avail, f.north_beats, f.west_beats));
  formula.total_cycles = formula.timing.back().out_last + 1;
  if (auto closed = closed_form_cycles(config, folds)) outcome.formula_cycles = *closed;

  std::string failure = first_timing_mismatch("the model", r, m);
  if (failure.empty()) failure = first_timing_mismatch("the recurrence", r, formula);
  if (failure.empty() && outcome.formula_cycles >= 0 && outcome.formula_cycles != r.total_cycles) {
    failure = fmt::format("total cycles {} differ from the closed form {}", r.total_cycles, outcome.formula_cycles);
  }
  for (std::size_t f = 0; failure.empty() && f < folds.size(); ++f) {
    if (r.outputs[f] != m.outputs[f]) {
      const auto diff = std::mismatch(r.outputs[f].begin(), r.outputs[f].end(), m.outputs[f].begin());
      const std::size_t at = std::size_t(diff.first - r.outputs[f].begin());
      failure = fmt::format("fold {} output beat {} lane {}: rtl {} model {}", f, at / config.cols, at % config.cols,
                            *diff.first, *diff.second);
    }
  }
  if (failure.empty()) {
    const std::vector<std::int64_t> got = assemble_output(config, c.shape, r.outputs);
    const std::vector<std::int64_t> want = reference_gemm(c.shape, ops, config.acc_width);
    const auto diff = std::mismatch(got.begin(), got.end(), want.begin());
    if (diff.first != got.end()) {
      const std::size_t at = std::size_t(diff.first - got.begin());
      failure = fmt::format("C[{}][{}] = {} but the reference GEMM gives {}", at / c.shape.n, at % c.shape.n,
                            *diff.first, *diff.second);
    }
  }
  outcome.failure = failure;
  outcome.pass = failure.empty();
  return outcome;
}

}  // namespace sasim
