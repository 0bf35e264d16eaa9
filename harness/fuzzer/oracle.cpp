#include "fuzzer/oracle.hpp"

#include <cctype>

#include <fmt/format.h>

namespace stompspec::fuzzer {

std::string_view to_string(Oracle o) {
  switch (o) {
    case Oracle::broker_down: return "broker-down";
    case Oracle::broker_hang: return "broker-hang";
    case Oracle::session_hang: return "session-hang";
    case Oracle::invalid_frame: return "invalid-frame";
    case Oracle::missing_header: return "missing-header";
    case Oracle::before_connect: return "before-connect";
    case Oracle::open_after_error: return "open-after-error";
    case Oracle::memory_growth: return "memory-growth";
  }
  return "?";
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view s) {
  for (Severity v : {Severity::low, Severity::medium, Severity::high, Severity::critical})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

Severity default_severity(Oracle o) {
  switch (o) {
    case Oracle::broker_down:
    case Oracle::broker_hang: return Severity::critical;
    // Acting on frames before CONNECT skips authentication (CVE-2023-32081).
    case Oracle::before_connect:
    case Oracle::memory_growth:
    case Oracle::session_hang: return Severity::high;
    case Oracle::invalid_frame:
    case Oracle::missing_header:
    case Oracle::open_after_error: return Severity::medium;
  }
  return Severity::medium;
}

bool whole_broker(Oracle o) { return o == Oracle::broker_down || o == Oracle::broker_hang; }

std::string rule_slug(std::string_view rule) {
  // Drop "STOMP 1.x " so one problem at several versions groups together.
  if (rule.starts_with("STOMP ")) {
    rule.remove_prefix(6);
    if (auto sp = rule.find(' '); sp != std::string_view::npos) rule.remove_prefix(sp + 1);
  }
  std::string out;
  for (char c : rule) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "grammar" : out;
}

void EventOracle::add(std::vector<Detection>& out, Detection d) {
  if (!seen_.insert(std::string(to_string(d.oracle)) + "/" + d.key).second) return;
  out.push_back(std::move(d));
}

void EventOracle::on_event(const Received& r, std::size_t index, std::vector<Detection>& out) {
  const ParseEvent& ev = r.event;
  if (ev.kind == ParseEvent::Kind::heartbeat) return;
  auto det = [&](Oracle o, std::string key, std::string detail) {
    add(out, Detection{o, std::move(key), std::move(detail), r.after_writes, index});
  };
  // Size limits are the harness's (the spec lets each side pick its own):
  // going past them is no grammar violation.
  const bool over_limit = !ev.violations.empty() && rule_slug(ev.violations[0].rule).find("size-limits") != std::string::npos;
  if (ev.kind == ParseEvent::Kind::malformed) {
    if (over_limit) return;
    const std::string rule = ev.violations.empty() ? "grammar" : rule_slug(ev.violations[0].rule);
    det(Oracle::invalid_frame, "malformed/" + rule,
        fmt::format("the broker sent octets that are not a frame: {}",
                    ev.violations.empty() ? "malformed" : ev.violations[0].what));
    return;
  }
  const Frame& f = ev.frame;
  const std::string cmd = is_server_command(f.command) ? f.command : "OTHER";
  if (!ev.violations.empty() && !over_limit) {
    const Violation& v = ev.violations[0];
    det(Oracle::invalid_frame, cmd + "/" + rule_slug(v.rule), fmt::format("{} breaks {}: {}", cmd, v.rule, v.what));
  }
  if (f.command == "CONNECTED") {
    connected_ = true;
    const std::string* v = f.find("version");
    negotiated_ = v ? parse_version(*v).value_or(planned_) : Version::v1_0;
    if (!v && version_required_)
      det(Oracle::missing_header, "CONNECTED/version", "CONNECTED to a CONNECT offering only 1.1+ has no version header");
  } else if (f.command == "MESSAGE" || f.command == "RECEIPT") {
    if (!connected_)
      det(Oracle::before_connect, f.command, fmt::format("the broker sent {} before any CONNECTED", f.command));
    std::vector<const char*> required;
    if (f.command == "RECEIPT") required = {"receipt-id"};
    else if (negotiated_ == Version::v1_0) required = {"destination", "message-id"};
    else required = {"destination", "message-id", "subscription"};
    for (const char* h : required)
      if (!f.has(h)) det(Oracle::missing_header, f.command + "/" + h, fmt::format("{} without {}", f.command, h));
  } else if (f.command == "ERROR" && !error_at_) {
    error_at_ = r.t_ms;
    error_event_ = index;
    error_before_connected_ = !connected_;
  }
}

}  // namespace stompspec::fuzzer
