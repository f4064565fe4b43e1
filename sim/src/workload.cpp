#include "sasim/workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "sasim/error.hpp"

namespace sasim {
namespace {

constexpr const char* kExpected = "expected gemm:M=..,N=..,K=..[,name=..]";
constexpr std::size_t kMaxNameLength = 64;

// 'text' for an error message, control characters escaped so the message
// stays on one line whatever the user typed.
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

// Names end up unquoted in layers.csv and the report table: keep them plain.
bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= kMaxNameLength && std::all_of(name.begin(), name.end(), [](unsigned char ch) {
    return std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.';
  });
}

class LayerParser {
 public:
  explicit LayerParser(std::string fragment) : fragment_(std::move(fragment)) {}

  Layer parse(std::size_t index) {
    const auto colon = fragment_.find(':');
    const std::string kind = lower(trim(fragment_.substr(0, colon)));
    if (colon == std::string::npos) fail(kExpected);
    if (kind != "gemm") fail(fmt::format("unknown layer kind {}: {}", quoted(kind), kExpected));
    std::map<std::string, std::string> values;  // lower-case key -> value
    for (const std::string& raw : split(fragment_.substr(colon + 1), ',')) {
      const std::string piece = trim(raw);
      if (piece.empty()) continue;  // "M=1,,N=2" or a trailing comma
      const auto eq = piece.find('=');
      if (eq == std::string::npos) fail(fmt::format("{}: expected key=value", quoted(piece)));
      const std::string key = lower(trim(piece.substr(0, eq)));
      if (key != "m" && key != "n" && key != "k" && key != "name") {
        fail(fmt::format("unknown key {}: expected M, N, K or name", quoted(trim(piece.substr(0, eq)))));
      }
      if (!values.emplace(key, trim(piece.substr(eq + 1))).second) fail(fmt::format("{} is given twice", display(key)));
    }
    Layer layer;
    layer.shape.m = dimension(values, "m");
    layer.shape.n = dimension(values, "n");
    layer.shape.k = dimension(values, "k");
    std::int64_t mn = 0, mnk = 0;
    if (__builtin_mul_overflow(layer.shape.m, layer.shape.n, &mn) || __builtin_mul_overflow(mn, layer.shape.k, &mnk)) {
      fail("M*N*K overflows a 64-bit MAC count: expected a smaller layer");
    }
    const auto name = values.find("name");
    layer.name = name != values.end() ? name->second : fmt::format("gemm{}", index);
    if (!valid_name(layer.name)) {
      fail(fmt::format("name = {}: expected 1..{} letters, digits, '_', '-' or '.'", quoted(layer.name),
                       kMaxNameLength));
    }
    return layer;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(fmt::format("workload {}: {}", quoted(fragment_), what));
  }

 private:
  // Keys are stored lower-case; messages spell them as the docs do (M, N, K, name).
  static std::string display(const std::string& key) {
    return key == "name" ? key : std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(key[0]))));
  }

  std::int64_t dimension(const std::map<std::string, std::string>& values, const std::string& key) const {
    const auto it = values.find(key);
    if (it == values.end()) fail(fmt::format("missing {}: {}", display(key), kExpected));
    const std::string& text = it->second;
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    const bool is_integer = !text.empty() && ptr == end && (ec == std::errc() || ec == std::errc::result_out_of_range);
    const bool too_large = is_integer && text[0] != '-' && (ec != std::errc() || value > kMaxGemmDim);
    if (too_large) {
      fail(fmt::format("{} = {}: expected an integer <= {} (2^31-1)", display(key), quoted(text), kMaxGemmDim));
    }
    if (!is_integer || value < 1) fail(fmt::format("{} = {}: expected an integer >= 1", display(key), quoted(text)));
    return value;
  }

  std::string fragment_;
};

}  // namespace

Workload parse_workload(const std::string& spec) {
  Workload workload;
  workload.spec = spec;
  std::map<std::string, std::size_t> names;  // name -> layer index, to refuse duplicates
  std::int64_t total_macs = 0;
  for (const std::string& raw : split(spec, ';')) {
    const std::string fragment = trim(raw);
    if (fragment.empty()) continue;
    LayerParser parser(fragment);
    Layer layer = parser.parse(workload.layers.size());
    if (!names.emplace(layer.name, workload.layers.size()).second) {
      parser.fail(fmt::format("name {} is already used by layer {}", quoted(layer.name), names[layer.name]));
    }
    if (__builtin_add_overflow(total_macs, layer.shape.macs(), &total_macs)) {
      parser.fail("the workload's total MAC count overflows 64 bits: expected fewer or smaller layers");
    }
    workload.layers.push_back(std::move(layer));
  }
  if (workload.layers.empty()) {
    throw UserError(fmt::format("workload {}: no layers: {}, layers separated by ';'", quoted(spec), kExpected));
  }
  return workload;
}

}  // namespace sasim
