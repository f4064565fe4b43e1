// placeholder until sasim run lands
#include "commands.hpp"
#include "sasim/error.hpp"
namespace sasim::cli {
int cmd_run(const Args&) { throw UserError("run: not built yet"); }
}  // namespace sasim::cli
