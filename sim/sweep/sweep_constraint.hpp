#pragma once
// One sweep constraint: a comparison of two arithmetic expressions over the
// axes' keys, e.g. `array.rows * array.cols <= 16384` or
// `array.dataflow != is`. Grammar (docs/sweeps.md):
//   constraint := expr ('<=' | '<' | '>=' | '>' | '==' | '!=') expr
//   expr := term (('+' | '-') term)*      term := unary (('*' | '/' | '%') unary)*
//   unary := '-' unary | NUMBER | KEY | WORD | '(' expr ')'
// KEY is an axis key (it contains a '.'); WORD is a bare word compared as
// text (`ws`). Arithmetic and ordering need numeric axes; == and != compare
// text with text or numbers with numbers. All of that is checked when the
// constraint is parsed, so evaluation cannot fail on types.
#include <memory>
#include <string>
#include <vector>

#include "sasim/sweep/sweep_spec.hpp"

namespace sasim {

class Constraint {
 public:
  // where ("FILE:LINE: constraint") prefixes every error message.
  Constraint(const std::string& text, const std::vector<SweepAxis>& axes, const std::string& where);
  ~Constraint();
  Constraint(const Constraint&) = delete;
  Constraint& operator=(const Constraint&) = delete;

  // positions[a] is the value index of axis a (SweepSpec::positions). Throws
  // UserError on a division by zero.
  bool accepts(const std::vector<SweepAxis>& axes, const std::vector<std::size_t>& positions) const;

  const std::string& text() const { return text_; }

  struct Node;  // defined in sweep_constraint.cpp

 private:
  std::string text_, where_;
  std::vector<Node> nodes_;  // the expression tree, children before parents
  int root_ = -1;
};

}  // namespace sasim
