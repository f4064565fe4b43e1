#pragma once
// One RTL regression case: a GEMM run through the RTL and the model, checked
// bit-exact against the reference GEMM and cycle-exact against the model,
// the FoldTimer recurrence and (where one applies) the closed form.
#include <cstdint>
#include <string>
#include <vector>

#include "sasim/config/array_config.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/workload/gemm.hpp"

namespace sasim {

enum class ValuePattern {
  Random,        // uniform over the signed in_width range
  Extreme,       // drawn from {min, min+1, -1, 0, 1, max}
  MostNegative,  // every operand is the most negative value
};
ValuePattern parse_value_pattern(const std::string& text);  // random|extreme|min
const char* to_string(ValuePattern pattern);

struct RegressCase {
  GemmShape shape;
  std::uint64_t seed = 1;
  ValuePattern values = ValuePattern::Random;
};

struct CaseOutcome {
  bool pass = false;
  std::string failure;  // first mismatch, empty on pass
  std::int64_t folds = 0;
  std::int64_t rtl_cycles = 0, model_cycles = 0, formula_cycles = -1;  // -1: no closed form
};

GemmOperands make_operands(const RegressCase& c, int in_width);

// Random shapes around and across the array size: each dimension from
// {1, size-1, size, size+1, 2*size+1, uniform 1..3*size}.
std::vector<RegressCase> random_cases(const ArrayConfig& config, int count, std::uint64_t seed);

CaseOutcome check_case(const ArrayConfig& config, MatrixUnit& rtl, MatrixUnit& model, const RegressCase& c);

}  // namespace sasim
