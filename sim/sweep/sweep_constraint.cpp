#include "sweep_constraint.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "sasim/support/error.hpp"

namespace sasim {

enum class Op { Number, Word, Axis, Neg, Add, Sub, Mul, Div, Mod, Lt, Le, Gt, Ge, Eq, Ne };

struct Constraint::Node {
  Op op = Op::Number;
  bool numeric = true;   // the node's value is a number (else text)
  double number = 0;     // Op::Number
  std::string word;      // Op::Word
  std::size_t axis = 0;  // Op::Axis
  int lhs = -1, rhs = -1;
};

namespace {

struct Token {
  enum Kind { Number, Name, Symbol, End } kind = End;
  std::string text;
  double number = 0;
};

bool is_name_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' || ch == '-';
}

// Parsing and evaluation recurse once per nesting level: a bound on the
// tokens bounds the stack ("((((...1...))))" or "1+1+...+1" would overflow
// it). Real constraints have a few dozen tokens.
constexpr std::size_t kMaxConstraintTokens = 256;

std::vector<Token> tokenize(const std::string& text, const std::string& where) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (tokens.size() == kMaxConstraintTokens) {
      throw UserError(
          fmt::format("{}: '{}': more than {} tokens: expected a shorter constraint (split it into "
                      "several constraint lines)",
                      where, text, kMaxConstraintTokens));
    }
    const char ch = text[i];
    if (std::isspace(static_cast<unsigned char>(ch))) {
      ++i;
      continue;
    }
    Token token;
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      const char* end = text.data() + text.size();
      const auto [ptr, ec] = std::from_chars(text.data() + i, end, token.number);
      if (ec != std::errc() || !std::isfinite(token.number)) {
        throw UserError(fmt::format("{}: '{}': bad number at column {}", where, text, i + 1));
      }
      token.kind = Token::Number;
      token.text = text.substr(i, std::size_t(ptr - (text.data() + i)));
      i = std::size_t(ptr - text.data());
    } else if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      // '-' belongs to names (e.g. a DRAM preset ddr4-3200), so `a-b` is one
      // name: subtraction needs spaces around '-'.
      std::size_t end = i;
      while (end < text.size() && is_name_char(text[end])) ++end;
      token.kind = Token::Name;
      token.text = text.substr(i, end - i);
      i = end;
    } else {
      static const char* const kSymbols[] = {"<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "%", "(", ")"};
      for (const char* symbol : kSymbols) {
        if (text.compare(i, std::char_traits<char>::length(symbol), symbol) == 0) {
          token.kind = Token::Symbol;
          token.text = symbol;
          break;
        }
      }
      if (token.kind != Token::Symbol) {
        throw UserError(
            fmt::format("{}: '{}': unexpected '{}' at column {}: expected numbers, keys, + - * / % ( ) "
                        "and one of <= < >= > == !=",
                        where, text, ch, i + 1));
      }
      i += token.text.size();
    }
    tokens.push_back(token);
  }
  tokens.push_back(Token{});
  return tokens;
}

}  // namespace

// Recursive descent over the tokens; builds nodes_ and checks types.
class ConstraintParser {
 public:
  ConstraintParser(const std::string& text, const std::vector<SweepAxis>& axes, const std::string& where,
                   std::vector<Constraint::Node>& nodes)
      : text_(text), axes_(axes), where_(where), nodes_(nodes), tokens_(tokenize(text, where)) {}

  int parse() {
    const int lhs = expr();
    const Token& t = tokens_[pos_];
    static const std::pair<const char*, Op> kComparisons[] = {{"<=", Op::Le}, {"<", Op::Lt},  {">=", Op::Ge},
                                                              {">", Op::Gt},  {"==", Op::Eq}, {"!=", Op::Ne}};
    Op op = Op::Number;
    for (const auto& [symbol, cmp] : kComparisons) {
      if (t.kind == Token::Symbol && t.text == symbol) op = cmp;
    }
    if (op == Op::Number) fail("expected a comparison (<=, <, >=, >, == or !=) between two expressions");
    ++pos_;
    const int rhs = expr();
    if (tokens_[pos_].kind != Token::End) fail(fmt::format("unexpected '{}' after the comparison", tokens_[pos_].text));
    const bool numeric = nodes_[std::size_t(lhs)].numeric;
    if (numeric != nodes_[std::size_t(rhs)].numeric) fail("compares a number with text");
    if (!numeric && op != Op::Eq && op != Op::Ne) fail("text can only be compared with == or !=");
    return add(op, lhs, rhs, true);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(fmt::format("{}: '{}': {}", where_, text_, what));
  }

  int add(Op op, int lhs, int rhs, bool numeric) {
    Constraint::Node node;
    node.op = op;
    node.lhs = lhs;
    node.rhs = rhs;
    node.numeric = numeric;
    nodes_.push_back(node);
    return int(nodes_.size()) - 1;
  }

  int arithmetic(Op op, int lhs, int rhs, const std::string& symbol) {
    for (const int side : {lhs, rhs}) {
      if (!nodes_[std::size_t(side)].numeric) fail(fmt::format("'{}' needs numbers on both sides", symbol));
    }
    return add(op, lhs, rhs, true);
  }

