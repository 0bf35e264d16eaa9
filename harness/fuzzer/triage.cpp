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

std::size_t Triage::count(const std::string& signature) {
  const FindingRecord* r = store_.find(signature);
  return r ? r->count : 0;
}

FindingRecord& Triage::open_record(const Detection& d, const std::string& sig, double elapsed_s) {
  FindingRecord r;
  r.signature = sig;
  r.oracle = d.oracle;
  r.severity = default_severity(d.oracle);
  for (const auto& [pattern, reason] : o_.known) {
    if (!signature_matches(pattern, sig)) continue;
    r.known = true;
    r.known_reason = reason;
    r.severity = Severity::low;
    break;
  }
  r.detail = d.detail;
  r.seed = o_.seed;
  r.first_seen_s = elapsed_s;
  r.transport = o_.url.scheme;
  return store_.add(std::move(r));
}

void Triage::handle(const Detection& d, const Plan& plan, const SessionResult& res, double elapsed_s) {
  ++occurrences_;
  const auto start = Clock::now();
  std::vector<std::string> writes = writes_for(d, res);
  // Which write did it? For what the client's frames caused, the shortest
  // prefix that still reproduces names the culprit, so one bug keeps one
  // signature whatever the session sent after it.
  const bool client_caused = whole_broker(d.oracle) || d.oracle == Oracle::session_hang;
  std::size_t upto = whole_broker(d.oracle) && res.writes_at_close > 0 ? res.writes_at_close
                     : client_caused                                    ? res.sent.size()
                                                                        : d.writes;
  std::size_t spent = 0;
  if (client_caused && o_.minimize_findings) {
    if (auto n = shortest_prefix(writes, replayer(d, plan.version), spent)) {
      upto = *n;
      writes.resize(*n);
    }
  }
  minimize_s_ += std::chrono::duration<double>(Clock::now() - start).count();
  const std::string culprit = culprit_of(plan, upto);
  const std::string sig = signature(d, culprit);
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
    o_.on_note(fmt::format("new finding [{}] {}: {}", to_string(r.severity), sig, describe::prose(d.detail)));
  save_example(r, plan, res);
  if (o_.minimize_findings) minimize(r, d, plan, res, writes, spent);
  store_.write_record(r);
}

void Triage::handle_run_level(const Detection& d, double elapsed_s, const std::string& attachment_name,
                              const std::string& attachment) {
  ++occurrences_;
  const std::string sig = signature(d, "");
  FindingRecord* r = store_.find(sig);
  if (!r) r = &open_record(d, sig, elapsed_s);
  ++r->count;
  if (o_.on_note) o_.on_note(fmt::format("new finding [{}] {}: {}", to_string(r->severity), sig, d.detail));
  store_.write_file(*r, attachment_name, attachment);
  store_.write_record(*r);
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

Replay Triage::replayer(const Detection& d, Version v) {
  return [this, d, v](const std::vector<std::string>& writes) -> std::optional<SessionResult> {
    if (!broker_.ensure_up()) {
      broker_lost_ = true;
      return std::nullopt;
    }
    // Whole-broker replays end with a probe, which empties the fuzz queues;
    // the others start from empty queues here, as fuzz sessions do.
    if (!whole_broker(d.oracle) && probe_broker(broker_.url, cfg_)) {
      broker_.down = true;
      return std::nullopt;
    }
    SessionOptions ro;
    ro.version = v;
    if (d.oracle == Oracle::open_after_error) ro.wait_error_grace = [](bool) { return true; };
    ro.disconnect_probe = d.oracle == Oracle::session_hang;
    SessionResult again = run_writes(broker_.url, writes, ro, cfg_);
    if (whole_broker(d.oracle)) {
      auto p = probe_broker(broker_.url, cfg_, &again.transcript);
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

void Triage::minimize(FindingRecord& r, const Detection& d, const Plan& plan, const SessionResult& res,
                      const std::vector<std::string>& start_writes, std::size_t spent) {
  const auto start = Clock::now();
  if (o_.on_note) o_.on_note(fmt::format("minimising {} ({} writes)", r.signature, start_writes.size()));
  Replay replay = replayer(d, plan.version);
  MinimizeBudget budget = o_.minimize;
  budget.cancelled = [&] { return broker_lost_ || (o_.stop && o_.stop->load()); };
  Minimized m = fuzzer::minimize(start_writes, replay, budget);
  if (broker_lost_) m.stopped = "the broker did not come back";
  // The sizes before are the session's, not the located prefix's.
  m.writes_before = writes_for(d, res).size();
  m.bytes_before = total_bytes(writes_for(d, res));
  if (!m.reproduced) {
    m.writes_after = m.writes_before;
    m.bytes_after = m.bytes_before;
  }
  m.replays += spent;
  r.minimize = {true, m.reproduced, m.replays, m.stopped, m.writes_before, m.bytes_before, m.writes_after, m.bytes_after};

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
      o_.seed, plan.session, o_.url.str(), o_.profile_name, d.detail, m.writes_before, m.bytes_before, m.writes_after,
      m.bytes_after, m.replays, m.stopped, m.reproduced ? "" : "; the replay did not reproduce it, so this is the original");
  store_.write_file(r, "repro.bin", redact_passcodes(joined(m.writes)));
  store_.write_file(r, "scenario.json", scenario_json(in).dump(2) + "\n");
  minimize_s_ += std::chrono::duration<double>(Clock::now() - start).count();
  // A replay may have killed the broker even for an event oracle.
  if (!broker_.down && !broker_lost_ && probe_broker(broker_.url, cfg_)) broker_.down = true;
}

}  // namespace stompspec::fuzzer
