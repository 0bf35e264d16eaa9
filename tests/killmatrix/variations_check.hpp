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
  // A 1 MiB body is over the fake broker's 1 MiB frame limit: the outcome
  // "size limit: ERROR then close" matches, then the case's last step, a
  // DISCONNECT on the closed connection, fails (case steps, issue 7).
  static const std::string send7 = "the closing size-limit outcome is followed by a disconnect step (case)";
  static const std::map<std::string, std::string> m{
      {"stomp12/send/7@1.0 tcp", send7}, {"stomp12/send/7@1.1 tcp", send7}, {"stomp12/send/7@1.2 tcp", send7},
      {"stomp12/send/7@1.0 ws", send7},  {"stomp12/send/7@1.1 ws", send7},  {"stomp12/send/7@1.2 ws", send7},
  };
  return m;
}

// Cases that fail (or warn) under a legal variation although they should
// not: false failures in the case steps or the engine, each being fixed by
// its owner (issue 7). Tolerated here so the default tier stays green, and
// printed on every run; remove a line once its fix lands (a note says so).
inline const std::map<std::string, std::string>& known_false_failures() {
  static const std::string prefetch =
      "prefetch_one: waits for a 2nd MESSAGE before ACKing the 1st on a client/client-individual subscription (case)";
  static const std::string own_topic = "sender_exclusion: expects a sender to get its own topic message (case)";
  static const std::map<std::string, std::string> m{
      {"stomp10/ack/1", prefetch}, {"stomp11/ack/1", prefetch}, {"stomp11/ack/2", prefetch},
      {"stomp11/ack/3", prefetch}, {"stomp11/nack/3", prefetch}, {"stomp12/ack/1", prefetch},
      {"stomp12/ack/2", prefetch}, {"stomp12/ack/3", prefetch}, {"stomp12/ack/8", prefetch},
      {"stomp12/message/6", prefetch}, {"stomp12/nack/3", prefetch},
      {"stomp12/nack/2", prefetch + "; reversed_redelivery: assumes the order of redelivered messages (case)"},
      {"stomp12/subscribe/5", own_topic}, {"stomp12/message/3", own_topic}, {"stomp12/unsubscribe/2", own_topic},
      {"stomp10/subscribe/2", own_topic}, {"stomp12/content-type/5", own_topic},
  };
  return m;
}

inline void expect_no_new_failure(const testing::Variations& v, const std::string& what) {
  const auto start = std::chrono::steady_clock::now();
  testing::FakeBroker broker({}, {}, v);
  Profile p = quick_profile();
  // A prefetch of 1 is legal, and such a broker's profile says so (docs/profiles.md).
  if (v.prefetch_one) p.features["prefetch_many"] = false;
  const auto results = run_cases(shipped_cases(), broker, true, true, p);
  ASSERT_FALSE(results.empty());
  int warns = 0, known = 0;
  for (const auto& r : results) {
    const std::string key = key_of(r);
    const bool bad = is_failure(r) || r.status == Status::warn;
    if (!bad || (is_failure(r) && known_baseline().contains(key))) continue;
    if (auto k = known_false_failures().find(r.id); k != known_false_failures().end()) {
      ++known;
      std::cout << what << ": known false " << to_string(r.status) << " " << key << " [" << k->second << "]: " << r.message << "\n";
    } else if (is_failure(r)) {
      ADD_FAILURE() << what << ": " << key << " " << to_string(r.status) << ": " << r.message;
    } else {
      ++warns;  // a SHOULD-level false verdict: reported, not fatal
      std::cout << what << ": warn " << key << ": " << r.message << "\n";
    }
  }
  const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << what << ": " << results.size() << " instances, " << warns << " new warn, " << known
            << " known false failures, " << secs << " s\n";
}

}  // namespace stompspec::killmatrix
