// Findings about what the broker sends (not about it dying): each is found
// against a fake broker with the matching fault, and its scenario file fails
// through the normal runner on that broker and passes on a correct one.
#include <gtest/gtest.h>

#include <filesystem>

#include "runner/runner.hpp"
#include "fuzz_test_util.hpp"
#include "scenario/loader.hpp"

namespace stompspec::fuzzer {
namespace {

using testing::FakeBroker;
using testing::Faults;

struct EventCase {
  const char* name;
  void (*apply)(Faults&);
  const char* signature_prefix;
};

const EventCase kCases[] = {
    {"accept_before_connect", [](Faults& f) { f.accept_before_connect = true; }, "before-connect/"},
    {"omit_subscription_header", [](Faults& f) { f.omit_subscription_header = true; }, "missing-header/MESSAGE/subscription"},
    {"omit_message_id", [](Faults& f) { f.omit_message_id = true; }, "missing-header/MESSAGE/message-id"},
    {"keep_open_after_error", [](Faults& f) { f.keep_open_after_error = true; }, "open-after-error/"},
};

// These findings' scenarios wait out silences: the profile's default length, not the short one.
Status replay_with_default_silence(const std::string& file, const std::string& url) {
  Profile p = testutil::fake_profile();
  p.silence_ms = Profile{}.silence_ms;
  return testutil::replay(file, url, p);
}

class EventFinding : public ::testing::TestWithParam<EventCase> {};

TEST_P(EventFinding, IsFoundAndItsScenarioFailsOnlyWhileTheFaultIsThere) {
  const EventCase& c = GetParam();
  Faults fault;
  c.apply(fault);
  testutil::RestartableBroker broker(fault);
  FuzzOptions o;
  o.url = broker.url();
  o.seed = 5;
  o.iterations = 150;
  o.max_findings = 1;
  o.findings_dir = testutil::scratch_dir(std::string("event-") + c.name);
  o.run = testutil::fast_config();
  o.minimize = {60, std::chrono::seconds(5), {}};
  const FuzzReport report = run_fuzzer(o);

  ASSERT_EQ(report.findings.size(), 1u) << "stopped: " << report.stopped;
  const FindingRecord& f = report.findings[0];
  EXPECT_TRUE(f.signature.starts_with(c.signature_prefix)) << f.signature << ": " << f.detail;
  EXPECT_TRUE(f.minimize.reproduced);
  EXPECT_LE(f.minimize.bytes_after, f.minimize.bytes_before);

  const std::string scenario = (std::filesystem::path(o.findings_dir) / f.dir / "scenario.json").string();
  {
    FakeBroker broken(fault);
    EXPECT_EQ(replay_with_default_silence(scenario, broken.url()), Status::fail);
  }
  FakeBroker correct;
  EXPECT_EQ(replay_with_default_silence(scenario, correct.url()), Status::pass);
}

INSTANTIATE_TEST_SUITE_P(Faults, EventFinding, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<EventCase>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace stompspec::fuzzer
