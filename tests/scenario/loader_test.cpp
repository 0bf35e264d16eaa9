// The loader accepts good files and names file, line and field for bad ones.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <variant>

#include "scenario/loader.hpp"

namespace stompspec {
namespace {

const char* kGood = R"({
  "id": "stomp12/send/1",
  "title": "t",
  "spec": [{"version": "1.2", "section": "SEND", "level": "SHOULD", "requirement": "r"},
           {"version": "1.2", "section": "MESSAGE", "level": "MUST", "requirement": "r2"}],
  "versions": ["1.1", "1.2"],
  "clients": ["a", "b"],
  "steps": [
    {"connect": {"headers": {"heart-beat": null, "x": "1"}}},
    {"send": {"command": "SEND", "headers": [["destination", "${queue}"], ["k", "v1"], ["k", "v2"]], "body": {"hex": "00ff"}}, "receipt": true},
    {"raw": ["SEND\n", {"repeat": "x", "times": 3}], "gap_ms": 5, "client": "b"},
    {"expect": {"command": "MESSAGE", "headers": {"message-id": {"capture": "mid"}}, "body": {"json": {"a": 1}}}, "timeout_ms": 500},
    {"expect_one_of": [{"name": "e", "events": [{"frame": {"command": "ERROR"}}, {"closed": true}]},
                       {"name": "c", "events": [{"closed": true}], "verdict": "warn", "note": "n"}]},
    {"expect_silence": 300},
    {"expect_heartbeats": {"count": 2, "every_ms": "${heartbeat.server_ms}"}},
    {"wait": 10},
    {"disconnect": {"receipt": false}}
  ]
})";

struct Loaded {
  std::optional<Case> c;
  std::vector<Diagnostic> errors;
};

Loaded load(const std::string& text) {
  Loaded l;
  l.c = parse_case(text, "case.json", l.errors);
  return l;
}

std::string first_error(const std::string& text) {
  auto l = load(text);
  EXPECT_FALSE(l.c.has_value());
  return l.errors.empty() ? std::string("(no error)") : l.errors.front().str();
}

TEST(Loader, ParsesEveryStepKind) {
  auto l = load(kGood);
  ASSERT_TRUE(l.c) << (l.errors.empty() ? "" : l.errors[0].str());
  const Case& c = *l.c;
  EXPECT_EQ(c.level, "MUST");  // the strongest of the refs
  EXPECT_EQ(c.section(), "stomp12/send");
  ASSERT_EQ(c.steps.size(), 9u);
  const auto& connect = std::get<steps::Connect>(c.steps[0].action);
  EXPECT_EQ(c.steps[0].key, "connect");
  EXPECT_EQ(connect.frame.command, "CONNECT");
  ASSERT_EQ(connect.frame.headers.size(), 2u);
  EXPECT_FALSE(connect.frame.headers[0].second.has_value());  // null removes a default
  const auto& send = std::get<steps::Send>(c.steps[1].action);
  EXPECT_EQ(send.frame.headers.size(), 3u);                   // order and repeats kept
  EXPECT_EQ(send.frame.headers[2].second, "v2");
  EXPECT_EQ(*send.frame.body.hex, "00ff");
  EXPECT_TRUE(send.receipt);
  EXPECT_EQ(c.steps[2].client, "b");
  const auto& raw = std::get<steps::Raw>(c.steps[2].action);
  EXPECT_EQ(raw.chunks.size(), 2u);
  EXPECT_EQ(raw.gap_ms, 5);
  EXPECT_EQ(std::get<steps::Expect>(c.steps[3].action).outcomes[0].events[0].timeout_ms, 500);
  const auto& one_of = std::get<steps::Expect>(c.steps[4].action);
  EXPECT_EQ(c.steps[4].key, "expect_one_of");
  EXPECT_EQ(one_of.outcomes.size(), 2u);
  EXPECT_EQ(one_of.outcomes[1].verdict, Status::warn);
  const auto& silence = std::get<steps::Expect>(c.steps[5].action);
  EXPECT_EQ(silence.outcomes[0].events[0].kind, Expectation::Kind::silence);
  EXPECT_EQ(silence.outcomes[0].events[0].timeout_ms, 300);
  EXPECT_EQ(std::get<steps::Heartbeats>(c.steps[6].action).beats, 2);
  EXPECT_EQ(std::get<steps::Wait>(c.steps[7].action).ms, 10);
  EXPECT_FALSE(std::get<steps::Disconnect>(c.steps[8].action).receipt);
  EXPECT_EQ(c.steps[0].src.line, 9);  // steps point at their own line
}

TEST(Loader, InvalidJsonNamesTheLine) {
  EXPECT_EQ(first_error("{\n  \"id\": \"a/b/c\",\n  \"title\": oops\n}").substr(0, 11), "case.json:3");
}

