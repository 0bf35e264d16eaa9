#pragma once
// Shared by the fuzzer's tests: fake-broker settings that keep runs short,
// scratch folders, and a broker that can be "restarted" after a crash.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "runner/runner.hpp"
#include "fake_broker.hpp"
#include "fake_profile.hpp"
#include "fuzzer/fuzzer.hpp"
#include "scenario/loader.hpp"

namespace stompspec::fuzzer::testutil {

// The fake broker's profile with a shorter wait: a replay runs once per finding.
inline Profile fake_profile() {
  Profile p = testing::fake_profile();
  p.expect_ms = 500;
  return p;
}

// Runs a scenario file through the normal runner, as `stompspec run` would.
inline Status replay(const std::string& file, const std::string& url, const Profile& profile = fake_profile()) {
  std::vector<Diagnostic> errors;
  auto c = load_case_file(file, errors);
  for (const auto& e : errors) ADD_FAILURE() << e.str();
  if (!c) return Status::error;
  stompspec::RunOptions o;
  o.profile = profile;
  o.targets = {url};
  std::string why;
  auto report = run_suite({*c}, resolve_targets(o, &why), o);
  if (report.cases.size() != 1) return Status::error;
  if (report.cases[0].status != Status::pass) std::cerr << "  replay: " << report.cases[0].message << "\n";
  return report.cases[0].status;
}

inline std::string scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("stompspec-fuzzer-test-" + std::to_string(getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

inline Url url_of(const std::string& text) {
  auto u = Url::parse(text);
  EXPECT_TRUE(u.has_value()) << text;
  return u.value_or(Url{});
}

// Timeouts far below a real broker's, which the in-process fake meets easily.
inline RunConfig fast_config() {
  RunConfig c;
  c.connect_timeout = Millis(1000);
  c.write_timeout = Millis(1000);
  c.probe_timeout = Millis(300);
  c.error_grace = Millis(800);  // over WebSocket the fake closes 500 ms after ERROR (its linger)
  c.quiet = Millis(10);
  c.drain_max = Millis(100);
  c.gen.login = "guest";
  c.gen.passcode = "guest";
  c.gen.host = "/";
  return c;
}

// A fake broker that comes back as a fresh instance (on new ports) whenever
// the fuzzer asks for a restart, as a supervisor would restart a real one.
class RestartableBroker {
 public:
  explicit RestartableBroker(testing::Faults f, bool ws = false) : faults_(std::move(f)), ws_(ws) { start(); }
  Url url() const { return url_of(ws_ ? broker_->ws_url() : broker_->url()); }
  int restarts() const { return restarts_; }
  std::function<bool(Url&)> hook() {
    return [this](Url& u) {
      start();
      ++restarts_;
      u = url();
      return true;
    };
  }

 private:
  void start() {
    broker_.reset();
    broker_ = std::make_unique<testing::FakeBroker>(faults_);
  }
  testing::Faults faults_;
  bool ws_;
  std::unique_ptr<testing::FakeBroker> broker_;
  int restarts_ = 0;
};

// A fuzz run that hunts one finding on a RestartableBroker: seed 7, at most
// 300 sessions, bounded minimisation, the broker restarted after a crash.
inline FuzzOptions crash_hunt(RestartableBroker& broker, const std::string& dir) {
  FuzzOptions o;
  o.url = broker.url();
  o.seed = 7;
  o.iterations = 300;
  o.max_findings = 1;
  o.findings_dir = dir;
  o.run = fast_config();
  o.minimize = {150, std::chrono::seconds(12), {}};
  o.restart = broker.hook();
  o.recover_wait = std::chrono::seconds(5);
  return o;
}

}  // namespace stompspec::fuzzer::testutil
