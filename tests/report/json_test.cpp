// results.json: shape, exact round trip of wire octets, and clear errors.
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "report/report.hpp"

namespace stompspec {
namespace {

using nlohmann::json;
using test::kSecret;

std::string all_octets() {
  std::string s;
  for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
  return s;
}

void expect_same(const CaseResult& a, const CaseResult& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.instance, b.instance);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.transport, b.transport);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.status, b.status);
  EXPECT_DOUBLE_EQ(a.duration_ms, b.duration_ms);
  ASSERT_EQ(a.refs.size(), b.refs.size());
  for (std::size_t i = 0; i < a.refs.size(); ++i) {
    EXPECT_EQ(a.refs[i].version, b.refs[i].version);
    EXPECT_EQ(a.refs[i].section, b.refs[i].section);
    EXPECT_EQ(a.refs[i].level, b.refs[i].level);
    EXPECT_EQ(a.refs[i].requirement, b.refs[i].requirement);
  }
  EXPECT_EQ(a.requirements, b.requirements);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.expected, b.expected);
  EXPECT_EQ(a.actual, b.actual);
  EXPECT_EQ(a.reason, b.reason);
  ASSERT_EQ(a.transcript.size(), b.transcript.size());
  for (std::size_t i = 0; i < a.transcript.size(); ++i) {
    EXPECT_DOUBLE_EQ(a.transcript[i].t_ms, b.transcript[i].t_ms);
    EXPECT_EQ(a.transcript[i].client, b.transcript[i].client);
    EXPECT_EQ(a.transcript[i].kind, b.transcript[i].kind);
    EXPECT_EQ(a.transcript[i].data, b.transcript[i].data) << "entry " << i;
  }
}

TEST(Json, TopLevelShapeAndSummary) {
  const json j = to_json(test::sample_report());
  EXPECT_EQ(j.at("tool"), "stompspec");
  EXPECT_EQ(j.at("version"), "0.1.0");
  EXPECT_EQ(j.at("target"), "tcp://127.0.0.1:61613");
  EXPECT_EQ(j.at("profile"), "rabbitmq");
  EXPECT_EQ(j.at("started_at"), "2024-05-01T10:00:00Z");
  EXPECT_EQ(j.at("duration_ms"), 1234);
  EXPECT_EQ(j.at("strict"), false);
  const json& s = j.at("summary");
  EXPECT_EQ(s.at("total"), 8);
  for (const char* st : {"pass", "fail", "warn", "info", "skip", "error", "xfail", "xpass"}) {
    EXPECT_EQ(s.at(st), 1) << st;
  }
  ASSERT_EQ(j.at("cases").size(), 8u);
  const json& send = j.at("cases")[1];
  EXPECT_EQ(send.at("status"), "fail");
  EXPECT_EQ(send.at("refs")[0].at("level"), "MUST");
  EXPECT_EQ(send.at("transcript")[0].at("kind"), "sent");
  EXPECT_EQ(send.at("transcript")[1].at("kind"), "received");
  EXPECT_TRUE(send.at("transcript")[0].contains("data"));
}

TEST(Json, RoundTripsEveryField) {
  const RunReport in = test::sample_report();
  // Through text, as a reader of results.json would see it.
  const RunReport out = report_from_json(json::parse(to_json(in).dump()));
  EXPECT_EQ(out.tool, in.tool);
  EXPECT_EQ(out.tool_version, in.tool_version);
  EXPECT_EQ(out.target, in.target);
  EXPECT_EQ(out.profile, in.profile);
  EXPECT_EQ(out.started_at, in.started_at);
  EXPECT_DOUBLE_EQ(out.duration_ms, in.duration_ms);
  EXPECT_EQ(out.strict, in.strict);
  ASSERT_EQ(out.cases.size(), in.cases.size());
  for (std::size_t i = 1; i < in.cases.size(); ++i) expect_same(in.cases[i], out.cases[i]);
  // Case 0 carried a passcode: everything but that value comes back.
  const std::string sent = out.cases[0].transcript[1].data;
  EXPECT_EQ(sent.find(kSecret), std::string::npos);
  EXPECT_NE(sent.find("passcode:********\r\n"), std::string::npos);
}

