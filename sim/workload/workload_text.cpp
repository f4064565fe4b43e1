#include "sasim/workload/workload_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "sasim/support/error.hpp"

namespace sasim {
namespace {

bool name_char(unsigned char ch) {
  return std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.';
}
}  // namespace

bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= kMaxNameLength && std::all_of(name.begin(), name.end(), name_char);
}

std::string plain_name(const std::string& text, const std::string& fallback) {
  std::string out;
  for (const char ch : text) {
    const bool keep = name_char(static_cast<unsigned char>(ch));
    if (out.empty() && !keep) continue;  // "/layer1/Conv" -> "layer1_Conv"
    out += keep ? ch : '_';
  }
  if (out.size() > kMaxNameLength) out = out.substr(out.size() - kMaxNameLength);  // the tail tells layers apart
  return out.empty() ? fallback : out;
}

}  // namespace sasim
