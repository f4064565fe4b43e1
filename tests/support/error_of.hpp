#pragma once
// The one line a UserError says, for tests of what sasim refuses.
#include <string>
#include <utility>

#include "sasim/support/error.hpp"

namespace sasim::testing {

// The UserError message of fn, or "" if it did not throw one.
template <typename Fn>
std::string error_of(Fn&& fn) {
  try {
    std::forward<Fn>(fn)();
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

}  // namespace sasim::testing
