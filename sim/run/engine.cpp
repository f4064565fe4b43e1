#include "sasim/run/engine.hpp"

#include <fmt/format.h>

#include "sasim/support/error.hpp"

namespace sasim {

Engine parse_engine(const std::string& text) {
  if (text == "model") return Engine::Model;
  if (text == "rtl") return Engine::Rtl;
  if (text == "analytic") return Engine::Analytic;
  std::string shown;
  for (const char ch : text) shown += static_cast<unsigned char>(ch) < 0x20 ? '?' : ch;  // keep one line
  throw UserError(fmt::format("--engine '{}': expected model, rtl or analytic", shown));
}

const char* to_string(Engine engine) {
  switch (engine) {
    case Engine::Rtl: return "rtl";
    case Engine::Analytic: return "analytic";
    default: return "model";
  }
}

}  // namespace sasim
