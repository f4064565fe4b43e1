// EnumTable: to_string and parsing from one list of {value, name} pairs;
// unknown names are refused with the option and every accepted name.
#include <gtest/gtest.h>

#include "error_of.hpp"
#include "sasim/support/enum_table.hpp"

namespace sasim {
namespace {

enum class Fruit { Apple, Pear, Fig, Unlisted };
constexpr EnumTable<Fruit, 3> kFruits{{{Fruit::Apple, "apple"}, {Fruit::Pear, "pear"}, {Fruit::Fig, "fig"}}};

TEST(EnumTable, EveryNameRoundTrips) {
  for (const auto& entry : kFruits) {
    EXPECT_EQ(parse_enum(kFruits, enum_name(kFruits, entry.value), "--fruit"), entry.value);
    EXPECT_EQ(find_enum(kFruits, entry.name), entry.value);
  }
  static_assert(enum_name(kFruits, Fruit::Pear)[0] == 'p', "enum_name is usable at compile time");
}

TEST(EnumTable, AValueNotListedIsNamedQuestionMark) {
  EXPECT_STREQ(enum_name(kFruits, Fruit::Unlisted), "?");
}

TEST(EnumTable, ChoicesAreCommaSeparatedWithOrBeforeTheLast) {
  EXPECT_EQ(enum_choices(kFruits), "apple, pear or fig");
  constexpr EnumTable<Fruit, 2> two{{{Fruit::Apple, "apple"}, {Fruit::Pear, "pear"}}};
  EXPECT_EQ(enum_choices(two), "apple or pear");
  constexpr EnumTable<Fruit, 1> one{{{Fruit::Fig, "fig"}}};
  EXPECT_EQ(enum_choices(one), "fig");
}

TEST(EnumTable, UnknownNameNamesTheOptionAndTheAcceptedNames) {
  EXPECT_EQ(testing::error_of([] { parse_enum(kFruits, "Apple", "--fruit"); }),
            "--fruit 'Apple': expected apple, pear or fig");
  EXPECT_EQ(testing::error_of([] { parse_enum(kFruits, "", "--fruit"); }), "--fruit '': expected apple, pear or fig");
  EXPECT_FALSE(find_enum(kFruits, "apple "));
}

TEST(EnumTable, ControlCharactersInTheMessageBecomeQuestionMarks) {
  EXPECT_EQ(testing::error_of([] { parse_enum(kFruits, "a\nb\tc", "--fruit"); }),
            "--fruit 'a?b?c': expected apple, pear or fig");
}

}  // namespace
}  // namespace sasim
