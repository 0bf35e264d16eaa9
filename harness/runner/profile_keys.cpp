#include "runner/profile_keys.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/profile.hpp"

namespace stompspec {

// Every yes/no feature defaults to offered: each is something the spec asks
// of every server (heart-beats excepted, which most brokers offer), so a
// profile only has to name what its broker lacks. docs/profiles.md says why
// each one exists.
const std::vector<FeatureKey>& profile_features() {
  static const std::vector<FeatureKey> table{
      {"versions", {"1.0", "1.1", "1.2"}, "version:"},
      {"ack_modes", {"auto", "client", "client-individual"}, "ack:"},
      {"transactions", {}, ""},
      {"nack", {}, ""},
      {"receipts", {}, ""},
      {"heartbeats", {}, ""},
      {"queues", {}, ""},
      {"topics", {}, ""},
      {"redelivery", {}, ""},
      {"stomp_command", {}, ""},
      {"prefetch_many", {}, ""},
  };
  return table;
}

const std::vector<std::string>& profile_limits() {
  // max_*: what the target accepts; read_*: what stompspec accepts from it
  // (Profile::read_limits); transcript_*: what a case's wire log keeps
  // (Profile::transcript_caps). docs/reliability.md.
  static const std::vector<std::string> table{
      "max_frame_size",       "max_body_size",        "max_headers",          "heartbeat_tolerance_ms",
      "read_max_frame_size",  "read_max_headers",     "read_max_line_length", "read_max_ws_message",
      "transcript_max_entry", "transcript_max_entries", "transcript_max_bytes"};
  return table;
}

const std::vector<TimeoutKey>& profile_timeouts() {
  static const std::vector<TimeoutKey> table{
      {"expect_ms", &Profile::expect_ms},         {"silence_ms", &Profile::silence_ms},
      {"settle_ms", &Profile::settle_ms},         {"after_error_ms", &Profile::after_error_ms},
      {"max_wait_ms", &Profile::max_wait_ms},
  };
  return table;
}

// receipt: the RECEIPT itself. subscription: a marker SEND to a private topic
// the same connection subscribes to, for brokers without receipts that keep
// each connection's frames in order. settle: wait settle_ms, for brokers that
// keep no order (Spring's thread-pool inbound channel).
const std::vector<std::string>& profile_barriers() {
  static const std::vector<std::string> table{"receipt", "subscription", "settle"};
  return table;
}

const FeatureKey* find_feature(const std::string& name) {
  const auto& t = profile_features();
  auto it = std::find_if(t.begin(), t.end(), [&](const FeatureKey& k) { return k.name == name; });
  return it == t.end() ? nullptr : &*it;
}

bool known_case_feature(const std::string& feature, std::string* why) {
  std::vector<std::string> known;
  for (const auto& k : profile_features()) {
    if (k.case_prefix.empty()) {
      if (feature == k.name) return true;
      known.push_back(k.name);
    } else {
      for (const auto& v : k.values) {
        if (feature == k.case_prefix + v) return true;
        known.push_back(k.case_prefix + v);
      }
    }
  }
  for (const auto& l : profile_limits()) {
    if (feature == "limit:" + l) return true;
    known.push_back("limit:" + l);
  }
  if (why)
    *why = fmt::format("the case needs feature '{}', which no profile can declare (known: {}); "
                       "add it to harness/runner/profile_keys.cpp or fix the case",
                       feature, fmt::join(known, ", "));
  return false;
}

}  // namespace stompspec
