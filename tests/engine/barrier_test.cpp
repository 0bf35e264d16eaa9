// The receipt-less barrier: a step with "receipt": true on a broker that
// sends no RECEIPTs waits for a marker round trip through a private topic
// subscription on the same connection (profile barrier "subscription"), or
// settle_ms ("settle"). The markers never reach the case.
#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace testutil;
using testing::FakeBroker;
using testing::Faults;
using testing::Options;

constexpr const char* kUnsubscribe = R"([
  {"connect": {}},
  {"send": {"command": "SUBSCRIBE", "headers": {"id": "s1", "destination": "${topic}"}}, "receipt": true},
  {"send": {"command": "SEND", "headers": {"destination": "${topic}"}, "body": "before"}},
  {"expect": {"command": "MESSAGE", "headers": {"subscription": "s1"}, "body": "before"}},
  {"send": {"command": "UNSUBSCRIBE", "headers": {"id": "s1"}}, "receipt": true},
  {"send": {"command": "SEND", "headers": {"destination": "${topic}"}, "body": "after"}},
  {"expect_silence": 400},
  {"disconnect": {}}
])";

Options without_receipts() {
  Options o;
  o.receipts = false;  // RECEIPT only for DISCONNECT, like Spring's simple broker
  return o;
}

Profile no_receipts_profile(const std::string& barrier = "") {
  Profile p = fake_profile();
  p.features["receipts"] = false;
  p.barrier_choice = barrier;
  return p;
}

TEST(Barrier, TheDefaultWithoutReceiptsIsTheSubscriptionRoundTrip) {
  EXPECT_EQ(fake_profile().barrier(), "receipt");
  EXPECT_EQ(no_receipts_profile().barrier(), "subscription");
  Profile p = no_receipts_profile();
  p.features["topics"] = false;
  EXPECT_EQ(p.barrier(), "settle");
  EXPECT_EQ(no_receipts_profile("settle").barrier(), "settle");
}

TEST(Barrier, RunsWithoutReceiptsAndHidesItsMarkers) {
  FakeBroker broker({}, without_receipts());
  auto results = run(make_case(kUnsubscribe, R"(["1.0", "1.1", "1.2"])"), broker.url(), no_receipts_profile());
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) {
    std::string t = transcript(r);
    EXPECT_EQ(r.status, Status::pass) << r.version << ": " << r.message << "\n" << t;
    EXPECT_NE(t.find("barrier: the marker came back"), std::string::npos) << t;
    EXPECT_NE(t.find("stompspec-marker:"), std::string::npos) << "markers are in the wire log: " << t;
    EXPECT_EQ(t.find("\nreceipt:"), std::string::npos) << "no receipt asked of a broker without receipts: " << t;
  }
}

TEST(Barrier, TheCaseStillFailsOnTheFaultItTargets) {
  Faults f;
  f.deliver_after_unsubscribe = true;
  for (const char* barrier : {"subscription", "settle"}) {
    FakeBroker broker(f, without_receipts());
    auto r = run_one(make_case(kUnsubscribe), broker.url(), no_receipts_profile(barrier));
    EXPECT_EQ(r.status, Status::fail) << barrier << ": " << r.message;
    EXPECT_NE(r.message.find("expected silence, got MESSAGE"), std::string::npos) << barrier << ": " << r.message;
  }
}

TEST(Barrier, AnErrorDuringTheBarrierIsLeftToTheCase) {
  FakeBroker broker({}, without_receipts());
  auto c = make_case(R"([
    {"connect": {}},
    {"send": {"command": "SEND", "body": "no destination"}, "receipt": true},
    {"expect": {"command": "ERROR"}}
  ])");
  auto r = run_one(c, broker.url(), no_receipts_profile());
  EXPECT_EQ(r.status, Status::pass) << r.message << "\n" << transcript(r);
  EXPECT_NE(transcript(r).find("barrier: an ERROR came first"), std::string::npos) << transcript(r);
}

TEST(Barrier, SettleSendsNoMarker) {
  FakeBroker broker({}, without_receipts());
  auto r = run_one(make_case(kUnsubscribe), broker.url(), no_receipts_profile("settle"));
  EXPECT_EQ(r.status, Status::pass) << r.message;
  EXPECT_EQ(transcript(r).find("stompspec-marker"), std::string::npos) << transcript(r);
}

TEST(Barrier, ReceiptsAreUsedWhereOffered) {
  FakeBroker broker;
  auto r = run_one(make_case(kUnsubscribe), broker.url());
  EXPECT_EQ(r.status, Status::pass) << r.message;
  EXPECT_NE(transcript(r).find("RECEIPT"), std::string::npos);
  EXPECT_EQ(transcript(r).find("stompspec-marker"), std::string::npos);
}


// A broker that owes RECEIPTs but sends them only for DISCONNECT (Spring's
// simple broker: its profile offers receipts, since the spec asks them of
// every server, and sets barrier settle). The explicit barrier keeps the
// steps from asking for receipts; the DISCONNECT still asks and gets one.
// Without it the barrier is "receipt" and the same case fails on a step
// that is not its subject: that is what the explicit barrier is for.
TEST(Barrier, AnExplicitBarrierWinsOverOfferedReceipts) {
  FakeBroker broker({}, without_receipts());
  Profile p = fake_profile();
  p.barrier_choice = "settle";
  auto r = run_one(make_case(kUnsubscribe), broker.url(), p);
  std::string t = transcript(r);
  EXPECT_EQ(r.status, Status::pass) << r.message << "\n" << t;
  int asked = 0;
  for (const auto& e : r.transcript) {
    if (e.kind != TranscriptEntry::Kind::sent || e.data.find("\nreceipt:") == std::string::npos) continue;
    ++asked;
    EXPECT_TRUE(e.data.starts_with("DISCONNECT")) << "only the DISCONNECT asks for a receipt: " << e.data;
  }
  EXPECT_EQ(asked, 1) << t;
  EXPECT_NE(t.find("RECEIPT\nreceipt-id:"), std::string::npos) << "the DISCONNECT's RECEIPT: " << t;

  p.barrier_choice.clear();
  auto waited = run_one(make_case(kUnsubscribe), broker.url(), p);
  EXPECT_EQ(waited.status, Status::fail) << waited.message;
  EXPECT_NE(waited.message.find("waited"), std::string::npos) << waited.message;
}

// Profile accept_version_1_0: 1.0 instances offer accept-version:1.0 and
// must get a 1.0 session.
TEST(AcceptVersion10, TheSessionMustBeOneZero) {
  Profile p = fake_profile();
  p.accept_version_1_0 = true;
  auto c = make_case(R"([{"connect": {}}, {"disconnect": {}}])", R"(["1.0"])");
  {
    FakeBroker broker;
    auto r = run_one(c, broker.url(), p);
    EXPECT_EQ(r.status, Status::pass) << r.message;
    EXPECT_NE(transcript(r).find("accept-version:1.0"), std::string::npos) << transcript(r);
  }
  Faults f;
  f.pick_unoffered_version = true;
  FakeBroker broker(f);
  auto r = run_one(c, broker.url(), p);
  EXPECT_EQ(r.status, Status::fail) << r.message << "\n" << transcript(r);
  EXPECT_NE(r.message.find("CONNECT offered only 1.0"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace stompspec