  bool take(const char* symbol) {
    const Token& t = tokens_[pos_];
    if (t.kind != Token::Symbol || t.text != symbol) return false;
    ++pos_;
    return true;
  }

  int expr() {
    int lhs = term();
    for (;;) {
      if (take("+")) lhs = arithmetic(Op::Add, lhs, term(), "+");
      else if (take("-")) lhs = arithmetic(Op::Sub, lhs, term(), "-");
      else return lhs;
    }
  }

  int term() {
    int lhs = unary();
    for (;;) {
      if (take("*")) lhs = arithmetic(Op::Mul, lhs, unary(), "*");
      else if (take("/")) lhs = arithmetic(Op::Div, lhs, unary(), "/");
      else if (take("%")) lhs = arithmetic(Op::Mod, lhs, unary(), "%");
      else return lhs;
    }
  }

  int unary() {
    if (take("-")) {
      const int operand = unary();
      if (!nodes_[std::size_t(operand)].numeric) fail("'-' needs a number");
      return add(Op::Neg, operand, -1, true);
    }
    if (take("(")) {
      const int inner = expr();
      if (!take(")")) fail("expected ')'");
      return inner;
    }
    const Token t = tokens_[pos_];
    Constraint::Node node;
    if (t.kind == Token::Number) {
      node.op = Op::Number;
      node.number = t.number;
    } else if (t.kind == Token::Name && t.text.find('.') != std::string::npos) {
      std::size_t axis = 0;
      while (axis < axes_.size() && axes_[axis].key != t.text) ++axis;
      if (axis == axes_.size()) {
        std::string keys;
        for (const SweepAxis& a : axes_) keys += (keys.empty() ? "" : ", ") + a.key;
        fail(fmt::format("'{}' is not an axis: constraints use the keys of [axes] ({})", t.text,
                         keys.empty() ? "none" : keys));
      }
      node.op = Op::Axis;
      node.axis = axis;
      node.numeric = axes_[axis].numeric;
    } else if (t.kind == Token::Name) {
      node.op = Op::Word;
      node.word = t.text;
      node.numeric = false;
    } else {
      fail(t.kind == Token::End ? "ends early: expected a number, an axis key or '('"
                                : fmt::format("unexpected '{}': expected a number, an axis key or '('", t.text));
    }
    ++pos_;
    nodes_.push_back(node);
    return int(nodes_.size()) - 1;
  }

  const std::string& text_;
  const std::vector<SweepAxis>& axes_;
  const std::string& where_;
  std::vector<Constraint::Node>& nodes_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

Constraint::Constraint(const std::string& text, const std::vector<SweepAxis>& axes, const std::string& where)
    : text_(text), where_(where) {
  root_ = ConstraintParser(text, axes, where, nodes_).parse();
}

Constraint::~Constraint() = default;

namespace {

using Node = Constraint::Node;

struct Evaluator {
  const std::vector<Node>& nodes;
  const std::vector<SweepAxis>& axes;
  const std::vector<std::size_t>& positions;
  const std::string& where;
  const std::string& text;

  const std::string& word(int index) const {
    const Node& n = nodes[std::size_t(index)];
    return n.op == Op::Axis ? axes[n.axis].values[positions[n.axis]] : n.word;
  }

  double number(int index) const {
    const Node& n = nodes[std::size_t(index)];
    switch (n.op) {
      case Op::Number: return n.number;
      case Op::Axis: return axes[n.axis].numbers[positions[n.axis]];
      case Op::Neg: return -number(n.lhs);
      case Op::Add: return number(n.lhs) + number(n.rhs);
      case Op::Sub: return number(n.lhs) - number(n.rhs);
      case Op::Mul: return number(n.lhs) * number(n.rhs);
      case Op::Div:
      case Op::Mod: {
        const double lhs = number(n.lhs), rhs = number(n.rhs);
        if (rhs == 0) throw UserError(fmt::format("{}: '{}': division by zero at {}", where, text, point()));
        return n.op == Op::Div ? lhs / rhs : std::fmod(lhs, rhs);
      }
      default: return truth(index) ? 1 : 0;
    }
  }

  bool truth(int index) const {
    const Node& n = nodes[std::size_t(index)];
    if (!nodes[std::size_t(n.lhs)].numeric) return (word(n.lhs) == word(n.rhs)) == (n.op == Op::Eq);
    const double lhs = number(n.lhs), rhs = number(n.rhs);
    switch (n.op) {
      case Op::Lt: return lhs < rhs;
      case Op::Le: return lhs <= rhs;
      case Op::Gt: return lhs > rhs;
      case Op::Ge: return lhs >= rhs;
      case Op::Eq: return lhs == rhs;
      default: return lhs != rhs;
    }
  }

  std::string point() const {
    std::string text;
    for (std::size_t a = 0; a < axes.size(); ++a)
      text += (text.empty() ? "" : " ") + axes[a].key + "=" + axes[a].values[positions[a]];
    return text;
  }
};

}  // namespace

bool Constraint::accepts(const std::vector<SweepAxis>& axes, const std::vector<std::size_t>& positions) const {
  return Evaluator{nodes_, axes, positions, where_, text_}.truth(root_);
}

}  // namespace sasim
