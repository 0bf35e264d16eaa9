#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "core/clock.hpp"
#include "core/template_text.hpp"

namespace stompspec {
namespace {

TEST(EscapeTemplate, DoublesTheDollarOfEveryOpening) {
  EXPECT_EQ(escape_template("plain"), "plain");
  EXPECT_EQ(escape_template("${a}"), "$${a}");
  EXPECT_EQ(escape_template("x:${jndi}${b"), "x:$${jndi}$${b");
  EXPECT_EQ(escape_template("$ {a} $$ $"), "$ {a} $$ $");  // only "${" opens a variable
  EXPECT_EQ(escape_template("$${a}"), "$$${a}");
}

TEST(Clock, StampsAreIso8601Utc) {
  EXPECT_TRUE(std::regex_match(clock::utc_timestamp(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  EXPECT_TRUE(std::regex_match(clock::utc_date(), std::regex(R"(\d{4}-\d\d-\d\d)")));
}

TEST(Clock, MsSinceIsNonNegative) {
  const auto t = clock::Steady::now();
  EXPECT_GE(clock::ms_since(t), 0.0);
  EXPECT_LT(clock::ms_since(t), 60'000.0);
}

}  // namespace
}  // namespace stompspec
