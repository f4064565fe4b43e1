#pragma once
// Text and number helpers for every reader of user input: one-line quoting
// for error messages, trimming and splitting, key=value lists, integers
// parsed whole and products checked for overflow.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sasim {

std::string trim(const std::string& text);  // without surrounding blanks (space, tab, CR, LF)
std::string lower(std::string text);
std::vector<std::string> split(const std::string& text, char separator);

// 'text' for an error message, control characters escaped so the message
// stays on one line whatever the user typed.
std::string quoted(const std::string& text);

// True if the whole text is a decimal int64 (optional '-'), stored in value.
bool parse_int64(const std::string& text, std::int64_t& value);

// The whole text as a decimal integer in lo..hi; nothing for garbage, an
// empty text, overflow or a value out of range. Each caller throws its own
// UserError, since the messages name different sources (file:line, option).
std::optional<std::int64_t> parse_int_in_range(const std::string& text, std::int64_t lo, std::int64_t hi);

// key=value pieces separated by ',' (empty pieces skipped), keys lower-cased.
// Throws UserError for a piece without '=', a key not in `allowed`
// (lower-case) or a key given twice; `where` prefixes every message.
std::map<std::string, std::string> parse_key_values(const std::string& text, const std::vector<std::string>& allowed,
                                                    const std::string& where);

// Overflow-checked product of non-negative int64s; false on overflow.
bool checked_mul(std::int64_t a, std::int64_t b, std::int64_t& out);

}  // namespace sasim
