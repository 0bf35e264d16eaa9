#pragma once
// The verdict of a legal variation: every shipped case, at every version,
// over TCP and WebSocket, against a fake broker showing the variation(s),
// may fail only where it already fails against the plain correct broker.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>

#include "suite_run.hpp"

namespace stompspec::killmatrix {

// Instances that fail against the plain correct fake broker too, each with
// why. Kept here, not computed, so the default tier needs one run, not two;
// the nightly baseline test proves this list is exact.
inline const std::map<std::string, std::string>& known_baseline() {
  // A frame over the size limit: the broker answers ERROR and closes while
  // the harness is still writing; the engine reports the failed write
  // instead of the ERROR it received (issue 7; the lead's engine change).
  static const std::string send7 = "ERROR+close during a big SEND reported as 'could not send' (engine, issue 7)";
  static const std::map<std::string, std::string> m{
      {"stomp12/send/7@1.0 tcp", send7}, {"stomp12/send/7@1.1 tcp", send7}, {"stomp12/send/7@1.2 tcp", send7},
      {"stomp12/send/7@1.0 ws", send7},  {"stomp12/send/7@1.1 ws", send7},  {"stomp12/send/7@1.2 ws", send7},
  };
  return m;
}

inline void expect_no_new_failure(const testing::Variations& v, const std::string& what) {
  const auto start = std::chrono::steady_clock::now();
  testing::FakeBroker broker({}, {}, v);
  const auto results = run_cases(shipped_cases(), broker, true, true);
  ASSERT_FALSE(results.empty());
  int warns = 0;
  for (const auto& r : results) {
    const std::string key = key_of(r);
    if (is_failure(r) && !known_baseline().contains(key))
      ADD_FAILURE() << what << ": " << key << " " << to_string(r.status) << ": " << r.message;
    if (r.status == Status::warn) {
      ++warns;
      std::cout << what << ": warn " << key << ": " << r.message << "\n";
    }
  }
  const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << what << ": " << results.size() << " instances, " << warns << " warn, " << secs << " s\n";
}

}  // namespace stompspec::killmatrix
