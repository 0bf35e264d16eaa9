#pragma once
// Cases written inline for the engine's tests, run against the fake broker.
#include <gtest/gtest.h>

#include "runner/runner.hpp"
#include "fake_broker.hpp"
#include "fake_profile.hpp"
#include "scenario/loader.hpp"

namespace stompspec::testutil {

inline Case parse(const std::string& json) {
  std::vector<Diagnostic> errors;
  auto c = parse_case(json, "inline.json", errors);
  for (const auto& e : errors) ADD_FAILURE() << e.str();
  return c.value_or(Case{});
}

// A case with one MUST ref at the given versions, from a steps array.
inline Case make_case(const std::string& steps, const std::string& versions = R"(["1.2"])",
                      const std::string& extra = "", const std::string& level = "MUST") {
  return parse(R"({"id": "t/x/1", "title": "inline", "versions": )" + versions + R"(,
    "spec": [{"version": "1.2", "section": "S", "level": ")" + level + R"(", "requirement": "the rule"}],)" + extra +
               R"( "steps": )" + steps + "}");
}

using testing::fake_profile;

inline std::vector<CaseResult> run(const Case& c, const std::string& url, Profile p = fake_profile(),
                                   bool strict = false) {
  RunOptions o;
  o.profile = std::move(p);
  o.strict = strict;
  std::string error;
  o.targets = {url};
  auto targets = resolve_targets(o, &error);
  EXPECT_EQ(error, "");
  return run_suite({c}, targets, o).cases;
}

inline CaseResult run_one(const Case& c, const std::string& url, Profile p = fake_profile(), bool strict = false) {
  auto r = run(c, url, std::move(p), strict);
  EXPECT_EQ(r.size(), 1u);
  return r.empty() ? CaseResult{} : r.front();
}

inline std::string transcript(const CaseResult& r) {
  std::string s;
  for (const auto& e : r.transcript) s += e.data + "\n";
  return s;
}

constexpr const char* kRoundTrip = R"([
  {"connect": {}},
  {"send": {"command": "SUBSCRIBE", "headers": {"id": "s1", "destination": "${queue}"}}, "receipt": true},
  {"send": {"command": "SEND", "headers": {"destination": "${queue}", "x-user": "u"}, "body": "hello"}},
  {"expect": {"command": "MESSAGE", "headers": {"subscription": "s1", "x-user": "u", "message-id": {"present": true}}, "body": "hello"}},
  {"disconnect": {}}
])";

}  // namespace stompspec::testutil
