#include "sasim/support/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "sasim/support/error.hpp"

namespace sasim {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return text;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  for (;;) {
    const auto end = text.find(separator, start);
    pieces.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return pieces;
    start = end + 1;
  }
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char ch : text) {
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(ch));
    } else {
      out += ch;
    }
  }
  return out + "'";
}

bool parse_int64(const std::string& text, std::int64_t& value) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return !text.empty() && ptr == end && ec == std::errc();
}

std::optional<std::int64_t> parse_int_in_range(const std::string& text, std::int64_t lo, std::int64_t hi) {
  std::int64_t value = 0;
  if (!parse_int64(text, value) || value < lo || value > hi) return std::nullopt;
  return value;
}

std::map<std::string, std::string> parse_key_values(const std::string& text, const std::vector<std::string>& allowed,
                                                    const std::string& where) {
  std::map<std::string, std::string> values;
  for (const std::string& raw : split(text, ',')) {
    const std::string piece = trim(raw);
    if (piece.empty()) continue;  // "M=1,,N=2" or a trailing comma
    const auto eq = piece.find('=');
    if (eq == std::string::npos) throw UserError(fmt::format("{}: {}: expected key=value", where, quoted(piece)));
    const std::string key = lower(trim(piece.substr(0, eq)));
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string keys;
      for (const std::string& k : allowed) keys += (keys.empty() ? "" : ", ") + k;
      throw UserError(
          fmt::format("{}: unknown key {}: expected one of {}", where, quoted(trim(piece.substr(0, eq))), keys));
    }
    if (!values.emplace(key, trim(piece.substr(eq + 1))).second) {
      throw UserError(fmt::format("{}: {} is given twice", where, trim(piece.substr(0, eq))));
    }
  }
  return values;
}

bool checked_mul(std::int64_t a, std::int64_t b, std::int64_t& out) {
  return !__builtin_mul_overflow(a, b, &out);
}

}  // namespace sasim
