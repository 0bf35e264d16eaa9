#include "fuzzer/triage.hpp"

#include <fmt/format.h>

#include "fuzzer/scenario_out.hpp"
#include "report/describe.hpp"
#include "core/redact.hpp"

namespace stompspec::fuzzer {
namespace {

std::string joined(const std::vector<std::string>& writes) {
  std::string out;
  for (const auto& w : writes) out += w;
  return out;
}

std::string transcript_text(const std::vector<TranscriptEntry>& entries) {
  CaseResult c;
  c.transcript = entries;
  return describe::transcript(c, "");
}

std::string short_hash(std::string_view s) {
  std::uint32_t h = 2166136261U;  // FNV-1a: stable across runs and builds
  for (unsigned char c : s) h = (h ^ c) * 16777619U;
  return fmt::format("{:08x}", h);
}

// The writes a replay starts from: for event oracles, those sent before the
// event showed (later ones cannot have caused it).
std::vector<std::string> writes_for(const Detection& d, const SessionResult& res) {
  if (whole_broker(d.oracle) || d.oracle == Oracle::session_hang || d.writes == 0 || d.writes >= res.sent.size())
    return res.sent;
  return {res.sent.begin(), res.sent.begin() + static_cast<long>(d.writes)};
}

}  // namespace

std::string culprit_of(const Plan& plan, std::size_t upto) {
  upto = std::min(upto, plan.writes.size());
  for (std::size_t i = upto; i > 0; --i)
    if (!plan.writes[i - 1].mutation.empty()) return plan.writes[i - 1].command + "/" + plan.writes[i - 1].mutation;
  return upto == 0 ? "none/valid" : plan.writes[upto - 1].command + "/valid";
}

std::string Triage::signature(const Detection& d, const std::string& culprit) const {
  const std::string oracle(to_string(d.oracle));
  switch (d.oracle) {
    // Caused by what the client sent: the culprit frame names the group.
    case Oracle::broker_down:
    case Oracle::broker_hang:
    case Oracle::session_hang: return oracle + "/" + culprit;
    // One behaviour of the broker, whatever preceded it: the oracle's key names it.
    case Oracle::memory_growth: return oracle;
    default: return oracle + "/" + d.key;
  }
}

std::optional<std::string> Triage::known_reason(const std::string& sig) const {
  for (const auto& [pattern, reason] : o_.known)
    if (signature_matches(pattern, sig)) return reason;
  return std::nullopt;
}

std::size_t Triage::count(const std::string& signature) const {
  std::lock_guard<std::mutex> lock(count_mx_);
  auto it = counts_.find(signature);
  return it == counts_.end() ? 0 : it->second;
}

void Triage::bump(const std::string& sig) {
  std::lock_guard<std::mutex> lock(count_mx_);
  ++counts_[sig];
}

bool Triage::may_replay_now() const {
  if (cfg_.over()) return false;
  if (!o_.duration) return true;
  return minimize_s_ < o_.minimize_share * std::chrono::duration<double>(*o_.duration).count();
}

FindingRecord& Triage::open_record(const Detection& d, const std::string& sig, double elapsed_s) {
  FindingRecord r;
  r.signature = sig;
  r.oracle = d.oracle;
  r.severity = default_severity(d.oracle);
  if (auto reason = known_reason(sig)) {
    r.known = true;
    r.known_reason = *reason;
    r.severity = Severity::low;
  }
  r.detail = d.detail;
  r.seed = o_.seed;
  r.first_seen_s = elapsed_s;
  r.transport = o_.url.scheme;
  FindingRecord& added = store_.add(std::move(r));
  ++signatures_n_;
  if (!added.known) ++new_signatures_;
  return added;
}

void Triage::handle(const Detection& d, const Plan& plan, const SessionResult& res, double elapsed_s) {
  std::lock_guard<std::mutex> lock(mx_);
  ++occurrences_;
  std::vector<std::string> writes = writes_for(d, res);
  // Which write did it? For what the client's frames caused, the shortest
  // prefix that still reproduces names the culprit, so one bug keeps one
  // signature whatever the session sent after it.
  const bool client_caused = whole_broker(d.oracle) || d.oracle == Oracle::session_hang;
  std::size_t upto = whole_broker(d.oracle) && res.writes_at_close > 0 ? res.writes_at_close
                     : client_caused                                    ? res.sent.size()
                                                                        : d.writes;
  std::size_t spent = 0;
  // A known behaviour is only counted: no replays, whatever its culprit
  // (for the client-caused oracles: the session's last mutated write).
  const std::string tentative = signature(d, culprit_of(plan, upto));
  const bool known = known_reason(tentative).has_value();
  const bool replay = client_caused && o_.minimize_findings && !known;
  if (replay && !may_replay_now() && o_.sessions > 1 && !store_.find(tentative)) {
    // The share for replays is spent: with sessions side by side an
    // unreplayed client-caused detection may be another session's doing or a
    // merely slow broker, so it is counted, not made a new finding.
    ++unverified_;
    return;
  }
  if (replay && may_replay_now()) {
    const auto start = Clock::now();
    std::optional<std::size_t> n;
    {
      Alone alone(gate_);  // another session's traffic would change what a replay shows
      // Within what is left of the share: a replay cut short shows nothing.
      RunConfig rc = cfg_;
      rc.lane = res.lane;
      if (o_.duration) {
        const double left_s = o_.minimize_share * std::chrono::duration<double>(*o_.duration).count() - minimize_s_.load();
        rc.end = std::min(cfg_.end, Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                       std::chrono::duration<double>(left_s)));
      }
      n = shortest_prefix(writes, replayer(d, plan.version, rc), spent);
    }
    minimize_s_ = minimize_s_.load() + std::chrono::duration<double>(Clock::now() - start).count();
    if (n) {
      upto = *n;
      writes.resize(*n);
    } else if (o_.sessions > 1) {
      // With sessions side by side, a dead, deaf or slow broker shows in
      // every session that ran at the time; only the one whose writes do it
      // again with the broker to themselves is the culprit.
      ++not_reproduced_alone_;
      return;
    }
  }
  const std::string culprit = culprit_of(plan, upto);
  const std::string sig = signature(d, culprit);
  bump(sig);
  if (FindingRecord* seen = store_.find(sig)) {
    ++seen->count;
    ++seen->culprits[culprit];
    return;
  }
  FindingRecord& r = open_record(d, sig, elapsed_s);
  r.count = 1;
  r.culprits[culprit] = 1;
  r.session = plan.session;
  r.version = std::string(to_string(res.negotiated));
  if (o_.on_note)
    o_.on_note(fmt::format("{} [{}] {}: {}", r.known ? "known behaviour" : "new finding", to_string(r.severity), sig,
                           describe::prose(d.detail)));
  save_example(r, plan, res);
  if (!r.known) {
    // The scenario of the session as it was, at once (and within the
    // fuzzing's time): minimisation later replaces it if it gets to run.
    Pending p{sig, d, plan, res, std::move(writes), spent};
    Minimized as_is;
    as_is.writes = p.writes;
    as_is.stopped = "not minimised";
    as_is.writes_before = as_is.writes_after = writes_for(d, res).size();
    as_is.bytes_before = as_is.bytes_after = total_bytes(writes_for(d, res));
    write_scenario(r, p, as_is);
    if (o_.minimize_findings) {
      pending_.push_back(std::move(p));
      ++pending_n_;
    }
  }
  store_.write_record(r);
}

