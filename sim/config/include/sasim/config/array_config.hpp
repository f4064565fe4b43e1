#pragma once
// Parameters of the systolic matrix unit; they map 1:1 onto rtl/sa_top.sv.
#include <cstdint>
#include <string>

namespace sasim {

enum class Dataflow { WS = 0, OS = 1, IS = 2 };  // values = sa_pkg::DF_*

struct ArrayConfig {
  int rows = 32;
  int cols = 32;
  int in_width = 8;    // signed operand bits: 8 or 16
  int acc_width = 32;  // accumulator bits: 2*in_width .. 64, wraps around
  Dataflow dataflow = Dataflow::WS;

  // Throws UserError naming the parameter, the bad value and what is expected.
  void validate() const;
  bool operator==(const ArrayConfig& other) const;
};

inline constexpr int kMaxArrayDim = 256;

// "ws" | "os" | "is" (any case); throws UserError otherwise.
Dataflow parse_dataflow(const std::string& text);
const char* to_string(Dataflow dataflow);  // "ws", "os", "is"

}  // namespace sasim
