#pragma once
// The engines of `sasim run` (--engine analytic | model | rtl) and the
// matrix unit each simulating one runs on.
#include <memory>
#include <string>
#include <vector>

#include "sasim/cost/layer_result.hpp"
#include "sasim/unit/matrix_unit.hpp"
#include "sasim/workload/workload.hpp"

namespace sasim {

enum class Engine { Model, Rtl, Analytic };
Engine parse_engine(const std::string& text);  // "model" | "rtl" | "analytic"; throws UserError otherwise
const char* to_string(Engine engine);

// The unit an engine runs on; the RTL variant is Verilated first if it is not
// cached (progress on stderr unless quiet).
std::unique_ptr<MatrixUnit> make_unit(Engine engine, const ArrayConfig& config, bool quiet);

LayerResult simulate_layer(MatrixUnit& unit, const Layer& layer);

// Every layer in order, a progress bar over layers when there are several.
std::vector<LayerResult> simulate_workload(MatrixUnit& unit, const Workload& workload, bool quiet);

}  // namespace sasim