TEST(Loader, UnknownKeyNamesLineAndField) {
  std::string text = kGood;
  text.replace(text.find("\"capture\""), 9, "\"captur\"");
  EXPECT_EQ(first_error(text),
            "case.json:12: steps[3].expect.headers.message-id.captur: unknown key 'captur' (allowed here: "
            "equals, not_equals, regex, contains, present, absent, length, capture)");
}

TEST(Loader, BadValuesAreReported) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string t = kGood;
    t.replace(t.find(from), from.size(), to);
    return first_error(t);
  };
  EXPECT_NE(with("\"1.1\", \"1.2\"", "\"1.3\"").find("versions[0]: unknown STOMP version '1.3'"), std::string::npos);
  EXPECT_NE(with("\"level\": \"SHOULD\"", "\"level\": \"OUGHT\"").find("spec[0].level: unknown level 'OUGHT'"), std::string::npos);
  EXPECT_NE(with("\"client\": \"b\"", "\"client\": \"z\"").find("steps[2].client: client 'z' is not declared"), std::string::npos);
  EXPECT_NE(with("{\"wait\": 10}", "{\"wait\": 10, \"close\": {}}").find("a step does one thing"), std::string::npos);
  EXPECT_NE(with("{\"wait\": 10}", "{\"hover\": 10}").find("steps[7].hover: unknown key 'hover'"), std::string::npos);
  EXPECT_NE(with("\"verdict\": \"warn\"", "\"verdict\": \"meh\"").find("unknown verdict 'meh'"), std::string::npos);
  EXPECT_NE(with("{\"hex\": \"00ff\"}", "{\"hex\": \"0g\"}").find("even number of hex digits"), std::string::npos);
  EXPECT_NE(with("\"stomp12/send/1\"", "\"send 1\"").find("id: an id has no spaces"), std::string::npos);
  EXPECT_NE(with("{\"json\": {\"a\": 1}}", "{\"regex\": \"(\"}").find("not a valid regular expression"), std::string::npos);
  EXPECT_NE(with("{\"expect_silence\": 300}", "{\"expect_silence\": \"soon\"}").find("expect_silence takes a number"), std::string::npos);
}

TEST(Loader, MissingRequiredKeys) {
  EXPECT_NE(first_error(R"({"id": "a/b/1", "title": "t", "versions": ["1.2"], "steps": [{"wait": 1}]})").find("spec"),
            std::string::npos);
  EXPECT_NE(first_error(R"({"id": "a/b/1", "title": "t", "versions": ["1.2"], "spec": [{"version": "1.2", "section": "s", "level": "MAY", "requirement": "r"}], "steps": []})")
                .find("non-empty 'steps'"),
            std::string::npos);
  EXPECT_NE(first_error("[]").find("one JSON object"), std::string::npos);
}

TEST(Loader, FoldersSkipCataloguesAndFlagDuplicates) {
  auto set = load_cases({STOMPSPEC_TEST_DATA "/scenario"});
  ASSERT_EQ(set.cases.size(), 2u);
  EXPECT_EQ(set.cases[0].id, "t/a/1");
  ASSERT_EQ(set.errors.size(), 2u);
  std::string all = set.errors[0].str() + "\n" + set.errors[1].str();
  EXPECT_NE(all.find("duplicate id 't/a/1'"), std::string::npos) << all;
  EXPECT_NE(all.find("bad.json:3: title: expected a string, found number"), std::string::npos) << all;
  auto missing = load_cases({"/no/such/place"});
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].str(), "/no/such/place: no such file or folder");
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

// Found by fuzz_scenario_load: a number nlohmann cannot hold threw past the loader.
TEST(Loader, RegexWithAHugeNumberIsRefusedBeforeCompiling) {
  std::vector<Diagnostic> errors;
  std::string text = std::string(kGood);
  text.replace(text.find("{\"json\": {\"a\": 1}}"), 18, "{\"regex\": \"(a)\\\\33333333333333333333\"}");
  EXPECT_FALSE(parse_case(text, "f.json", errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].message.find("too large"), std::string::npos) << errors[0].str();
}

TEST(Loader, NumberOverflowIsADiagnosticNotACrash) {
  std::vector<Diagnostic> errors;
  EXPECT_FALSE(parse_case("{\"id\": 1e999}", "f.json", errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("number overflow"), std::string::npos);
}

}  // namespace
}  // namespace stompspec

namespace stompspec {
namespace {

const char* kGroups = R"({
  "id": "t/g/1", "title": "t", "versions": ["1.2"],
  "spec": [{"version": "1.2", "section": "S", "level": "MUST", "requirement": "r"}],
  "clients": ["one", "two"],
  "steps": [
    {"expect_unordered": [{"command": "MESSAGE"}, {"command": "RECEIPT"}], "timeout_ms": 700, "client": "two"},
    {"expect_one_client": {"clients": ["one", "two"], "frame": {"command": "MESSAGE"}, "silence_ms": 900,
                           "capture_client": "winner"}, "timeout_ms": 800},
    {"client": "${winner}", "disconnect": {}}
  ]
})";

