// The whole fuzzer against fake brokers that crash or hang on one byte
// string a mutation produces: each bug is found within a bounded number of
// sessions, minimised to fewer octets, and its scenario file fails through
// the ordinary runner while the bug is there and passes on a correct broker.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "runner/runner.hpp"
#include "fuzz_test_util.hpp"
#include "scenario/loader.hpp"

namespace stompspec::fuzzer {
namespace {

using testing::FakeBroker;
using testing::Faults;
using testutil::RestartableBroker;
using testutil::replay;

constexpr std::uint64_t kSeed = 7;
constexpr std::uint64_t kMaxSessions = 300;

FuzzOptions options(RestartableBroker& broker, const std::string& dir) {
  FuzzOptions o = testutil::crash_hunt(broker, dir);
  EXPECT_EQ(o.seed, kSeed);
  EXPECT_EQ(o.iterations, kMaxSessions);
  return o;
}

// `culprit`: the mutation that writes the fault's trigger, which the
// signature must name however many frames followed it in the session.
void expect_found_minimised_and_replayable(const Faults& fault, Oracle oracle, const std::string& culprit, bool ws = false) {
  const std::string dir = testutil::scratch_dir(std::string(to_string(oracle)) + (ws ? "-ws" : ""));
  RestartableBroker broker(fault, ws);
  const FuzzReport report = run_fuzzer(options(broker, dir));

  ASSERT_EQ(report.findings.size(), 1u) << "stopped: " << report.stopped;
  const FindingRecord& f = report.findings[0];
  EXPECT_EQ(f.oracle, oracle) << f.signature << ": " << f.detail;
  EXPECT_TRUE(f.signature.ends_with("/" + culprit)) << f.signature;
  EXPECT_EQ(f.severity, Severity::critical);
  EXPECT_LT(f.session, kMaxSessions);
  EXPECT_EQ(report.stopped, "max findings");
  EXPECT_GE(broker.restarts(), 1);

  EXPECT_TRUE(f.minimize.reproduced) << f.minimize.stopped;
  EXPECT_LT(f.minimize.bytes_after, f.minimize.bytes_before);
  EXPECT_LE(f.minimize.writes_after, f.minimize.writes_before);
  for (const char* file : {"sent.bin", "received.bin", "transcript.txt", "repro.bin", "scenario.json", "finding.json"})
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / f.dir / file)) << file;

  auto summary = nlohmann::json::parse(std::ifstream(std::filesystem::path(dir) / "summary.json"));
  EXPECT_EQ(summary["findings"][0]["signature"], f.signature);
  EXPECT_GE(summary["sessions"].get<int>(), 1);
  std::ifstream html_in(std::filesystem::path(dir) / "summary.html");
  const std::string html((std::istreambuf_iterator<char>(html_in)), {});
  EXPECT_NE(html.find(f.dir + "/scenario.json"), std::string::npos);

  // A fresh broker per replay: a crashed fake stays down.
  const std::string scenario = (std::filesystem::path(dir) / f.dir / "scenario.json").string();
  {
    FakeBroker broken(fault);
    EXPECT_EQ(replay(scenario, ws ? broken.ws_url() : broken.url()), Status::fail) << "the bug is there: the scenario fails";
  }
  {
    FakeBroker correct;
    EXPECT_EQ(replay(scenario, ws ? correct.ws_url() : correct.url()), Status::pass) << "no bug: the scenario passes";
  }
}

TEST(LiveFuzz, FindsMinimisesAndReplaysACrash) {
  Faults f;
  f.crash_on = "content-length:-1";  // content-length-negative writes it
  expect_found_minimised_and_replayable(f, Oracle::broker_down, "content-length-negative");
}

TEST(LiveFuzz, FindsMinimisesAndReplaysAHang) {
  Faults f;
  f.hang_on = "\\x";  // only escape-undefined writes it
  expect_found_minimised_and_replayable(f, Oracle::broker_hang, "escape-undefined");
}

TEST(LiveFuzz, FindsACrashOverWebSocketToo) {
  Faults f;
  f.crash_on = "content-length:-1";
  expect_found_minimised_and_replayable(f, Oracle::broker_down, "content-length-negative", true);
}

TEST(LiveFuzz, ACorrectBrokerYieldsNoFindingAndTheSummarySaysSo) {
  for (bool ws : {false, true}) {
    const std::string dir = testutil::scratch_dir(ws ? "clean-ws" : "clean");
    RestartableBroker broker({}, ws);
    FuzzOptions o = options(broker, dir);
    o.iterations = 30;
    std::vector<Progress> ticks;
    o.on_progress = [&](const Progress& p) { ticks.push_back(p); };
    const FuzzReport report = run_fuzzer(o);
    for (const auto& f : report.findings) ADD_FAILURE() << (ws ? "ws: " : "tcp: ") << f.signature << ": " << f.detail;
    EXPECT_EQ(report.totals.sessions, 30u);
    EXPECT_GT(report.totals.frames, 30u);
    EXPECT_EQ(broker.restarts(), 0);
    ASSERT_FALSE(ticks.empty());
    EXPECT_EQ(ticks.back().sessions, 30u);
    EXPECT_NE(ticks.back().line().find("sessions 30"), std::string::npos) << ticks.back().line();
    auto summary = nlohmann::json::parse(std::ifstream(std::filesystem::path(dir) / "summary.json"));
    EXPECT_EQ(summary["findings"].size(), 0u);
    EXPECT_EQ(summary["stopped"], "iterations");
  }
}

TEST(LiveFuzz, RateLimitHoldsFramesPerSecond) {
  RestartableBroker broker({});
  FuzzOptions o = options(broker, testutil::scratch_dir("rate"));
  o.iterations = 5;
  o.rate = 40;
  const auto start = Clock::now();
  const FuzzReport report = run_fuzzer(o);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // Probes count too: every session's check sends at least one frame besides its own.
  const double frames = static_cast<double>(report.totals.frames + report.totals.sessions);
  EXPECT_GE(seconds, (frames - 40) / 40.0) << frames << " frames";
}

}  // namespace
}  // namespace stompspec::fuzzer
