// What the runner does around the cases: exclusions, credentials a case
// needs, the baseline CONNECT before the suite, and a broker that dies.
#include <chrono>
#include <memory>

#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace testutil;
using testing::FakeBroker;
using testing::Faults;

std::vector<Target> targets_for(const std::string& url) {
  RunOptions o;
  o.targets = {url};
  std::string error;
  auto t = resolve_targets(o, &error);
  EXPECT_EQ(error, "");
  return t;
}

TEST(RunnerGuard, ExcludedCasesAreSkippedWithTheReasonAndNeverRun) {
  FakeBroker broker;
  Profile p = fake_profile();
  p.excludes.push_back({"t/x/1@1.1", "crashes the broker", {}});
  p.excludes.push_back({"t/x/1@1.2", "over ws only", {"ws"}});
  auto results = run(make_case(kRoundTrip, R"(["1.1", "1.2"])"), broker.url(), p);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].status, Status::skip);
  EXPECT_EQ(results[0].reason, "excluded by profile 'fake': crashes the broker");
  EXPECT_EQ(results[1].status, Status::pass) << "a ws-only exclusion leaves tcp alone";
  std::size_t before = broker.connections_accepted();
  p.excludes = {{"t/*", "everything", {}}};
  auto none = run(make_case(kRoundTrip, R"(["1.1", "1.2"])"), broker.url(), p);
  for (const auto& r : none) EXPECT_EQ(r.status, Status::skip);
  EXPECT_EQ(broker.connections_accepted(), before) << "an excluded case must not touch the broker";
}

constexpr const char* kWrongPasscode = R"([
  {"connect": {"headers": {"passcode": "${passcode}-wrong"}, "expect": null}},
  {"expect_one_of": [{"name": "ERROR", "events": [{"frame": {"command": "ERROR"}}]},
                     {"name": "close", "events": [{"closed": true}]}]}
])";

TEST(RunnerGuard, ACaseThatNeedsAnAbsentCredentialIsSkippedNotAnError) {
  FakeBroker broker;
  Profile none = fake_profile();
  none.login.reset();
  none.passcode.reset();
  auto r = run_one(make_case(kWrongPasscode), broker.url(), none);
  EXPECT_EQ(r.status, Status::skip) << r.message;
  EXPECT_NE(r.reason.find("needs credentials: the case uses ${passcode}; give --login/--passcode"), std::string::npos)
      << r.reason;
  auto ran = run_one(make_case(kWrongPasscode), broker.url(), fake_profile());
  EXPECT_EQ(ran.status, Status::pass) << ran.message;
  EXPECT_TRUE(uses_variable(make_case(kWrongPasscode), "passcode"));
  EXPECT_FALSE(uses_variable(make_case(kRoundTrip), "passcode"));
}

TEST(RunnerGuard, AFeatureNoProfileCanDeclareIsAnError) {
  FakeBroker broker;
  auto r = run_one(make_case(kRoundTrip, R"(["1.2"])", R"("features": ["transaction"],)"), broker.url());
  EXPECT_EQ(r.status, Status::error);
  EXPECT_NE(r.message.find("'transaction', which no profile can declare"), std::string::npos) << r.message;
}

TEST(RunnerGuard, ARefusedBaselineConnectIsASetupProblemQuotingTheError) {
  FakeBroker broker;  // takes guest/guest
  for (const auto& url : {broker.url(), broker.ws_url()}) {
    Profile p = fake_profile();
    p.login = "nobody";
    p.passcode = "s3cret-pw";
    std::string problem = preflight(targets_for(url), 3000, p, Version::v1_2);
    EXPECT_NE(problem.find("refused the baseline CONNECT (STOMP 1.2, login 'nobody', a passcode, host '/')"),
              std::string::npos) << problem;
    EXPECT_NE(problem.find("message: 'access refused', body: 'Bad login or passcode'"), std::string::npos) << problem;
    EXPECT_NE(problem.find("--login, --passcode (or the STOMPSPEC_PASSCODE"), std::string::npos) << problem;
    EXPECT_EQ(problem.find("s3cret-pw"), std::string::npos) << "the passcode never appears: " << problem;
    EXPECT_EQ(preflight(targets_for(url), 3000, fake_profile(), Version::v1_2), "");
    EXPECT_EQ(preflight(targets_for(url), 3000, fake_profile(), Version::v1_0), "");
  }
}

