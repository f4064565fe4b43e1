#pragma once
// One table of {value, "name"} pairs per enum that users spell on the
// command line or in a file, so to_string, parsing and the list of accepted
// names in error messages cannot drift apart:
//   constexpr EnumTable<Engine, 3> kEngines{{{Engine::Model, "model"}, ...}};
//   to_string: enum_name(kEngines, e); parse: parse_enum(kEngines, text, "--engine").
#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "sasim/support/error.hpp"

namespace sasim {

template <typename E>
struct EnumName {
  E value;
  const char* name;
};

template <typename E, std::size_t N>
using EnumTable = std::array<EnumName<E>, N>;

// The name of value; "?" for a value the table does not list.
template <typename E, std::size_t N>
constexpr const char* enum_name(const EnumTable<E, N>& table, E value) {
  for (const EnumName<E>& entry : table)
    if (entry.value == value) return entry.name;
  return "?";
}

// The value named exactly text (case-sensitive), if any.
template <typename E, std::size_t N>
std::optional<E> find_enum(const EnumTable<E, N>& table, const std::string& text) {
  for (const EnumName<E>& entry : table)
    if (text == entry.name) return entry.value;
  return std::nullopt;
}

// "a, b or c": the accepted names in table order, for "expected ..." messages.
template <typename E, std::size_t N>
std::string enum_choices(const EnumTable<E, N>& table) {
  std::string list;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) list += i + 1 == N ? " or " : ", ";
    list += table[i].name;
  }
  return list;
}

// The value named text, or UserError "<what> '<text>': expected a, b or c",
// control characters in text shown as '?' so the message stays on one line.
template <typename E, std::size_t N>
E parse_enum(const EnumTable<E, N>& table, const std::string& text, const std::string& what) {
  if (const std::optional<E> value = find_enum(table, text)) return *value;
  std::string shown;
  for (const char ch : text) shown += static_cast<unsigned char>(ch) < 0x20 ? '?' : ch;
  throw UserError(what + " '" + shown + "': expected " + enum_choices(table));
}

}  // namespace sasim