void Triage::handle_run_level(const Detection& d, double elapsed_s, const std::string& attachment_name,
                              const std::string& attachment) {
  std::lock_guard<std::mutex> lock(mx_);
  ++occurrences_;
  const std::string sig = signature(d, "");
  bump(sig);
  FindingRecord* r = store_.find(sig);
  if (!r) r = &open_record(d, sig, elapsed_s);
  ++r->count;
  if (o_.on_note) o_.on_note(fmt::format("new finding [{}] {}: {}", to_string(r->severity), sig, d.detail));
  store_.write_file(*r, attachment_name, attachment);
  store_.write_record(*r);
}

bool Triage::ensure_broker() {
  if (!broker_.down) return true;
  std::lock_guard<std::mutex> lock(mx_);
  Alone alone(gate_);
  const auto start = Clock::now();
  const bool up = broker_.ensure_up();
  recover_s_ += std::chrono::duration<double>(Clock::now() - start).count();
  if (!up && !cfg_.over()) broker_lost_ = true;
  return up;
}

void Triage::save_example(FindingRecord& r, const Plan& plan, const SessionResult& res) {
  store_.write_file(r, "sent.bin", redact_passcodes(joined(res.sent)));
  store_.write_file(r, "received.bin", res.received);
  std::string mutations;
  for (std::size_t i = 0; i < plan.writes.size(); ++i)
    mutations += fmt::format("write {}: {} {}{}\n", i + 1, plan.writes[i].command,
                             plan.writes[i].mutation.empty() ? "valid" : plan.writes[i].mutation,
                             i < res.sent.size() ? "" : " (not sent: the connection had ended)");
  store_.write_file(r, "transcript.txt",
                    fmt::format("seed {} session {} STOMP {} over {}\n{}\n{}", plan.seed, plan.session,
                                to_string(plan.version), o_.url.str(), mutations, transcript_text(res.transcript)));
}

Replay Triage::replayer(const Detection& d, Version v, const RunConfig& rc) {
  return [this, d, v, rc](const std::vector<std::string>& writes) -> std::optional<SessionResult> {
    if (rc.over()) return std::nullopt;  // the run's budget is spent: nothing more is judged
    if (!broker_.ensure_up()) {
      if (!rc.over()) broker_lost_ = true;
      return std::nullopt;
    }
    // Whole-broker replays end with a probe, which empties the fuzz queues;
    // the others start from empty queues here, as fuzz sessions do.
    if (!whole_broker(d.oracle) && probe_broker(broker_.url, rc)) {
      broker_.down = true;
      return std::nullopt;
    }
    SessionOptions ro;
    ro.version = v;
    if (d.oracle == Oracle::open_after_error) ro.wait_error_grace = [](bool) { return true; };
    ro.disconnect_probe = d.oracle == Oracle::session_hang;
    SessionResult again = run_writes(broker_.url, writes, ro, rc);
    if (again.cut) return std::nullopt;
    if (whole_broker(d.oracle)) {
      auto p = probe_broker(broker_.url, rc, &again.transcript);
      if (!p) return std::nullopt;
      broker_.down = true;
      if (p->oracle != d.oracle) return std::nullopt;
      again.detections.push_back(*p);
      return again;
    }
    for (const auto& x : again.detections)
      if (x.oracle == d.oracle && x.key == d.key) return again;
    return std::nullopt;
  };
}

