#include "suite_run.hpp"

#include <iterator>
#include <thread>

#include "runner/runner.hpp"
#include "fake_profile.hpp"

namespace stompspec::killmatrix {

const std::vector<Case>& shipped_cases() {
  static const CaseSet set = load_cases({STOMPSPEC_SOURCE_DIR "/scenarios"});
  return set.cases;
}

Profile quick_profile() {
  Profile p = testing::fake_profile();
  p.limits = {{"heartbeat_tolerance_ms", 300}, {"max_body_size", 1 << 20}};
  p.expect_ms = 1500;
  p.silence_ms = 300;
  return p;
}

namespace {

std::vector<CaseResult> run_in_order(const std::vector<Case>& cases, const testing::FakeBroker& broker, bool tcp,
                                     bool ws, const Profile& p, int jobs) {
  RunOptions o;
  o.profile = p;
  o.jobs = jobs;
  if (tcp) o.targets.push_back(broker.url());
  if (ws) o.targets.push_back(broker.ws_url());
  std::string error;
  auto targets = resolve_targets(o, &error);
  if (targets.empty()) return {};
  return run_suite(cases, targets, o).cases;
}

}  // namespace

std::vector<CaseResult> run_cases(const std::vector<Case>& cases, const testing::FakeBroker& broker, bool tcp,
                                  bool ws, const Profile& p, int jobs) {
  // Cases mostly wait (for frames, for silence), so a few runs side by side
  // cost little CPU. Each run_suite has its own destinations (run token).
  constexpr std::size_t kLanes = 6;
  std::vector<std::vector<Case>> lanes(kLanes);
  for (std::size_t i = 0; i < cases.size(); ++i) lanes[i % kLanes].push_back(cases[i]);
  std::vector<std::vector<CaseResult>> out(kLanes);
  std::vector<std::thread> threads;
  for (std::size_t l = 0; l < kLanes; ++l)
    threads.emplace_back([&, l] { out[l] = run_in_order(lanes[l], broker, tcp, ws, p, jobs); });
  for (auto& t : threads) t.join();
  std::vector<CaseResult> all;
  for (auto& lane : out) all.insert(all.end(), std::make_move_iterator(lane.begin()), std::make_move_iterator(lane.end()));
  return all;
}

std::string key_of(const CaseResult& r) {
  return r.id + "@" + r.version + " " + r.transport;
}

bool is_failure(const CaseResult& r) { return r.status == Status::fail || r.status == Status::error; }

}  // namespace stompspec::killmatrix
