#pragma once
// Errors that users cause (bad input, impossible configurations). The CLI
// prints what() on one line and exits with status 2; anything else that
// escapes is a sasim bug and exits with status 1.
#include <stdexcept>
#include <string>

namespace sasim {

class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace sasim
