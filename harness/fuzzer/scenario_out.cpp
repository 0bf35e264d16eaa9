#include "fuzzer/scenario_out.hpp"

#include <fmt/format.h>

#include "core/utf8.hpp"
#include "core/template_text.hpp"

namespace stompspec::fuzzer {
namespace {

using json = nlohmann::json;

struct Piece {
  std::string octets;  // literal, or empty for a variable
  std::string var;     // "login", "passcode"
};

// Splits octets around "<name>:<value>" header values equal to a credential.
std::vector<Piece> split_credentials(std::string_view s, const std::optional<std::string>& login,
                                     const std::optional<std::string>& passcode) {
  std::vector<Piece> out{{{}, {}}};
  std::size_t i = 0;
  while (i < s.size()) {
    bool replaced = false;
    for (const auto& [name, value] : {std::pair{std::string_view("login:"), &login}, std::pair{std::string_view("passcode:"), &passcode}}) {
      const bool line_start = i == 0 || s[i - 1] == '\n' || s[i - 1] == '\r';
      if (!*value || (*value)->empty() || !line_start || s.compare(i, name.size(), name) != 0) continue;
      const std::size_t v = i + name.size();
      if (s.compare(v, (*value)->size(), **value) != 0) continue;
      out.back().octets += name;
      out.push_back({{}, std::string(name.substr(0, name.size() - 1))});
      out.push_back({{}, {}});
      i = v + (*value)->size();
      replaced = true;
      break;
    }
    if (!replaced) out.back().octets += s[i++];
  }
  return out;
}

std::string hex(std::string_view s) {
  static constexpr char d[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

json step(const char* client, json body) {
  json s = std::move(body);
  s["client"] = client;
  return s;
}

json frame_matcher(const Received& r) {
  json m = json::object();
  if (r.event.kind == ParseEvent::Kind::frame) m["command"] = r.event.frame.command;
  m["allow_violations"] = true;
  return m;
}

// The server events before the one that shows the bug, each expected by command.
void mirror_before(json& steps, const ScenarioInput& in) {
  if (!in.replay) return;
  const auto& events = in.replay->events;
  for (std::size_t i = 0; i < events.size() && i < in.detection.event; ++i)
    if (events[i].event.kind != ParseEvent::Kind::heartbeat) steps.push_back(step("fuzz", {{"expect", frame_matcher(events[i])}}));
}

json spec_for(const Detection& d) {
  auto ref = [](const char* section, const char* requirement) {
    return json::array({{{"version", "1.2"}, {"section", section}, {"level", "MUST"}, {"requirement", requirement}}});
  };
  switch (d.oracle) {
    case Oracle::broker_down:
    case Oracle::broker_hang:
    case Oracle::memory_growth:
      return ref("Robustness", "Whatever one client sends, the broker keeps serving the others");
    case Oracle::session_hang: return ref("RECEIPT", "A frame with a receipt header gets a RECEIPT (or the connection ends)");
    case Oracle::invalid_frame: return ref("Augmented BNF", "Every frame the server sends follows the grammar");
    case Oracle::missing_header:
      if (d.key.starts_with("RECEIPT")) return ref("RECEIPT", "RECEIPT carries receipt-id");
      if (d.key.starts_with("CONNECTED")) return ref("Protocol Negotiation", "CONNECTED names the version in use");
      return ref("MESSAGE", "MESSAGE carries destination, message-id and subscription");
    case Oracle::before_connect: return ref("Connecting", "The server acts on no frame before the client has connected");
    case Oracle::open_after_error: return ref("ERROR", "Right after sending an ERROR frame the server closes the connection");
  }
  return ref("Robustness", "fuzz finding");
}

}  // namespace

json raw_chunks(std::string_view octets, const std::optional<std::string>& login, const std::optional<std::string>& passcode) {
  const auto pieces = split_credentials(octets, login, passcode);
  bool all_text = true;
  for (const auto& p : pieces) all_text = all_text && utf8::is_valid(p.octets);
  if (all_text) {
    std::string text;
    for (const auto& p : pieces) text += p.var.empty() ? escape_template(p.octets) : "${" + p.var + "}";
    return text;
  }
  // Octets that are not UTF-8 go as hex, which takes no variables: the
  // credentials then become chunks of their own (separate writes).
  json chunks = json::array();
  for (const auto& p : pieces) {
    if (!p.var.empty()) chunks.push_back("${" + p.var + "}");
    else if (!p.octets.empty()) chunks.push_back(json{{"hex", hex(p.octets)}});
  }
  return chunks.size() == 1 ? chunks[0] : chunks;
}

json scenario_json(const ScenarioInput& in) {
  const Detection& d = in.detection;
  const bool broker = whole_broker(d.oracle);
  json steps = json::array();
  if (broker) steps.push_back(step("witness", {{"connect", json::object()}}));
  steps.push_back(step("fuzz", {{"open", json::object()}}));
  for (const auto& w : in.writes) {
    json raw = raw_chunks(w, in.login, in.passcode);
    steps.push_back(step("fuzz", {{"raw", raw}, {"may_fail", true}}));
  }
  switch (d.oracle) {
    case Oracle::broker_down:
    case Oracle::broker_hang:
    case Oracle::memory_growth:
      steps.push_back({{"wait", in.settle_ms}});
      steps.push_back(step("witness", {{"send", {{"command", "SEND"}, {"headers", {{"destination", "${topic}"}}}, {"body", "still there?"}}},
                                       {"receipt", true}}));
      steps.push_back(step("fresh", {{"connect", json::object()}}));
      steps.push_back(step("fresh", {{"disconnect", json::object()}}));
      steps.push_back(step("witness", {{"disconnect", json::object()}}));
      break;
    case Oracle::session_hang:
      steps.push_back(step("fuzz", {{"disconnect", json::object()}}));
      break;
    case Oracle::invalid_frame:
    case Oracle::missing_header: {
      mirror_before(steps, in);
      json m = json::object();
      if (d.oracle == Oracle::missing_header) {
        const auto slash = d.key.find('/');
        m["command"] = d.key.substr(0, slash);
        m["headers"] = {{d.key.substr(slash + 1), {{"present", true}}}};
        m["allow_violations"] = true;
      } else if (in.replay && d.event < in.replay->events.size() &&
                 in.replay->events[d.event].event.kind == ParseEvent::Kind::frame) {
        m["command"] = in.replay->events[d.event].event.frame.command;
      }
      steps.push_back(step("fuzz", {{"expect", m}}));
      break;
    }
    case Oracle::before_connect: {
      mirror_before(steps, in);
      json error = {{"frame", {{"command", "ERROR"}, {"allow_violations", true}}}};
      steps.push_back(step("fuzz", {{"expect_one_of", json::array({
          {{"name", "ERROR then close"}, {"events", json::array({error, {{"closed", true}}})}},
          {{"name", "close"}, {"events", json::array({{{"closed", true}}})}},
          {{"name", "ERROR, then nothing"}, {"events", json::array({error, {{"silence", 1000}}})}},
          {{"name", "nothing"}, {"events", json::array({{{"silence", 1000}}})}}})}}));
      break;
    }
    case Oracle::open_after_error:
      mirror_before(steps, in);
      steps.push_back(step("fuzz", {{"expect", {{"command", "ERROR"}, {"allow_violations", true}}}}));
      steps.push_back(step("fuzz", {{"expect_closed", json::object()}, {"timeout_ms", in.error_grace_ms}}));
      break;
  }
  json c = {{"id", in.id},
            {"title", fmt::format("Fuzz finding {}: {}", in.signature, utf8::sanitize(d.detail))},
            {"spec", spec_for(d)},
            {"versions", json::array({std::string(to_string(in.version))})},
            {"keywords", json::array({"fuzz", std::string(to_string(d.oracle))})},
            {"clients", broker ? json::array({"witness", "fuzz", "fresh"}) : json::array({"fuzz"})},
            {"steps", steps},
            {"notes", utf8::sanitize(in.notes)}};
  if (!in.transport.empty()) c["transports"] = json::array({in.transport});
  return c;
}

}  // namespace stompspec::fuzzer
