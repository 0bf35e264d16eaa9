#pragma once
// Plans case instances (case × version × transport), runs them in order and
// applies the profile: skips for missing features, known deviations.
#include <functional>
#include <string>
#include <vector>

#include "engine/profile.hpp"
#include "report/result.hpp"
#include "scenario/model.hpp"
#include "transport/url.hpp"

namespace stompspec {

struct RunOptions {
  Profile profile;
  std::vector<std::string> targets;    // URLs; empty: every URL in the profile
  std::vector<std::string> selectors;  // case id prefixes; empty: all
  std::vector<std::string> keywords;   // a case must carry one of them; empty: all
  std::vector<std::string> versions;   // restrict to these STOMP versions; empty: the profile's
  bool strict = false;
  int timeout_ms = 0;                  // 0: the profile's expect_ms
  int connect_timeout_ms = 3000;
  std::function<void(const CaseResult&)> on_case;  // progress, as each instance ends
};

struct Target {
  std::string transport;  // "tcp" or "ws"
  Url url;
};

// Resolves the URLs to run against, or says why it cannot.
std::vector<Target> resolve_targets(const RunOptions& o, std::string* error);

// Checks each target accepts a connection, so an unreachable broker is one
// clear message, not a page of errors. Empty when all are reachable.
std::string preflight(const std::vector<Target>& targets, int timeout_ms);

bool selected(const Case& c, const RunOptions& o);
bool matches_selector(const std::string& id, const std::string& version, const std::string& selector);

RunReport run_suite(const std::vector<Case>& cases, const std::vector<Target>& targets, const RunOptions& o);

}  // namespace stompspec
