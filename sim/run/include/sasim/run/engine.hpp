#pragma once
// The engines of `sasim run` and `sasim sweep` (--engine analytic | model |
// rtl): the closed forms, or the SystemC platform around one of the two
// matrix-unit implementations (UnitKind). run_workload.hpp dispatches.
#include <string>

namespace sasim {

enum class Engine { Model, Rtl, Analytic };
Engine parse_engine(const std::string& text);  // "model" | "rtl" | "analytic"; throws UserError otherwise
const char* to_string(Engine engine);

}  // namespace sasim
