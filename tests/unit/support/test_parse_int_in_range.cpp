// parse_int_in_range: the one integer reader behind every "expected an
// integer in lo..hi" message; the whole text must be a decimal integer
// inside the bounds, anything else (garbage, blanks, overflow) is refused.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "sasim/support/text.hpp"

namespace sasim {
namespace {

TEST(ParseIntInRange, AcceptsTheBoundsAndValuesBetween) {
  EXPECT_EQ(parse_int_in_range("1", 1, 10), 1);
  EXPECT_EQ(parse_int_in_range("10", 1, 10), 10);
  EXPECT_EQ(parse_int_in_range("-5", -5, 5), -5);
  EXPECT_EQ(parse_int_in_range("007", 1, 10), 7);
}

TEST(ParseIntInRange, RefusesValuesJustOutside) {
  EXPECT_FALSE(parse_int_in_range("0", 1, 10));
  EXPECT_FALSE(parse_int_in_range("11", 1, 10));
  EXPECT_FALSE(parse_int_in_range("-6", -5, 5));
}

TEST(ParseIntInRange, RefusesGarbage) {
  for (const char* text : {"", " 1", "1 ", "+1", "1.0", "1e3", "0x10", "ten", "1,2", "-"}) {
    EXPECT_FALSE(parse_int_in_range(text, -100, 100)) << '\'' << text << '\'';
  }
}

TEST(ParseIntInRange, RefusesOverflowInsteadOfWrapping) {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t min = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(parse_int_in_range("9223372036854775807", min, max), max);
  EXPECT_FALSE(parse_int_in_range("9223372036854775808", min, max));
  EXPECT_FALSE(parse_int_in_range("-9223372036854775809", min, max));
  EXPECT_FALSE(parse_int_in_range("18446744073709551617", 1, 10));  // 2^64 + 1 would wrap to 1
}

}  // namespace
}  // namespace sasim
