// The Verilated RTL behind the MatrixUnit interface: loads the variant's
// shared object and, for each run, clocks a fresh instance from reset with
// the RtlDriver until every fold's outputs have left.
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/unit/rtl_driver.hpp"
#include "sasim/unit/rtl_library.hpp"
#include "sasim/unit/rtl_variant.hpp"

namespace sasim {
namespace {

class RtlUnit final : public MatrixUnit {
 public:
  RtlUnit(const ArrayConfig& config, const RtlOptions& options)
      : config_((config.validate(), config)),
        options_(options),
        lib_(ensure_rtl_variant(config_, RtlBuildOptions{options.quiet}), config_) {}

  const ArrayConfig& config() const override { return config_; }

  RunResult run(const std::vector<Fold>& folds) override {
    check_folds(config_, folds);
    RtlDriver driver(lib_, config_, options_.trace_path.empty() ? nullptr : options_.trace_path.c_str());
    driver.begin(folds);
    for (std::size_t f = 0; f < folds.size(); ++f) driver.set_avail(f, folds[f].avail);
    for (std::int64_t cycle = 0; !driver.done(); ++cycle) driver.step(cycle);
    return driver.finish();
  }

 private:
  ArrayConfig config_;
  RtlOptions options_;
  RtlLibrary lib_;
};

}  // namespace

std::unique_ptr<MatrixUnit> make_rtl_unit(const ArrayConfig& config, const RtlOptions& options) {
  return std::make_unique<RtlUnit>(config, options);
}

}  // namespace sasim
