// sasim regress: random (or given) GEMMs on one RTL variant, each checked
// bit-exact against the reference GEMM and cycle-exact against the model.
#include <fmt/format.h>

#include <chrono>

#include "commands.hpp"
#include "sasim/support/error.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/unit/regression.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim::cli {
namespace {

// FILE.fst -> FILE.case3.fst when several cases are traced.
std::string trace_path_for(const std::string& path, int index, int count) {
  if (path.empty() || count == 1) return path;
  const auto dot = path.rfind('.');
  const auto slash = path.rfind('/');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return has_ext ? fmt::format("{}.case{}{}", path.substr(0, dot), index, path.substr(dot))
                 : fmt::format("{}.case{}", path, index);
}

}  // namespace

int cmd_regress(const Args& args) {
  namespace po = boost::program_options;
  ArrayOptions array;
  int count = 20;
  std::uint64_t seed = 1;
  std::int64_t m = 0, n = 0, k = 0;
  std::string trace, values = "random";
  po::options_description desc("regress options");
  desc.add_options()("help,h", "show this help");
  add_array_options(desc, array, "accumulator bits (wrap-around)");
  desc.add_options()("count", po::value(&count)->default_value(20), "number of random GEMMs")                     //
      ("seed", po::value(&seed)->default_value(1), "seed of the case generator")                                  //
      ("m", po::value(&m), "fixed GEMM M (with --n and --k: one case, no random shapes)")                         //
      ("n", po::value(&n), "fixed GEMM N")                                                                        //
      ("k", po::value(&k), "fixed GEMM K")                                                                        //
      ("values", po::value(&values)->default_value("random"), "operands of fixed cases: random, extreme or min")  //
      ("trace", po::value(&trace), "write an FST waveform (FILE.caseI.fst per case when several)");
  po::variables_map vm;
  if (!parse_options(args, desc, vm,
                     "usage: sasim regress --rows R --cols C --dataflow ws|os|is [--in-width 8|16] [--count N]"
                     " [--seed S] [--trace FILE.fst]")) {
    return 0;
  }
  const ArrayConfig config = array.config();
  if (count < 1) throw UserError(fmt::format("--count {}: expected at least 1", count));

  std::vector<RegressCase> cases;
  const int fixed = int(vm.count("m")) + int(vm.count("n")) + int(vm.count("k"));
  if (fixed == 3) {
    if (m < 1 || n < 1 || k < 1) throw UserError(fmt::format("--m/--n/--k = {}/{}/{}: expected >= 1 each", m, n, k));
    for (int i = 0; i < count; ++i) cases.push_back({{m, n, k}, seed + std::uint64_t(i), parse_value_pattern(values)});
  } else if (fixed != 0) {
    throw UserError("--m, --n and --k go together: give all three or none");
  } else {
    cases = random_cases(config, count, seed);
  }

  auto model = make_model_unit(config);
  auto rtl = make_rtl_unit(config, RtlOptions{});
  int passed = 0, failed = 0;
  double rtl_seconds = 0;
  for (int i = 0; i < int(cases.size()); ++i) {
    const RegressCase& c = cases[std::size_t(i)];
    if (!trace.empty()) rtl = make_rtl_unit(config, RtlOptions{trace_path_for(trace, i + 1, count), true});
    const auto start = std::chrono::steady_clock::now();
    const CaseOutcome outcome = check_case(config, *rtl, *model, c);
    rtl_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    outcome.pass ? ++passed : ++failed;
    fmt::print("case {:>4}/{:<4} M={:<5} N={:<5} K={:<5} {:<7} folds={:<5} cycles={:<8} {}{}\n", i + 1, cases.size(),
               c.shape.m, c.shape.n, c.shape.k, to_string(c.values), outcome.folds, outcome.rtl_cycles,
               outcome.pass ? "PASS" : "FAIL: ", outcome.failure);
  }
  fmt::print("{} ({}): {} passed, {} failed in {:.2f} s\n", rtl_variant_name(config), "rtl vs model vs reference",
             passed, failed, rtl_seconds);
  return failed == 0 ? 0 : 1;
}

}  // namespace sasim::cli
