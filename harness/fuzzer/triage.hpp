#pragma once
// What happens to a detection: it gets a signature; a known one is counted
// (its first example saved, never minimised); a new one gets its example
// saved and waits for minimisation, which runs after the fuzzing (see
// minimize_pending); a seen one is counted. Called from every concurrent
// session: one detection at a time.
#include <atomic>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "fuzzer/findings.hpp"
#include "fuzzer/fuzzer.hpp"
#include "fuzzer/gate.hpp"
#include "fuzzer/generator.hpp"

namespace stompspec::fuzzer {

class Triage {
 public:
  Triage(const FuzzOptions& o, const RunConfig& cfg, FindingStore& store, Broker& broker, Gate& gate)
      : o_(o), cfg_(cfg), store_(store), broker_(broker), gate_(gate) {}

  void handle(const Detection& d, const Plan& plan, const SessionResult& res, double elapsed_s);
  // A finding that no session shows by itself (memory growth).
  void handle_run_level(const Detection& d, double elapsed_s, const std::string& attachment_name,
                        const std::string& attachment);
  // Brings a dead broker back, with the broker to itself; false: it did not come back.
  bool ensure_broker();
  // Minimises the new findings saved while fuzzing, one after another, each
  // within an even part of the time left before `end` (and the per-finding budget).
  void minimize_pending(Clock::time_point end);

  std::size_t occurrences() const { return occurrences_; }
  std::size_t count(const std::string& signature) const;  // safe while sessions run
  std::size_t new_signatures() const { return new_signatures_; }  // not known ones
  std::size_t signatures() const { return signatures_n_; }
  std::size_t pending() const { return pending_n_; }
  std::size_t not_reproduced_alone() const { return not_reproduced_alone_; }
  std::size_t unverified() const { return unverified_; }
  double minimize_s() const { return minimize_s_; }
  double recover_s() const { return recover_s_; }
  bool broker_lost() const { return broker_lost_; }
  std::mutex& mutex() { return mx_; }  // held by every call above that changes something

 private:
  struct Pending {
    std::string signature;
    Detection d;
    Plan plan;
    SessionResult res;
    std::vector<std::string> writes;
    std::size_t spent = 0;
  };
  std::string signature(const Detection& d, const std::string& culprit) const;
  std::optional<std::string> known_reason(const std::string& sig) const;
  FindingRecord& open_record(const Detection& d, const std::string& sig, double elapsed_s);
  void save_example(FindingRecord& r, const Plan& plan, const SessionResult& res);
  // Replays with `cfg` (the run's, or one whose end is nearer).
  Replay replayer(const Detection& d, Version v, const RunConfig& cfg);
  bool may_replay_now() const;  // the share of the run's budget for replays is not used up
  void minimize(FindingRecord& r, const Pending& p, Millis time_budget);
  void write_scenario(FindingRecord& r, const Pending& p, const Minimized& m);
  void bump(const std::string& sig);

  const FuzzOptions& o_;
  const RunConfig& cfg_;
  FindingStore& store_;
  Broker& broker_;
  Gate& gate_;
  std::mutex mx_;
  mutable std::mutex count_mx_;  // only around counts_: sessions ask while others triage
  std::map<std::string, std::size_t> counts_;
  std::deque<Pending> pending_;
  std::atomic<std::size_t> pending_n_ = 0, new_signatures_ = 0, signatures_n_ = 0, occurrences_ = 0;
  std::size_t not_reproduced_alone_ = 0, unverified_ = 0;
  std::atomic<double> minimize_s_ = 0;  // written under mx_, read by the sessions' threads
  double recover_s_ = 0;
  std::atomic<bool> broker_lost_ = false;
};

// "SEND/content-length-huge": the last mutated write among the first `upto`,
// else the last write and "valid".
std::string culprit_of(const Plan& plan, std::size_t upto);

}  // namespace stompspec::fuzzer