std::string group_error(const std::string& from, const std::string& to) {
  std::string t = kGroups;
  t.replace(t.find(from), from.size(), to);
  std::vector<Diagnostic> errors;
  EXPECT_FALSE(parse_case(t, "g.json", errors));
  return errors.empty() ? std::string("(no error)") : errors.front().str();
}

TEST(Loader, ParsesGroupSteps) {
  std::vector<Diagnostic> errors;
  auto c = parse_case(kGroups, "g.json", errors);
  ASSERT_TRUE(c) << (errors.empty() ? "" : errors[0].str());
  const auto& u = std::get<steps::Unordered>(c->steps[0].action);
  EXPECT_EQ(u.matchers.size(), 2u);
  EXPECT_EQ(u.timeout_ms, 700);
  EXPECT_EQ(c->steps[0].client, "two");
  const auto& o = std::get<steps::OneClient>(c->steps[1].action);
  EXPECT_EQ(o.clients, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(*o.matcher.command, "MESSAGE");
  EXPECT_EQ(o.silence_ms, 900);
  EXPECT_EQ(o.timeout_ms, 800);
  EXPECT_EQ(o.capture_client, "winner");
  EXPECT_EQ(c->steps[2].client, "${winner}");  // resolved when the step runs
}

TEST(Loader, GroupStepErrorsNameTheField) {
  EXPECT_EQ(group_error("[{\"command\": \"MESSAGE\"}, {\"command\": \"RECEIPT\"}]", "[]"),
            "g.json:6: steps[0].expect_unordered: expect_unordered takes a non-empty array of frame matchers");
  EXPECT_EQ(group_error("{\"command\": \"RECEIPT\"}", "{\"comand\": \"RECEIPT\"}").substr(0, 63),
            "g.json:6: steps[0].expect_unordered[1].comand: unknown key 'com");
  EXPECT_EQ(group_error("[\"one\", \"two\"], \"frame\"", "[\"one\"], \"frame\""),
            "g.json:7: steps[1].expect_one_client.clients: expect_one_client needs at least two clients");
  EXPECT_EQ(group_error("[\"one\", \"two\"], \"frame\"", "[\"one\", \"one\"], \"frame\""),
            "g.json:7: steps[1].expect_one_client.clients[1]: client 'one' is listed twice");
  EXPECT_EQ(group_error("[\"one\", \"two\"], \"frame\"", "[\"one\", \"three\"], \"frame\""),
            "g.json:7: steps[1].expect_one_client.clients[1]: client 'three' is not declared in 'clients'");
  EXPECT_EQ(group_error("\"frame\": {\"command\": \"MESSAGE\"}, ", ""),
            "g.json:7: steps[1].expect_one_client: missing required key 'frame'");
  EXPECT_EQ(group_error("\"timeout_ms\": 800", "\"timeout_ms\": 800, \"client\": \"one\""),
            "g.json:7: steps[1].expect_one_client: expect_one_client names its clients in 'clients', not in the "
            "step's 'client'");
  EXPECT_NE(group_error("\"silence_ms\"", "\"silence\"").find("unknown key 'silence' (allowed here: clients, frame, "
                                                               "silence_ms, capture_client)"),
            std::string::npos);
  // A literal client name is still checked; only ${...} waits for run time.
  EXPECT_EQ(group_error("${winner}", "three"), "g.json:9: steps[2].client: client 'three' is not declared in 'clients'");
}

TEST(Loader, AFindingsFolderReplaysAsItIs) {
  // What `stompspec fuzz --findings` and `stompspec run --report` leave beside cases.
  const auto dir = std::filesystem::temp_directory_path() / "stompspec-loader-findings";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "invalid-frame__RECEIPT__x");
  auto write = [](const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; };
  const std::string report = R"({"cases": [], "summary": {}})";
  write(dir / "summary.json", report);
  write(dir / "results.json", report);
  write(dir / "invalid-frame__RECEIPT__x" / "finding.json", report);
  write(dir / "invalid-frame__RECEIPT__x" / "scenario.json",
        R"({"id": "fuzz/x/1", "title": "t", "versions": ["1.2"],
            "spec": [{"version": "1.2", "section": "RECEIPT", "level": "MUST", "requirement": "r"}],
            "steps": [{"connect": {}}]})");
  auto set = load_cases({dir.string()});
  EXPECT_TRUE(set.errors.empty()) << set.errors.front().str();
  ASSERT_EQ(set.cases.size(), 1u);
  EXPECT_EQ(set.cases[0].id, "fuzz/x/1");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stompspec