// The preflight parses with the profile's read limits, like the run after it:
// with a 4-octet line limit the refusing ERROR is malformed octets, which the
// preflight takes as an answer (the cases judge them), so no problem is left.
TEST(RunnerGuard, ThePreflightReadsWithTheProfilesLimits) {
  FakeBroker broker;
  Profile p = fake_profile();
  p.login = "nobody";
  EXPECT_NE(preflight(targets_for(broker.url()), 3000, p, Version::v1_2), "");
  p.limits = {{"read_max_line_length", 4}};
  EXPECT_EQ(preflight(targets_for(broker.url()), 3000, p, Version::v1_2), "");
}

TEST(RunnerGuard, ABrokerThatNeverAnswersConnectFailsThePreflightInTime) {
  Faults f;
  f.never_answer_connect = true;
  FakeBroker broker(f);
  auto start = std::chrono::steady_clock::now();
  std::string problem = preflight(targets_for(broker.url()), 1000, fake_profile());
  EXPECT_NE(problem.find("did not answer the baseline CONNECT (STOMP 1.2) within 1000 ms"), std::string::npos) << problem;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

// Like stomp12/send/2: a SEND without destination, where a close counts as
// the legal "ERROR lost to a reset" outcome. A broker that crashes on it
// closes too, and without the liveness check the case passed.
constexpr const char* kSendWithoutDestination = R"([
  {"connect": {}},
  {"send": {"command": "SEND", "headers": {"receipt": "r1"}, "body": "where to?"}},
  {"expect_one_of": [{"name": "ERROR then close", "events": [{"frame": {"command": "ERROR"}}, {"closed": true}]},
                     {"name": "close", "events": [{"closed": true}]}]}
])";

TEST(RunnerGuard, ABrokerThatDiesFailsTheCaseThatKilledItAndStopsTheRun) {
  for (bool ws : {false, true}) {
    Faults f;
    f.crash_on = "where to?";
    FakeBroker broker(f);
    RunOptions o;
    o.profile = fake_profile();
    o.targets = {ws ? broker.ws_url() : broker.url()};
    std::string error;
    RunStop stop;
    auto start = std::chrono::steady_clock::now();
    auto results = run_suite({make_case(kSendWithoutDestination, R"(["1.1", "1.2"])"), [] {
                                Case c = make_case(kRoundTrip);
                                c.id = "t/y/1";
                                return c;
                              }()},
                             resolve_targets(o, &error), o, &stop).cases;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].status, Status::fail);
    EXPECT_EQ(results[0].message, "the broker stopped accepting connections during this case");
    EXPECT_NE(results[0].actual.find("the case itself ended as "), std::string::npos) << results[0].actual;
    EXPECT_FALSE(results[0].transcript.empty()) << "the transcript of the culprit is kept";
    for (int i : {1, 2}) {
      EXPECT_EQ(results[i].status, Status::skip);
      EXPECT_EQ(results[i].reason, std::string("not run: the broker died during t/x/1@1.1 (") + (ws ? "ws" : "tcp") + ")");
    }
    EXPECT_TRUE(stop.broker_died);
    EXPECT_EQ(stop.culprit, "t/x/1@1.1");
    EXPECT_EQ(stop.not_run, 2);
    EXPECT_NE(stop.describe().find("THE BROKER DIED"), std::string::npos);
  }
}

