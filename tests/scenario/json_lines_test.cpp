#include <gtest/gtest.h>

#include "scenario/json_lines.hpp"

namespace stompspec {
namespace {

TEST(JsonLines, MapsPointersToLines) {
  const char* text = "{\n \"a\": 1,\n \"b\": [\n  {\"c\": \"x\\\"y\"},\n  2\n ],\n \"d/e\": {\"f~g\": true}\n}";
  LineMap m = map_json_lines(text);
  EXPECT_EQ(m.at(""), 1);
  EXPECT_EQ(m.at("/a"), 2);
  EXPECT_EQ(m.at("/b"), 3);
  EXPECT_EQ(m.at("/b/0"), 4);
  EXPECT_EQ(m.at("/b/0/c"), 4);
  EXPECT_EQ(m.at("/b/1"), 5);
  EXPECT_EQ(m.at("/d~1e/f~0g"), 7);
  EXPECT_EQ(line_of(m, "/b/0/c/zzz"), 4);  // nearest ancestor
  EXPECT_EQ(line_of(m, "/nope"), 1);
}

TEST(JsonLines, SurvivesBrokenText) {
  LineMap m = map_json_lines("{\"a\": [1, 2, {\"b\": ");
  EXPECT_EQ(m.at("/a"), 1);
  EXPECT_TRUE(map_json_lines("").empty());
  EXPECT_EQ(pointer_to_field("/steps/3/expect/headers"), "steps[3].expect.headers");
  EXPECT_EQ(pointer_to_field(""), "");
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

// Found by fuzz_scenario_load: malformed arrays used to be rescanned forever.
TEST(JsonLines, MalformedArraysEnd) {
  EXPECT_FALSE(map_json_lines("[}").empty());
  std::string deep(300, '[');
  EXPECT_LE(map_json_lines(deep + std::string(300, ']')).size(), 202u);  // depth cap 200
}

}  // namespace
}  // namespace stompspec
