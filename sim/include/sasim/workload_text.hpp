#pragma once
// Text helpers shared by the workload readers (specs, SCALE-Sim CSV, ONNX,
// the transformer generator): one-line quoting for error messages, layer
// names that stay plain in CSV, integers checked for range.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sasim/architecture_ini.hpp"

namespace sasim {

// quoted(): 'text' for an error message, on one line (architecture_ini.hpp).
std::string trim(const std::string& text);
std::string lower(std::string text);
std::vector<std::string> split(const std::string& text, char separator);

inline constexpr std::size_t kMaxNameLength = 64;

// Names end up unquoted in layers.csv and the report table: 1..64 letters,
// digits, '_', '-', '.'.
bool valid_name(const std::string& name);

// A valid name made from any text (ONNX node names such as "/layer1/Conv"):
// other characters become '_', leading ones dropped, long names keep their tail.
std::string plain_name(const std::string& text, const std::string& fallback);

// True if the whole text is a decimal int64 (optional '-'), stored in value.
bool parse_int64(const std::string& text, std::int64_t& value);

// key=value pieces separated by ',' (empty pieces skipped), keys lower-cased.
// Throws UserError for a piece without '=', a key not in `allowed`
// (lower-case) or a key given twice; `where` prefixes every message.
std::map<std::string, std::string> parse_key_values(const std::string& text, const std::vector<std::string>& allowed,
                                                    const std::string& where);

// Overflow-checked product of non-negative int64s; false on overflow.
bool checked_mul(std::int64_t a, std::int64_t b, std::int64_t& out);

}  // namespace sasim