TEST(RunnerGuard, WithARestartHookTheCulpritFailsAndTheRunGoesOn) {
  Faults f;
  f.crash_on = "where to?";
  FakeBroker first(f);
  std::unique_ptr<FakeBroker> second;  // the restarted broker: healthy, on new ports
  RunOptions o;
  o.profile = fake_profile();
  o.targets = {first.url()};
  int restarts = 0;
  o.restart = [&](Target& t) {
    ++restarts;
    second = std::make_unique<FakeBroker>();
    t.url = *Url::parse(second->url());
    return true;
  };
  std::string error;
  RunStop stop;
  Case other = make_case(kRoundTrip);
  other.id = "t/y/1";
  auto results = run_suite({make_case(kSendWithoutDestination, R"(["1.1", "1.2"])"), other}, resolve_targets(o, &error),
                           o, &stop).cases;
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(restarts, 1);
  EXPECT_EQ(results[0].status, Status::fail);
  EXPECT_EQ(results[0].message, "the broker stopped accepting connections during this case");
  EXPECT_NE(results[0].actual.find("the broker was restarted and the run went on"), std::string::npos) << results[0].actual;
  EXPECT_EQ(results[1].status, Status::pass) << results[1].message;
  EXPECT_EQ(results[2].status, Status::pass) << results[2].message;
  EXPECT_FALSE(stop.broker_died);
  EXPECT_EQ(stop.restarted_after, std::vector<std::string>{"t/x/1@1.1 (tcp)"});

  // A restart that fails stops the run as if there were none.
  FakeBroker third(f);
  o.targets = {third.url()};
  o.restart = [](Target&) { return false; };
  results = run_suite({make_case(kSendWithoutDestination, R"(["1.1", "1.2"])")}, resolve_targets(o, &error), o, &stop).cases;
  EXPECT_TRUE(stop.broker_died);
  EXPECT_NE(stop.detail.find("the restart command failed"), std::string::npos) << stop.detail;
  EXPECT_NE(results.at(0).actual.find("the restart command failed"), std::string::npos) << results.at(0).actual;
  EXPECT_EQ(results.at(1).status, Status::skip);
}

TEST(RunnerGuard, AKnownDeviationDoesNotExcuseACrash) {
  Faults f;
  f.crash_on = "where to?";
  FakeBroker broker(f);
  Profile p = fake_profile();
  p.deviations.push_back({"t/x/1", "a known deviation", {}});
  EXPECT_EQ(run_one(make_case(kSendWithoutDestination), broker.url(), p).status, Status::fail);
}

TEST(RunnerGuard, TheRealSendWithoutDestinationCaseCatchesACrash) {
  std::vector<Diagnostic> errors;
  auto c = load_case_file(STOMPSPEC_SOURCE_DIR "/scenarios/stomp12/send/2.json", errors);
  ASSERT_TRUE(c) << (errors.empty() ? "" : errors[0].str());
  Faults f;
  f.crash_on = "SEND\n";  // the first SEND is the one without destination
  FakeBroker broker(f);
  auto results = run(*c, broker.url());
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results[0].status, Status::fail) << results[0].message;
  EXPECT_EQ(results[0].message, "the broker stopped accepting connections during this case");
  FakeBroker healthy;
  for (const auto& r : run(*c, healthy.url())) EXPECT_EQ(r.status, Status::pass) << r.instance << ": " << r.message;
}

TEST(RunnerGuard, AHealthyBrokerIsAliveAndADeadOneIsNoticedWithinTheBudget) {
  std::string why;
  {
    FakeBroker broker;
    EXPECT_TRUE(accepts_connections(*Url::parse(broker.url(), nullptr), TlsOptions{}, Millis(2000), &why)) << why;
    EXPECT_TRUE(accepts_connections(*Url::parse(broker.ws_url(), nullptr), TlsOptions{}, Millis(2000), &why)) << why;
  }
  std::uint16_t port;
  { FakeBroker gone; port = gone.port(); }
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(accepts_connections(*Url::parse("tcp://127.0.0.1:" + std::to_string(port), nullptr), TlsOptions{}, Millis(2000), &why));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(3000));
  EXPECT_NE(why.find("attempt(s) to connect to tcp://127.0.0.1:"), std::string::npos) << why;
}

}  // namespace
}  // namespace stompspec
