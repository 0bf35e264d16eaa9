#pragma once
// Plans case instances (case × version × transport), runs them (several at
// once with RunOptions::jobs) and applies the profile: skips for missing
// features, known deviations, exclusions; a broker that dies stops the run.
#include <functional>
#include <string>
#include <vector>

#include "engine/preflight.hpp"
#include "engine/profile.hpp"
#include "core/result.hpp"
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
  // After each instance that ran, the broker must still accept a connection
  // within this budget (a few attempts), else the run stops: it died.
  bool check_liveness = true;
  int liveness_budget_ms = 2000;
  // Brings a dead target back (it may change the target's URL); false when it
  // could not. Unset: a death stops the run. The CLI sets it from the
  // profile's commands.start.
  std::function<bool(Target&)> restart;
  int restart_wait_ms = 60000;         // after restart, how long the target may take to accept connections
  std::function<void(const CaseResult&)> on_case;  // progress, in report order, as instances end
  // Instances run at once. Results, their order and on_case's order are those
  // of jobs = 1; cases whose subject is timing (heart-beats, or "alone": true)
  // run with nothing else running.
  int jobs = 1;
  // Polled before each instance starts: true stops the run there (a signal);
  // the instances not started are reported as skip, "not run: interrupted".
  std::function<bool()> interrupted;
};

// Resolves the URLs to run against, or says why it cannot.
std::vector<Target> resolve_targets(const RunOptions& o, std::string* error);

bool selected(const Case& c, const RunOptions& o);
bool matches_selector(const std::string& id, const std::string& version, const std::string& selector);

// Why a run stopped early: the broker stopped accepting connections.
struct RunStop {
  bool broker_died = false;
  std::string culprit;    // the instance during which it died ("stomp12/send/2@1.2")
  std::string transport;  // and over which transport
  std::string url;
  std::string detail;     // what the connection attempts got
  int not_run = 0;        // instances reported as skip because of it
  std::vector<std::string> restarted_after;  // instances that killed it, each followed by a successful restart
  std::string describe() const;  // one line for people
};

// Does the case use ${name} anywhere it sends (headers, bodies, raw octets)?
bool uses_variable(const Case& c, const std::string& name);

RunReport run_suite(const std::vector<Case>& cases, const std::vector<Target>& targets, const RunOptions& o,
                    RunStop* stop = nullptr);

}  // namespace stompspec
