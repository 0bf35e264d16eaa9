// The pool behind --jobs: every item runs once, results come back in index
// order whatever order they finish in, and an item that must run alone never
// overlaps another. Parallel runs of real cases give the sequential verdicts.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "runner/ordered_pool.hpp"
#include "engine_test_util.hpp"

namespace stompspec {
namespace {

using namespace std::chrono_literals;

TEST(OrderedPool, RunsEachItemOnceAndEmitsInOrderWithAloneItemsAlone) {
  constexpr std::size_t n = 40;
  std::atomic<int> active{0}, most{0}, overlaps{0};
  std::vector<std::atomic<int>> runs(n);
  std::vector<std::size_t> emitted;
  auto alone = [](std::size_t i) { return i % 7 == 3; };
  PoolItems items{n, alone,
                  [&](std::size_t i) {
                    int now = ++active;
                    most = std::max(most.load(), now);
                    if (alone(i) && now != 1) ++overlaps;
                    // Later items finish first, so emit has to wait for order.
                    std::this_thread::sleep_for(std::chrono::milliseconds(1 + (n - i) % 5));
                    if (alone(i) && active.load() != 1) ++overlaps;
                    ++runs[i];
                    --active;
                  },
                  [&](std::size_t i) { emitted.push_back(i); }};
  run_ordered(items, 8);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i].load(), 1) << i;
  ASSERT_EQ(emitted.size(), n);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(emitted[i], i);
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_GT(most.load(), 1) << "nothing ran in parallel";
}

TEST(OrderedPool, OneJobRunsInlineInOrder) {
  std::vector<std::string> log;
  run_ordered({3, nullptr, [&](std::size_t i) { log.push_back("w" + std::to_string(i)); },
               [&](std::size_t i) { log.push_back("e" + std::to_string(i)); }},
              1);
  EXPECT_EQ(log, (std::vector<std::string>{"w0", "e0", "w1", "e1", "w2", "e2"}));
}

// The shipped cases of a few sections against the fake broker: --jobs 8 gives
// the statuses, in the order, of --jobs 1, and reports progress in that order.
TEST(OrderedPool, ParallelRunsGiveTheSequentialVerdicts) {
  static const CaseSet set = load_cases({STOMPSPEC_SOURCE_DIR "/scenarios/stomp12/send",
                                         STOMPSPEC_SOURCE_DIR "/scenarios/stomp12/ack",
                                         STOMPSPEC_SOURCE_DIR "/scenarios/stomp12/heart-beating/2.json"});
  testing::FakeBroker broker;
  auto run_with = [&](int jobs, std::vector<std::string>* progress) {
    RunOptions o;
    o.profile = testutil::fake_profile();
    o.jobs = jobs;
    o.targets = {broker.url()};
    o.on_case = [progress](const CaseResult& r) { progress->push_back(r.instance); };
    std::string error;
    auto targets = resolve_targets(o, &error);
    return run_suite(set.cases, targets, o).cases;
  };
  std::vector<std::string> p1, p8;
  auto one = run_with(1, &p1);
  auto eight = run_with(8, &p8);
  ASSERT_EQ(one.size(), eight.size());
  ASSERT_GT(one.size(), 20u);
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].instance, eight[i].instance);
    EXPECT_EQ(one[i].status, eight[i].status) << one[i].instance << ": " << one[i].message << " / " << eight[i].message;
  }
  EXPECT_EQ(p1, p8);
}

}  // namespace
}  // namespace stompspec
