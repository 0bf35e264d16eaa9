// The run's budget (--duration, --minimize-share), known behaviours, several
// sessions at once, the global --rate and the findings' disk cap, each
// against the fake broker. Time checks here are generous upper bounds (a
// bound that must hold, not a speed goal: speed is bench/'s business).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "fuzz_test_util.hpp"

namespace stompspec::fuzzer {
namespace {

using testing::FakeBroker;
using testing::Faults;
using testutil::RestartableBroker;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

nlohmann::json summary_of(const std::string& dir) {
  return nlohmann::json::parse(std::ifstream(std::filesystem::path(dir) / "summary.json"));
}

// A broker that keeps the connection open after every ERROR: each such
// session waits out the 2 s grace, and so does every minimisation replay.
FuzzOptions lingering(RestartableBroker& broker, const std::string& dir, std::size_t sessions) {
  FuzzOptions o;
  o.url = broker.url();
  o.seed = 11;
  o.duration = std::chrono::seconds(3);
  o.sessions = sessions;
  o.findings_dir = dir;
  o.run = testutil::fast_config();
  o.run.error_grace = Millis(2000);
  o.grace_samples = 1000;  // wait out the grace every time
  o.restart = broker.hook();
  return o;
}

Faults keep_open() {
  Faults f;
  f.keep_open_after_error = true;
  return f;
}

TEST(Budget, DurationIsAHardBoundEvenWithGraceWaitsAndMinimisation) {
  for (std::size_t sessions : {1u, 4u}) {
    RestartableBroker broker(keep_open());
    const std::string dir = testutil::scratch_dir("hard-duration-" + std::to_string(sessions));
    const auto start = Clock::now();
    const FuzzReport report = run_fuzzer(lingering(broker, dir, sessions));
    const double wall = seconds_since(start);
    EXPECT_LT(wall, 3.0 + 1.0) << sessions << " sessions at once";
    EXPECT_EQ(report.stopped, "duration");
    bool found = false;
    for (const auto& f : report.findings) found |= f.signature.starts_with("open-after-error/");
    EXPECT_TRUE(found) << "the grace was waited out at least once";
    const auto summary = summary_of(dir);
    EXPECT_LT(summary["overrun_s"].get<double>(), 1.0);
    // Minimisation ran after the fuzzing, within its share (15 % of 3 s) and a margin for the last replay's timeouts.
    EXPECT_LT(report.time.minimize_s, 0.15 * 3.0 + 1.0);
    EXPECT_GT(report.time.fuzzing_s, 0.0);
  }
}

TEST(Budget, KnownBehavioursAreCountedNeverMinimised) {
  RestartableBroker broker(keep_open());
  const std::string dir = testutil::scratch_dir("known");
  FuzzOptions o = lingering(broker, dir, 4);
  o.duration.reset();
  o.iterations = 24;
  o.run.error_grace = Millis(800);
  o.known = {{"open-after-error/*", "lingers on purpose"}};
  const FuzzReport report = run_fuzzer(o);
  std::size_t known = 0;
  for (const auto& f : report.findings) {
    if (!f.signature.starts_with("open-after-error/")) continue;
    ++known;
    EXPECT_TRUE(f.known) << f.signature;
    EXPECT_GE(f.count, 1u);
    EXPECT_FALSE(f.minimize.attempted) << f.signature << " was minimised";
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(dir) / f.dir / "scenario.json")) << f.signature;
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / f.dir / "transcript.txt")) << "one example is kept";
  }
  EXPECT_GE(known, 1u);
  EXPECT_EQ(report.minimize_s, 0.0) << "no replay for a known behaviour";
}

TEST(Budget, SessionsAtOnceFindACrashAndBlameTheRightSession) {
  Faults f;
  f.crash_on = "content-length:-1";  // only content-length-negative writes it
  RestartableBroker broker(f);
  const std::string dir = testutil::scratch_dir("lanes-crash");
  FuzzOptions o = testutil::crash_hunt(broker, dir);
  o.sessions = 4;
  const FuzzReport report = run_fuzzer(o);
  ASSERT_EQ(report.findings.size(), 1u) << "stopped: " << report.stopped;
  const FindingRecord& c = report.findings[0];
  EXPECT_EQ(c.oracle, Oracle::broker_down) << c.signature;
  EXPECT_TRUE(c.signature.ends_with("/content-length-negative")) << c.signature;
  EXPECT_TRUE(c.minimize.reproduced);
  FakeBroker broken(f);
  EXPECT_EQ(testutil::replay((std::filesystem::path(dir) / c.dir / "scenario.json").string(), broken.url()), Status::fail);
}

TEST(Budget, SessionsAtOnceOnACorrectBrokerFindNothing) {
  RestartableBroker broker({});
  const std::string dir = testutil::scratch_dir("lanes-clean");
  FuzzOptions o;
  o.url = broker.url();
  o.seed = 3;
  o.iterations = 80;
  o.sessions = 8;
  o.findings_dir = dir;
  o.run = testutil::fast_config();
  const FuzzReport report = run_fuzzer(o);
  for (const auto& f : report.findings) ADD_FAILURE() << f.signature << ": " << f.detail;
  EXPECT_EQ(report.totals.sessions, 80u);
  EXPECT_EQ(summary_of(dir)["sessions_at_once"], 8);
}

TEST(Budget, RateIsGlobalAcrossSessions) {
  RestartableBroker broker({});
  FuzzOptions o;
  o.url = broker.url();
  o.seed = 1;
  o.iterations = 16;
  o.sessions = 8;
  o.rate = 50;
  o.findings_dir = testutil::scratch_dir("rate-lanes");
  o.run = testutil::fast_config();
  const auto start = Clock::now();
  const FuzzReport report = run_fuzzer(o);
  const double seconds = seconds_since(start);
  // Every session's own frames and at least one probe frame each; with a
  // limiter per session, 8 sessions would go 8 times as fast.
  const double frames = static_cast<double>(report.totals.frames + report.totals.sessions);
  EXPECT_GE(seconds, (frames - 50) / 50.0) << frames << " frames";
}

TEST(FindingStoreCap, FilesPastTheCapAreCountedNotSaved) {
  FindingStore store(testutil::scratch_dir("cap"));
  store.set_max_bytes(100);
  FindingRecord x;
  x.signature = "x/y";
  FindingRecord& r = store.add(x);
  EXPECT_TRUE(store.write_file(r, "a.bin", std::string(60, 'a')));
  EXPECT_FALSE(store.write_file(r, "b.bin", std::string(60, 'b')));
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(store.root()) / r.dir / "b.bin"));
  EXPECT_EQ(store.files_not_saved(), 1u);
  EXPECT_EQ(store.bytes_not_saved(), 60u);
  EXPECT_TRUE(store.write_file(r, "a.bin", std::string(30, 'a'))) << "a rewrite counts its new size only";
  EXPECT_TRUE(store.write_file(r, "c.bin", std::string(70, 'c')));
  EXPECT_EQ(store.bytes_saved(), 100u);
  EXPECT_EQ(r.files, (std::vector<std::string>{"a.bin", "c.bin"}));
}

TEST(Lanes, ConcurrentSessionsUseTheirOwnDestinations) {
  GenOptions g;
  EXPECT_EQ(fill_lane(fuzz_destination(g, true, 2), ""), "/queue/stompspec-fuzz-2");
  EXPECT_EQ(fill_lane(fuzz_destination(g, false, 0), "L3-"), "/topic/stompspec-fuzz-L3-0");
}

}  // namespace
}  // namespace stompspec::fuzzer