void Triage::minimize_pending(Clock::time_point end) {
  std::lock_guard<std::mutex> lock(mx_);
  while (!pending_.empty()) {
    const Pending p = std::move(pending_.front());
    pending_.pop_front();
    --pending_n_;
    FindingRecord* r = store_.find(p.signature);
    if (!r) continue;
    Millis budget = o_.minimize.max_time;
    if (end != Clock::time_point::max()) {
      const auto left = std::chrono::duration_cast<Millis>(end - Clock::now());
      budget = std::min(budget, left / static_cast<long>(pending_.size() + 1));
    }
    minimize(*r, p, budget);
    store_.write_record(*r);
  }
}

void Triage::minimize(FindingRecord& r, const Pending& p, Millis time_budget) {
  const auto start = Clock::now();
  const Detection& d = p.d;
  const SessionResult& res = p.res;
  Minimized m;
  if (time_budget <= Millis(0) || broker_lost_ || cfg_.over() || (o_.stop && o_.stop->load())) {
    m.writes = p.writes;
    m.stopped = "no time left";
  } else {
    if (o_.on_note)
      o_.on_note(fmt::format("minimising {} ({} writes, {:.0f} s at most)", r.signature, p.writes.size(),
                             std::chrono::duration<double>(time_budget).count()));
    RunConfig rc = cfg_;
    rc.lane = res.lane;
    Replay replay = replayer(d, p.plan.version, rc);
    MinimizeBudget budget = o_.minimize;
    budget.max_time = time_budget;
    budget.cancelled = [&] { return broker_lost_ || cfg_.over() || (o_.stop && o_.stop->load()); };
    m = fuzzer::minimize(p.writes, replay, budget);
    if (broker_lost_) m.stopped = "the broker did not come back";
  }
  // The sizes before are the session's, not the located prefix's.
  m.writes_before = writes_for(d, res).size();
  m.bytes_before = total_bytes(writes_for(d, res));
  if (!m.reproduced) {
    m.writes_after = m.writes_before;
    m.bytes_after = m.bytes_before;
  }
  m.replays += p.spent;
  r.minimize = {true, m.reproduced, m.replays, m.stopped, m.writes_before, m.bytes_before, m.writes_after, m.bytes_after};
  // Without a replay the scenario written when the finding came in stands.
  if (m.replays > 0) write_scenario(r, p, m);
  minimize_s_ = minimize_s_.load() + std::chrono::duration<double>(Clock::now() - start).count();
  // A replay may have killed the broker even for an event oracle.
  if (!broker_.down && !broker_lost_ && !cfg_.over() && probe_broker(broker_.url, cfg_)) broker_.down = true;
}

void Triage::write_scenario(FindingRecord& r, const Pending& p, const Minimized& m) {
  const Detection& d = p.d;
  const SessionResult& res = p.res;
  ScenarioInput in;
  // Unique per signature and transport, so TCP and WebSocket findings can sit in one folder.
  in.id = fmt::format("fuzz/{}/{}", to_string(d.oracle), short_hash(r.signature + "@" + o_.url.scheme));
  in.signature = r.signature;
  in.detection = d;
  in.version = res.negotiated;
  in.transport = o_.url.scheme;
  in.writes = m.writes;
  in.replay = &res;
  if (m.reproduced && m.last) {
    in.replay = &*m.last;
    in.version = m.last->negotiated;
    for (const auto& x : m.last->detections)
      if (x.oracle == d.oracle && x.key == d.key) in.detection = x;
  }
  in.login = cfg_.gen.login;
  in.passcode = cfg_.gen.passcode;
  in.error_grace_ms = cfg_.error_grace.count();
  in.settle_ms = std::max<long>(500, 4 * cfg_.quiet.count());
  in.notes = fmt::format(
      "Found by stompspec fuzz --seed {} (session {}) against {} (profile {}): {}. Minimised from {} writes / {} octets "
      "to {} / {} in {} replays ({}{}).",
      o_.seed, p.plan.session, o_.url.str(), o_.profile_name, d.detail, m.writes_before, m.bytes_before, m.writes_after,
      m.bytes_after, m.replays, m.stopped, m.reproduced ? "" : "; the replay did not reproduce it, so this is the original");
  store_.write_file(r, "repro.bin", redact_passcodes(joined(m.writes)));
  store_.write_file(r, "scenario.json", scenario_json(in).dump(2) + "\n");
}

}  // namespace stompspec::fuzzer
