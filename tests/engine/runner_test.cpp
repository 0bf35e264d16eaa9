// The runner against the scripted fake broker: checks pass on a correct
// broker and fail, with Expected and Actual, when it breaks a rule.
#include <chrono>

#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace testutil;
using testing::FakeBroker;
using testing::Faults;

TEST(Runner, RoundTripPassesOnACorrectBrokerOverTcpAndWebSocket) {
  FakeBroker broker;
  for (const auto& url : {broker.url(), broker.ws_url()}) {
    auto results = run(make_case(kRoundTrip, R"(["1.0", "1.1", "1.2"])"), url);
    ASSERT_EQ(results.size(), 3u);
    for (const auto& r : results) EXPECT_EQ(r.status, Status::pass) << url << " " << r.instance << ": " << r.message;
    EXPECT_EQ(results[0].instance, "t/x/1@1.0");
    EXPECT_EQ(results[2].version, "1.2");
  }
}

TEST(Runner, BrokenRequirementFailsWithExpectedAndActual) {
  Faults f;
  f.drop_user_headers = true;
  FakeBroker broker(f);
  auto r = run_one(make_case(kRoundTrip), broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_EQ(r.level, "MUST");
  EXPECT_NE(r.message.find("x-user"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("inline.json:"), std::string::npos) << "names the step's line: " << r.message;
  EXPECT_NE(r.expected.find("x-user = 'u'"), std::string::npos) << r.expected;
  EXPECT_NE(r.actual.find("MESSAGE"), std::string::npos) << r.actual;
}

TEST(Runner, MissingReceiptFailsWithinTheTimeout) {
  Faults f;
  f.no_receipts = true;
  FakeBroker broker(f);
  auto start = std::chrono::steady_clock::now();
  auto r = run_one(make_case(kRoundTrip), broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("RECEIPT"), std::string::npos) << r.message;
  EXPECT_EQ(r.actual, "nothing within the deadline");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(Runner, ShouldLevelWarnsAndStrictFails) {
  Faults f;
  f.drop_user_headers = true;
  FakeBroker broker(f);
  Case c = make_case(kRoundTrip, R"(["1.2"])", "", "SHOULD");
  EXPECT_EQ(run_one(c, broker.url()).status, Status::warn);
  EXPECT_EQ(run_one(c, broker.url(), fake_profile(), true).status, Status::fail);
  Case may = make_case(kRoundTrip, R"(["1.2"])", "", "MAY");
  EXPECT_EQ(run_one(may, broker.url()).status, Status::info);
}

TEST(Runner, KnownDeviationsAreExpectedFailuresAndFixedWhenTheyPass) {
  Profile p = fake_profile();
  p.deviations.push_back({"t/x/*", "the fake drops user headers", {}});
  Faults f;
  f.drop_user_headers = true;
  {
    FakeBroker broken(f);
    auto r = run_one(make_case(kRoundTrip), broken.url(), p);
    EXPECT_EQ(r.status, Status::xfail);
    EXPECT_EQ(r.reason, "the fake drops user headers");
  }
  FakeBroker fixed;
  EXPECT_EQ(run_one(make_case(kRoundTrip), fixed.url(), p).status, Status::xpass);
  p.deviations.back().transports = {"ws"};  // a WebSocket-only deviation leaves TCP alone
  EXPECT_EQ(run_one(make_case(kRoundTrip), fixed.url(), p).status, Status::pass);
}

TEST(Runner, MissingFeaturesAndVersionsAreSkippedWithAReason) {
  FakeBroker broker;
  Profile p = fake_profile();
  p.features = {{"versions", {"1.1", "1.2"}}, {"nack", false}};
  auto results = run(make_case(kRoundTrip, R"(["1.0", "1.2"])", R"("features": ["nack"],)"), broker.url(), p);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, Status::skip);
  EXPECT_EQ(results[0].reason, "profile 'fake' does not offer STOMP 1.0");
  EXPECT_EQ(results[1].status, Status::skip);
  EXPECT_EQ(results[1].reason, "profile 'fake' does not offer 'nack'");
  auto ws_only = run(make_case(kRoundTrip, R"(["1.2"])", R"("transports": ["ws"],)"), broker.url());
  EXPECT_EQ(ws_only.at(0).status, Status::skip);
}

TEST(Runner, ACaseThatNeedsALimitIsSkippedWithoutOneAndRunWithIt) {
  FakeBroker broker;
  const Case c = make_case(kRoundTrip, R"(["1.2"])", R"("features": ["limit:max_body_size"],)");
  Profile none = fake_profile();
  none.limits = {{"max_body_size", 0}};
  auto skipped = run_one(c, broker.url(), none);
  EXPECT_EQ(skipped.status, Status::skip);
  EXPECT_EQ(skipped.reason, "profile 'fake' gives no limits.max_body_size (the case needs a known limit)");
  Profile known = fake_profile();
  known.limits = {{"max_body_size", 4096}};
  EXPECT_EQ(run_one(c, broker.url(), known).status, Status::pass);
}

// The transcript_* limits reach the case's wire log (Profile::transcript_caps).
TEST(Runner, TheProfileCapsTheTranscript) {
  FakeBroker broker;
  const Case c = make_case(kRoundTrip, R"(["1.2"])");
  auto full = run_one(c, broker.url());
  ASSERT_EQ(full.status, Status::pass);
  ASSERT_GT(full.transcript.size(), 4u);
  Profile few = fake_profile();
  few.limits = {{"transcript_max_entries", 3}};
  auto r = run_one(c, broker.url(), few);
  EXPECT_EQ(r.status, Status::pass) << "a capped log changes no verdict: " << r.message;
  ASSERT_EQ(r.transcript.size(), 4u) << transcript(r);
  EXPECT_NE(r.transcript.back().data.find("wire log stops here: 3 entries"), std::string::npos) << transcript(r);
  Profile short_entries = fake_profile();
  short_entries.limits = {{"transcript_max_entry", 8}};
  auto s = run_one(c, broker.url(), short_entries);
  for (const auto& e : s.transcript) {
    if (e.kind == TranscriptEntry::Kind::event) continue;
    const auto note = e.data.find("\n[… ");
    EXPECT_LE(note == std::string::npos ? e.data.size() : note, 8u) << e.data;
  }
  EXPECT_NE(transcript(s).find("more octets not shown"), std::string::npos) << transcript(s);
}

TEST(Runner, PasscodesNeverReachTheTranscript) {
  FakeBroker broker;
  Profile p = fake_profile();
  auto r = run_one(make_case(kRoundTrip), broker.url(), p);
  std::string t = transcript(r);
  EXPECT_NE(t.find("passcode:********"), std::string::npos) << t;
  EXPECT_NE(t.find("login:guest"), std::string::npos);
  EXPECT_EQ(t.find("passcode:guest"), std::string::npos);
}

TEST(Runner, SilentBrokerIsATimeoutNotAHang) {
  Faults f;
  f.never_answer_connect = true;
  FakeBroker broker(f);
  auto start = std::chrono::steady_clock::now();
  auto r = run_one(make_case(kRoundTrip), broker.url());
  EXPECT_EQ(r.status, Status::fail);
  EXPECT_NE(r.message.find("CONNECT"), std::string::npos) << r.message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(Runner, ScenarioProblemsAreErrorsNotFailures) {
  FakeBroker broker;
  auto r = run_one(make_case(R"([{"connect": {}}, {"send": {"command": "SEND", "headers": {"destination": "${nope}"}}}])"),
                   broker.url());
  EXPECT_EQ(r.status, Status::error);
  EXPECT_NE(r.message.find("unknown variable ${nope}"), std::string::npos) << r.message;
}

TEST(Runner, UnreachableTargetIsReportedQuickly) {
  std::uint16_t port;
  { FakeBroker b; port = b.port(); }  // a port that was just closed
  RunOptions o;
  o.targets = {"tcp://127.0.0.1:" + std::to_string(port)};
  std::string error;
  auto targets = resolve_targets(o, &error);
  auto start = std::chrono::steady_clock::now();
  std::string problem = preflight(targets, 3000);
  EXPECT_NE(problem.find("cannot reach the broker at tcp://127.0.0.1:"), std::string::npos) << problem;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  o.targets = {"http://x"};
  EXPECT_TRUE(resolve_targets(o, &error).empty());
  EXPECT_NE(error.find("bad target 'http://x'"), std::string::npos) << error;
}

TEST(Runner, SelectorsMatchWholePathComponentsAndInstances) {
  EXPECT_TRUE(matches_selector("stomp12/send/1", "", "stomp12"));
  EXPECT_TRUE(matches_selector("stomp12/send/1", "", "stomp12/send"));
  EXPECT_TRUE(matches_selector("stomp12/send/1", "", "stomp12/send/"));
  EXPECT_TRUE(matches_selector("stomp12/send/1", "", "stomp12/send/1"));
  EXPECT_FALSE(matches_selector("stomp12/send/10", "", "stomp12/send/1"));
  EXPECT_FALSE(matches_selector("stomp12/sender/1", "", "stomp12/send"));
  EXPECT_TRUE(matches_selector("stomp12/send/1", "1.1", "stomp12/send/1@1.1"));
  EXPECT_FALSE(matches_selector("stomp12/send/1", "1.2", "stomp12/send/1@1.1"));
  FakeBroker broker;
  RunOptions o;
  o.profile = fake_profile();
  o.targets = {broker.url()};
  o.selectors = {"t/x/1@1.1"};
  std::string error;
  auto results = run_suite({make_case(kRoundTrip, R"(["1.0", "1.1", "1.2"])")}, resolve_targets(o, &error), o).cases;
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].instance, "t/x/1@1.1");
}

TEST(Runner, SelectorsAndKeywords) {
  Case c = make_case(kRoundTrip, R"(["1.2"])", R"("keywords": ["send"],)");
  RunOptions o;
  EXPECT_TRUE(selected(c, o));
  o.selectors = {"t/x"};
  EXPECT_TRUE(selected(c, o));
  o.selectors = {"t/y"};
  EXPECT_FALSE(selected(c, o));
  o.selectors = {};
  o.keywords = {"ack"};
  EXPECT_FALSE(selected(c, o));
  o.keywords = {"ack", "send"};
  EXPECT_TRUE(selected(c, o));
}

}  // namespace
}  // namespace stompspec
