// Each matcher accepts what it should and says why it rejects the rest.
#include <gtest/gtest.h>

#include "scenario/matchers.hpp"

namespace stompspec {
namespace {

Frame message() {
  Frame f{"MESSAGE", {{"destination", "/queue/q"}, {"foo", "World"}, {"foo", "Hello"}, {"message-id", "m-7"}},
          std::string("{\"a\":1,\"b\":[1,2],\"c\":{\"d\":\"e\"}}")};
  return f;
}

ValueMatcher vm(std::function<void(ValueMatcher&)> set) {
  ValueMatcher m;
  set(m);
  return m;
}

MatchResult header(const char* name, const ValueMatcher& m, Variables& vars) {
  FrameMatcher fm;
  fm.headers.push_back({name, m});
  return match_frame(fm, message(), vars);
}

TEST(Matchers, Command) {
  Variables vars;
  FrameMatcher m;
  m.command = "ERROR";
  auto r = match_frame(m, message(), vars);
  EXPECT_FALSE(r.matched);
  EXPECT_EQ(r.mismatch, "got MESSAGE where ERROR was expected");
  m.command = "MESSAGE";
  EXPECT_TRUE(match_frame(m, message(), vars).matched);
}

TEST(Matchers, RepeatedHeaderFirstWins) {
  Variables vars;
  EXPECT_TRUE(header("foo", ValueMatcher::equal_to("World"), vars).matched);
  auto r = header("foo", ValueMatcher::equal_to("Hello"), vars);
  EXPECT_FALSE(r.matched);
  EXPECT_EQ(r.mismatch, "MESSAGE header 'foo' is 'World', expected 'Hello'");
}

TEST(Matchers, PresentAbsentRegexContains) {
  Variables vars;
  EXPECT_TRUE(header("message-id", vm([](auto& m) { m.present = true; }), vars).matched);
  EXPECT_FALSE(header("nope", vm([](auto& m) { m.present = true; }), vars).matched);
  EXPECT_TRUE(header("nope", vm([](auto& m) { m.present = false; }), vars).matched);
  auto r = header("foo", vm([](auto& m) { m.present = false; }), vars);
  EXPECT_EQ(r.mismatch, "MESSAGE header 'foo' is present ('World') but must be absent");
  EXPECT_TRUE(header("message-id", vm([](auto& m) { m.regex = "m-[0-9]+"; }), vars).matched);
  EXPECT_FALSE(header("message-id", vm([](auto& m) { m.regex = "[0-9]+"; }), vars).matched);  // whole value
  EXPECT_TRUE(header("destination", vm([](auto& m) { m.contains = "queue"; }), vars).matched);
  EXPECT_FALSE(header("destination", vm([](auto& m) { m.contains = "topic"; }), vars).matched);
  EXPECT_FALSE(header("destination", vm([](auto& m) { m.not_equals = "/queue/q"; }), vars).matched);
  EXPECT_FALSE(header("nope", ValueMatcher::equal_to("x"), vars).matched);
}

TEST(Matchers, CapturesOnlyWhenTheWholeFrameMatches) {
  Variables vars;
  FrameMatcher fm;
  fm.headers.push_back({"message-id", ValueMatcher::capture_into("mid")});
  fm.headers.push_back({"foo", ValueMatcher::equal_to("nope")});
  EXPECT_FALSE(match_frame(fm, message(), vars).matched);
  EXPECT_EQ(vars.get("mid"), nullptr);
  fm.headers.pop_back();
  EXPECT_TRUE(match_frame(fm, message(), vars).matched);
  ASSERT_NE(vars.get("mid"), nullptr);
  EXPECT_EQ(*vars.get("mid"), "m-7");
  EXPECT_TRUE(header("message-id", ValueMatcher::equal_to("${mid}"), vars).matched);
}

TEST(Matchers, UnknownVariableIsAScenarioError) {
  Variables vars;
  auto r = header("foo", ValueMatcher::equal_to("${nope}"), vars);
  EXPECT_FALSE(r.matched);
  EXPECT_EQ(r.error, "unknown variable ${nope}");
}

TEST(Matchers, Body) {
  Variables vars;
  auto body = [&](ValueMatcher m) {
    FrameMatcher fm;
    fm.body = std::move(m);
    return match_frame(fm, message(), vars);
  };
  EXPECT_TRUE(body(vm([](auto& m) { m.json = nlohmann::json{{"b", {1, 2}}, {"c", {{"d", "e"}}}}; })).matched);
  EXPECT_FALSE(body(vm([](auto& m) { m.json = nlohmann::json{{"b", {1}}}; })).matched);  // arrays match whole
  EXPECT_FALSE(body(vm([](auto& m) { m.json = nlohmann::json{{"a", 2}}; })).matched);
  EXPECT_TRUE(body(vm([](auto& m) { m.length = std::to_string(message().body.size()); })).matched);
  auto r = body(vm([](auto& m) { m.length = "3"; }));
  EXPECT_EQ(r.mismatch, "MESSAGE body has " + std::to_string(message().body.size()) + " octets, expected 3");
  // A template: the delivered body must be as long as what was sent.
  vars.set("sent", std::to_string(message().body.size()));
  EXPECT_TRUE(body(vm([](auto& m) { m.length = "${sent}"; })).matched);
  vars.set("sent", std::to_string(message().body.size() + 1));
  EXPECT_FALSE(body(vm([](auto& m) { m.length = "${sent}"; })).matched);
  vars.set("sent", "lots");
  EXPECT_FALSE(body(vm([](auto& m) { m.length = "${sent}"; })).error.empty());
  Frame bin{"MESSAGE", {}, std::string("\0\xff", 2)};
  FrameMatcher fm;
  fm.body = vm([](auto& m) { m.hex = "00ff"; });
  EXPECT_TRUE(match_frame(fm, bin, vars).matched);
  fm.body = vm([](auto& m) { m.hex = "00fe"; });
  EXPECT_FALSE(match_frame(fm, bin, vars).matched);
  fm.body = vm([](auto& m) { m.json = nlohmann::json::object(); });
  EXPECT_NE(match_frame(fm, bin, vars).mismatch.find("not JSON"), std::string::npos);
}

TEST(Matchers, JsonContains) {
  using nlohmann::json;
  EXPECT_TRUE(json_contains(json::parse(R"({"a":{"b":1,"c":2}})"), json::parse(R"({"a":{"b":1}})")));
  EXPECT_FALSE(json_contains(json::parse(R"({"a":{"b":1}})"), json::parse(R"({"a":{"b":"1"}})")));
  EXPECT_FALSE(json_contains(json::parse("[1,2]"), json::parse("[1,2,3]")));
  EXPECT_TRUE(json_contains(json::parse("null"), json::parse("null")));
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

// For pairings tried before one is kept (expect_unordered): nothing is stored,
// and a frame that fails half way hands back none of its captures.
TEST(Matchers, TryMatchStoresNothing) {
  Variables vars;
  FrameMatcher m;
  m.headers.push_back({"message-id", ValueMatcher::capture_into("mid")});
  m.headers.push_back({"destination", ValueMatcher::equal_to("/queue/other")});
  std::map<std::string, std::string> captures;
  EXPECT_FALSE(try_match_frame(m, message(), vars, captures).matched);
  EXPECT_TRUE(captures.empty());
  m.headers.back().second = ValueMatcher::equal_to("/queue/q");
  EXPECT_TRUE(try_match_frame(m, message(), vars, captures).matched);
  EXPECT_EQ(captures["mid"], "m-7");
  EXPECT_EQ(vars.get("mid"), nullptr);
  EXPECT_TRUE(match_frame(m, message(), vars).matched);
  EXPECT_EQ(*vars.get("mid"), "m-7");
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

// A capture of a header the frame lacks still matches, but using the
// variable later says which frame left it out instead of "unknown variable".
TEST(Matchers, CaptureOfAnAbsentHeaderMarksTheVariable) {
  Variables vars;
  FrameMatcher m;
  m.headers.push_back({"ack", ValueMatcher::capture_into("ackid")});
  EXPECT_TRUE(match_frame(m, Frame{"MESSAGE", {}, {}}, vars).matched);
  std::string err;
  EXPECT_FALSE(vars.expand("${ackid}", &err));
  EXPECT_EQ(err, "${ackid} has no value: the MESSAGE had no 'ack' header");
  EXPECT_TRUE(vars.take_absent_hit());
  EXPECT_FALSE(vars.take_absent_hit());
  EXPECT_FALSE(vars.expand("${nosuch}", &err));
  EXPECT_FALSE(vars.take_absent_hit()) << "an unknown variable stays a scenario error";
  EXPECT_TRUE(match_frame(m, Frame{"MESSAGE", {{"ack", "a1"}}, {}}, vars).matched);
  EXPECT_EQ(vars.expand("${ackid}", &err), "a1");
}

}  // namespace
}  // namespace stompspec
