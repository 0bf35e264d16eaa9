#pragma once
// What happens to a detection: it gets a signature; a known one is marked
// so; a new one gets its example saved, minimised against the live broker
// and written out as a scenario; a seen one is counted.
#include <cstddef>
#include <functional>
#include <string>

#include "fuzzer/findings.hpp"
#include "fuzzer/fuzzer.hpp"
#include "fuzzer/generator.hpp"

namespace stompspec::fuzzer {

// The broker under test, and how to bring it back after it died or hung.
struct Broker {
  Url url;
  std::function<bool(Url&)> recover;  // false: it did not come back
  bool down = false;                  // a detection or a replay left it dead or hung

  bool ensure_up() {
    if (!down) return true;
    if (!recover || !recover(url)) return false;
    down = false;
    return true;
  }
};

class Triage {
 public:
  Triage(const FuzzOptions& o, const RunConfig& cfg, FindingStore& store, Broker& broker)
      : o_(o), cfg_(cfg), store_(store), broker_(broker) {}

  void handle(const Detection& d, const Plan& plan, const SessionResult& res, double elapsed_s);
  // A finding that no session shows by itself (memory growth).
  void handle_run_level(const Detection& d, double elapsed_s, const std::string& attachment_name,
                        const std::string& attachment);

  std::size_t occurrences() const { return occurrences_; }
  std::size_t count(const std::string& signature);
  double minimize_s() const { return minimize_s_; }
  bool broker_lost() const { return broker_lost_; }

 private:
  std::string signature(const Detection& d, const std::string& culprit) const;
  FindingRecord& open_record(const Detection& d, const std::string& sig, double elapsed_s);
  void save_example(FindingRecord& r, const Plan& plan, const SessionResult& res);
  Replay replayer(const Detection& d, Version v);
  void minimize(FindingRecord& r, const Detection& d, const Plan& plan, const SessionResult& res,
                const std::vector<std::string>& start, std::size_t spent);

  const FuzzOptions& o_;
  const RunConfig& cfg_;
  FindingStore& store_;
  Broker& broker_;
  std::size_t occurrences_ = 0;
  double minimize_s_ = 0;
  bool broker_lost_ = false;
};

// "SEND/content-length-huge": the last mutated write among the first `upto`,
// else the last write and "valid".
std::string culprit_of(const Plan& plan, std::size_t upto);

}  // namespace stompspec::fuzzer
