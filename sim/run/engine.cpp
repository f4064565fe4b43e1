#include "sasim/run/engine.hpp"

#include "sasim/support/enum_table.hpp"

namespace sasim {

namespace {
constexpr EnumTable<Engine, 3> kEngines{
    {{Engine::Model, "model"}, {Engine::Rtl, "rtl"}, {Engine::Analytic, "analytic"}}};
}  // namespace

Engine parse_engine(const std::string& text) {
  return parse_enum(kEngines, text, "--engine");
}

const char* to_string(Engine engine) {
  return enum_name(kEngines, engine);
}

}  // namespace sasim
