// The engine names of --engine (engine.hpp): what parses, what is refused.
#include <gtest/gtest.h>

#include "sasim/run/engine.hpp"
#include "sasim/support/error.hpp"

namespace sasim {
namespace {

TEST(Engine, NamesRoundTrip) {
  for (const Engine e : {Engine::Analytic, Engine::Model, Engine::Rtl}) EXPECT_EQ(parse_engine(to_string(e)), e);
  EXPECT_STREQ(to_string(Engine::Analytic), "analytic");
  EXPECT_STREQ(to_string(Engine::Model), "model");
  EXPECT_STREQ(to_string(Engine::Rtl), "rtl");
}

TEST(Engine, UnknownNameIsAUserErrorOnOneLine) {
  try {
    parse_engine("Model\nrtl");
    FAIL() << "no error";
  } catch (const UserError& e) {
    EXPECT_STREQ(e.what(), "--engine 'Model?rtl': expected model, rtl or analytic");
  }
}

}  // namespace
}  // namespace sasim