TEST(Json, NulAndInvalidUtf8OctetsRoundTripExactly) {
  RunReport in;
  auto c = test::make_case("bin/1", Status::pass, "binary body");
  const std::string with_nul = std::string("SEND\n\na") + '\0' + "b" + '\0';
  const std::string invalid =
      std::string("MESSAGE\ncontent-length:4\n\n") + std::string("\xFF\xFE\0\x80", 4) + '\0';
  c.transcript = {test::entry(1, TranscriptEntry::Kind::sent, with_nul),
                  test::entry(2, TranscriptEntry::Kind::received, invalid),
                  test::entry(3, TranscriptEntry::Kind::received, all_octets()),
                  test::entry(4, TranscriptEntry::Kind::event, "")};
  in.cases.push_back(c);
  const json j = to_json(in);
  const json& t = j.at("cases")[0].at("transcript");
  EXPECT_TRUE(t[0].contains("data")) << "valid UTF-8 with NUL stays a readable string";
  EXPECT_TRUE(t[1].contains("data_b64"));
  EXPECT_FALSE(t[1].contains("data"));
  std::string text;
  ASSERT_NO_THROW(text = j.dump()) << "nlohmann must not meet invalid UTF-8";
  const RunReport out = report_from_json(json::parse(text));
  expect_same(in.cases[0], out.cases[0]);
}

TEST(Json, InvalidUtf8InProseIsReplacedNotFatal) {
  RunReport in;
  auto c = test::make_case("x/1", Status::fail, "title \xC3");
  c.actual = "got \xFF";
  in.cases.push_back(c);
  const json j = to_json(in);
  ASSERT_NO_THROW((void)j.dump());
  EXPECT_EQ(j.at("cases")[0].at("actual"), "got \xEF\xBF\xBD");
}

TEST(Json, NoPasscodeInTranscriptOrProse) {
  auto r = test::sample_report();
  r.cases[1].expected = std::string("CONNECT\npasscode:") + kSecret;
  r.cases[2].transcript.push_back(
      test::entry(1, TranscriptEntry::Kind::sent, std::string("\xFF\nCONNECT\npasscode:") + kSecret));
  const json j = to_json(r);
  ASSERT_TRUE(j.at("cases")[2].at("transcript").back().contains("data_b64"));
  const std::string text = j.dump();
  EXPECT_EQ(text.find(kSecret), std::string::npos);
  // The non-UTF-8 entry went to base64: decode it back and look there too.
  const RunReport back = report_from_json(json::parse(text));
  EXPECT_EQ(back.cases[2].transcript.back().data, "\xFF\nCONNECT\npasscode:********");
}

TEST(Json, MinimalCaseFillsDefaults) {
  const RunReport r = report_from_json(json::parse(R"({"cases":[{"id":"a/b/1","status":"xpass"}]})"));
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].status, Status::xpass);
  EXPECT_EQ(r.tool, "stompspec");
  EXPECT_TRUE(r.cases[0].transcript.empty());
}

std::string error_of(const std::string& text) {
  try {
    (void)report_from_json(json::parse(text));
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Json, BadInputNamesTheField) {
  EXPECT_EQ(error_of("[]"), "results.json: top level: expected an object, got array");
  EXPECT_EQ(error_of("{}"), "results.json: cases: missing");
  EXPECT_EQ(error_of(R"({"cases":{}})"), "results.json: cases: expected an array, got object");
  EXPECT_EQ(error_of(R"({"cases":[{"status":"pass"}]})"), "results.json: cases[0].id: missing");
  EXPECT_EQ(error_of(R"({"cases":[{"id":"a","status":"pass"},{"id":"b","status":"passed"}]})"),
            "results.json: cases[1].status: unknown status \"passed\" "
            "(pass, fail, warn, info, skip, error, xfail, xpass)");
  EXPECT_EQ(error_of(R"({"cases":[{"id":"a","status":"pass","duration_ms":"3"}]})"),
            "results.json: cases[0].duration_ms: expected a number, got string");
  EXPECT_EQ(error_of(R"({"strict":"yes","cases":[]})"),
            "results.json: strict: expected a boolean, got string");
  EXPECT_EQ(error_of(R"({"cases":[{"id":"a","status":"pass","transcript":[{"kind":"sideways"}]}]})"),
            "results.json: cases[0].transcript[0].kind: unknown kind \"sideways\" "
            "(sent, received or event)");
  EXPECT_EQ(error_of(R"({"cases":[{"id":"a","status":"pass","transcript":[{"kind":"sent","data_b64":"!!!!"}]}]})"),
            "results.json: cases[0].transcript[0].data_b64: not valid base64");
  EXPECT_EQ(error_of(R"({"cases":[{"id":"a","status":"pass","refs":[{"level":5}]}]})"),
            "results.json: cases[0].refs[0].level: expected a string, got number");
}

}  // namespace
}  // namespace stompspec
