#include "engine/audit.hpp"

#include <fmt/format.h>

namespace stompspec {
namespace {

// 1.0 states its rules loosely ("will include", no REQUIRED table), so
// breaking one there is graded as a SHOULD.
std::string level_for(Version v) { return v == Version::v1_0 ? "SHOULD" : "MUST"; }

// The catalogue requirement a parser violation breaks, from its rule name.
std::string requirement_of(const Violation& x) {
  if (x.rule.find("Value Encoding") != std::string::npos) return "1.2/value-encoding/5";
  if (x.rule.find("content-length") != std::string::npos || x.rule.find("SEND") != std::string::npos ||
      x.rule.find("MESSAGE") != std::string::npos)
    return "1.2/content-length/3";
  if (x.rule.find("Body") != std::string::npos) return "1.2/body/2";
  return "1.2/abnf/1";
}

}  // namespace

void FrameAudit::add(const std::string& client, std::string requirement, std::string level, std::string what) {
  if (!reported_.insert(requirement + "\n" + what).second) return;
  findings_.push_back({std::move(requirement), std::move(level), std::move(what), client});
}

void FrameAudit::check(const std::string& client, const ParseEvent& ev, Version v, bool negotiated) {
  if (ev.kind != ParseEvent::Kind::frame) return;
  const Frame& f = ev.frame;
  const std::string ver(to_string(v));
  // ERRORs are judged by the cases about them (escaping of ERROR headers
  // by one case of its own); CONNECTED by every connect step.
  if (!negotiated || f.command == "ERROR" || f.command == "CONNECTED") {
    if (negotiated && f.command == "ERROR" && v != Version::v1_0 && !f.has("message"))
      add(client, "1.2/error/3", "SHOULD", fmt::format("ERROR lacks the message header (STOMP {} ERROR)", ver));
    return;
  }
  for (const auto& x : ev.violations) {
    // Harness limits are not the broker's rules.
    if (x.rule.find("Size Limits") != std::string::npos || x.rule.find("harness") != std::string::npos) continue;
    add(client, requirement_of(x), level_for(v), fmt::format("{} breaks {}: {}", f.command, x.rule, x.what));
  }
  auto require = [&](const char* header, const char* requirement, const std::string& level) {
    if (!f.has(header))
      add(client, requirement, level, fmt::format("{} lacks the {} header (STOMP {} {})", f.command, header, ver, f.command));
  };
  if (f.command == "MESSAGE") {
    require("destination", "1.2/message/1", level_for(v));
    require("message-id", "1.2/message/3", level_for(v));
    if (v != Version::v1_0) require("subscription", "1.2/message/4", "MUST");
    check_ids(client, f, v);
  } else if (f.command == "RECEIPT") {
    require("receipt-id", "1.2/receipt/2", level_for(v));
  }
}

// A redelivery repeats its message's id; a different message must not.
// Checked per connection: ACK and NACK name messages by these ids there.
void FrameAudit::check_ids(const std::string& client, const Frame& f, Version v) {
  const std::string* id = f.find("message-id");
  if (!id) return;
  const std::string* dest = f.find("destination");
  std::string what = (dest ? *dest : std::string()) + '\n' + f.body;
  auto [it, fresh] = message_ids_[client].emplace(*id, what);
  if (fresh || it->second == what) return;
  add(client, "1.2/message/3", level_for(v),
      fmt::format("two different MESSAGEs share message-id '{}' (STOMP {} MESSAGE: unique to that message)", *id,
                  to_string(v)));
}

}  // namespace stompspec
