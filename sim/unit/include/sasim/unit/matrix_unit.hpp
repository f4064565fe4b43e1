#pragma once
// The matrix unit behind one interface, with two implementations that must
// agree cycle for cycle and bit for bit: the Verilated RTL and the C++ model.
// MatrixUnit runs a list of folds from reset; the SystemC platform drives
// the same two implementations fold by fold as a PlatformArray
// (sasim/sysc/platform_array.hpp), built from the same parts (FoldTimer and
// the model's arithmetic; RtlDriver).
#include <memory>
#include <string>
#include <vector>

#include "sasim/config/array_config.hpp"
#include "sasim/mapping/fold.hpp"

namespace sasim {

// The two implementations of the matrix unit: the cycle-exact C++ model and
// the Verilated RTL (the engines `model` and `rtl` of sasim run).
enum class UnitKind { Model, Rtl };
const char* to_string(UnitKind kind);  // "model" | "rtl"

// The handshakes FoldTiming records, as the platform is told of them: the
// first and last north (preload) and west (stream) beats of a fold entering,
// and its last output beat leaving.
enum class ArrayEvent : int { NorthFirst = 0, NorthLast, WestFirst, WestLast, OutLast };

class MatrixUnit {
 public:
  virtual ~MatrixUnit() = default;
  virtual const ArrayConfig& config() const = 0;
  // Runs the folds in order from reset, feeding every beat as early as the
  // unit and the fold's avail cycle allow, outputs always accepted. Outputs
  // are computed only when every fold carries data.
  virtual RunResult run(const std::vector<Fold>& folds) = 0;
};

// Throws UserError if the folds do not fit the array (beat counts, sizes).
void check_folds(const ArrayConfig& config, const std::vector<Fold>& folds);

std::unique_ptr<MatrixUnit> make_model_unit(const ArrayConfig& config);

struct RtlOptions {
  std::string trace_path;  // write an FST waveform here if not empty
  bool quiet = false;      // no progress output while Verilating
};
// Loads (Verilating it first if not cached) the RTL variant for config.
std::unique_ptr<MatrixUnit> make_rtl_unit(const ArrayConfig& config, const RtlOptions& options);

}  // namespace sasim
