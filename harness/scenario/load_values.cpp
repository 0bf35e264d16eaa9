// Parses the values inside steps: bodies, header and body matchers, frame
// specs, events and outcomes (load_steps.cpp parses the steps themselves).
#include <algorithm>
#include <cctype>
#include <regex>

#include <fmt/format.h>

#include "scenario/load_context.hpp"

namespace stompspec::detail {

std::string idx(const std::string& ptr, std::size_t i) { return ptr + "/" + std::to_string(i); }

namespace {

// Headers as {"name": "value"} or, to keep order and repeats, [["name", "value"], ...].
template <typename Fn>
void each_header(LoadContext& ctx, const json& j, const std::string& ptr, Fn fn) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) fn(k, v, ptr + "/" + k);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) {
      const json& pair = j[i];
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string())
        ctx.error(idx(ptr, i), "expected [\"name\", value]");
      else
        fn(pair[0].get<std::string>(), pair[1], idx(ptr, i) + "/1");
    }
  } else {
    ctx.error(ptr, "headers are an object or an array of [name, value] pairs");
  }
}

}  // namespace

std::optional<BodySpec> parse_body(LoadContext& ctx, const json& j, const std::string& ptr) {
  BodySpec b;
  if (j.is_string()) {
    b.text = j.get<std::string>();
    return b;
  }
  if (!j.is_object()) {
    ctx.error(ptr, "a body is a string, {\"hex\": ...} or {\"repeat\": ..., \"times\": N}");
    return std::nullopt;
  }
  ctx.only_keys(j, ptr, {"text", "hex", "repeat", "times"});
  b.text = ctx.string_at(j, ptr, "text", false);
  if (j.contains("hex")) {
    b.hex = ctx.string_at(j, ptr, "hex", false);
    std::string h;
    for (char ch : *b.hex) if (!std::isspace(static_cast<unsigned char>(ch))) h += ch;
    if (h.size() % 2 || h.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
      ctx.error(ptr + "/hex", "hex octets need an even number of hex digits");
    b.hex = h;
  }
  if (j.contains("repeat")) {
    b.repeat = ctx.string_at(j, ptr, "repeat", false);
    auto t = j.find("times");
    if (t == j.end()) ctx.error(ptr, "'repeat' needs 'times'");
    else if (t->is_number_unsigned()) b.times = std::to_string(t->get<unsigned long long>());
    else if (t->is_string()) b.times = t->get<std::string>();
    else ctx.error(ptr + "/times", "expected a count or a ${variable}");
  }
  return b;
}

std::optional<ValueMatcher> parse_value(LoadContext& ctx, const json& j, const std::string& ptr, bool body) {
  ValueMatcher m;
  if (j.is_string()) {
    m.equals = j.get<std::string>();
    return m;
  }
  if (!j.is_object()) {
    ctx.error(ptr, "a matcher is a string (exact value) or an object of conditions");
    return std::nullopt;
  }
  if (body) ctx.only_keys(j, ptr, {"equals", "not_equals", "regex", "contains", "length", "hex", "json", "capture", "empty"});
  else ctx.only_keys(j, ptr, {"equals", "not_equals", "regex", "contains", "present", "absent", "length", "capture"});
  if (j.contains("equals")) m.equals = ctx.string_at(j, ptr, "equals", false);
  if (j.contains("not_equals")) m.not_equals = ctx.string_at(j, ptr, "not_equals", false);
  if (j.contains("contains")) m.contains = ctx.string_at(j, ptr, "contains", false);
  if (j.contains("capture")) m.capture = ctx.string_at(j, ptr, "capture", false);
  if (j.contains("regex")) {
    m.regex = ctx.string_at(j, ptr, "regex", false);
    // libstdc++'s regex compiler overflows a signed integer (UB) on huge
    // back-reference or repeat counts; no sane pattern needs 7+ digits.
    std::size_t run = 0, longest = 0;
    for (char c : *m.regex) longest = std::max(longest, run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0);
    if (longest > 6) {
      ctx.error(ptr + "/regex", "a number in this regular expression is too large");
    } else {
      try {
        std::regex re(*m.regex);
      } catch (const std::regex_error& e) {
        ctx.error(ptr + "/regex", fmt::format("not a valid regular expression: {}", e.what()));
      }
    }
  }
  if (j.contains("present")) m.present = ctx.bool_at(j, ptr, "present", true);
  if (j.contains("absent") && ctx.bool_at(j, ptr, "absent", false)) m.present = false;
  if (j.contains("empty") && ctx.bool_at(j, ptr, "empty", false)) m.length = "0";
  if (auto l = j.find("length"); l != j.end()) {
    if (l->is_number_unsigned()) m.length = std::to_string(l->get<std::size_t>());
    else if (l->is_string() && l->get<std::string>().find("${") != std::string::npos) m.length = l->get<std::string>();
    else ctx.error(ptr + "/length", "expected a count of octets, or a ${variable} holding one");
  }
  if (j.contains("hex")) {
    if (auto b = parse_body(ctx, json{{"hex", j["hex"]}}, ptr)) m.hex = b->hex;
  }
  if (j.contains("json")) m.json = j["json"];
  return m;
}

std::optional<FrameSpec> parse_frame_spec(LoadContext& ctx, const json& j, const std::string& ptr, bool connect) {
  if (!j.is_object()) {
    ctx.error(ptr, "expected an object");
    return std::nullopt;
  }
  FrameSpec f;
  if (connect) {
    ctx.only_keys(j, ptr, {"command", "headers", "expect", "keep_beating", "eol"});
    f.command = j.contains("command") ? ctx.string_at(j, ptr, "command", false) : "CONNECT";
  } else {
    ctx.only_keys(j, ptr, {"command", "headers", "body", "content_length", "eol", "escape", "trailing_eol"});
    f.command = ctx.string_at(j, ptr, "command", true);
  }
  if (auto h = j.find("headers"); h != j.end()) {
    each_header(ctx, *h, ptr + "/headers", [&](const std::string& k, const json& v, const std::string& p) {
      if (v.is_null()) f.headers.emplace_back(k, std::nullopt);
      else if (ctx.is_string(v, p)) f.headers.emplace_back(k, v.get<std::string>());
    });
  }
  if (auto b = j.find("body"); b != j.end()) {
    if (auto body = parse_body(ctx, *b, ptr + "/body")) f.body = *body;
  }
  if (j.contains("content_length")) {
    f.content_length = ctx.string_at(j, ptr, "content_length", false);
    if (f.content_length != "auto" && f.content_length != "none" && f.content_length != "always")
      ctx.error(ptr + "/content_length", "use auto, none or always (write a header to send a wrong value)");
  }
  if (j.contains("eol")) {
    f.eol = ctx.string_at(j, ptr, "eol", false);
    if (f.eol != "lf" && f.eol != "crlf") ctx.error(ptr + "/eol", "use lf or crlf");
  }
  f.escape = ctx.bool_at(j, ptr, "escape", true);
  f.trailing_eol = ctx.bool_at(j, ptr, "trailing_eol", false);
  return f;
}

std::optional<Expectation> parse_event(LoadContext& ctx, const json& j, const std::string& ptr) {
  Expectation e;
  if (!j.is_object()) {
    ctx.error(ptr, "an event is {\"frame\": ...}, {\"closed\": true|\"clean\"|\"reset\"} or {\"silence\": ms|\"after_error\"}");
    return std::nullopt;
  }
  ctx.only_keys(j, ptr, {"frame", "closed", "silence", "timeout_ms"});
  e.timeout_ms = ctx.int_at(j, ptr, "timeout_ms", -1);
  if (auto f = j.find("frame"); f != j.end()) {
    auto m = parse_frame_matcher(ctx, *f, ptr + "/frame");
    if (!m) return std::nullopt;
    e.frame = std::move(*m);
  } else if (auto c = j.find("closed"); c != j.end()) {
    e.kind = Expectation::Kind::closed;
    if (c->is_string() && (*c == "clean" || *c == "reset")) e.close_how = c->get<std::string>();
    else if (!(c->is_boolean() && c->get<bool>()))
      ctx.error(ptr + "/closed", "use true (any close), \"clean\" (FIN or WebSocket close frame) or \"reset\"");
  } else if (auto sv = j.find("silence"); sv != j.end()) {
    e.kind = Expectation::Kind::silence;
    if (sv->is_string() && *sv == "after_error") e.after_error = true;
    else e.timeout_ms = ctx.int_at(j, ptr, "silence", 0);
  } else {
    ctx.error(ptr, "an event needs one of 'frame', 'closed', 'silence'");
    return std::nullopt;
  }
  return e;
}

std::optional<Outcome> parse_outcome(LoadContext& ctx, const json& j, const std::string& ptr) {
  if (!j.is_object()) {
    ctx.error(ptr, "an outcome is {\"name\": ..., \"events\": [...], \"verdict\": ...}");
    return std::nullopt;
  }
  ctx.only_keys(j, ptr, {"name", "events", "verdict", "note"});
  Outcome o;
  o.name = ctx.string_at(j, ptr, "name", true);
  o.note = ctx.string_at(j, ptr, "note", false);
  std::string v = j.contains("verdict") ? ctx.string_at(j, ptr, "verdict", false) : "pass";
  if (v == "pass") o.verdict = Status::pass;
  else if (v == "warn") o.verdict = Status::warn;
  else if (v == "info") o.verdict = Status::info;
  else if (v == "fail") o.verdict = Status::fail;
  else ctx.error(ptr + "/verdict", fmt::format("unknown verdict '{}' (pass, warn, info or fail)", v));
  auto ev = j.find("events");
  if (ev == j.end() || !ev->is_array() || ev->empty()) {
    ctx.error(ptr, "an outcome needs a non-empty 'events' array");
    return std::nullopt;
  }
  for (std::size_t i = 0; i < ev->size(); ++i)
    if (auto e = parse_event(ctx, (*ev)[i], idx(ptr + "/events", i))) o.events.push_back(std::move(*e));
  return o;
}

std::optional<FrameMatcher> parse_frame_matcher(LoadContext& ctx, const json& j, const std::string& ptr) {
  if (!j.is_object()) {
    ctx.error(ptr, "a frame matcher is an object: {\"command\": ..., \"headers\": {...}, \"body\": ...}");
    return std::nullopt;
  }
  ctx.only_keys(j, ptr, {"command", "headers", "body", "allow_violations"});
  FrameMatcher m;
  if (j.contains("command")) m.command = ctx.string_at(j, ptr, "command", false);
  if (auto h = j.find("headers"); h != j.end()) {
    each_header(ctx, *h, ptr + "/headers", [&](const std::string& k, const json& v, const std::string& p) {
      if (auto vm = parse_value(ctx, v, p, false)) m.headers.emplace_back(k, std::move(*vm));
    });
  }
  if (auto b = j.find("body"); b != j.end())
    if (auto vm = parse_value(ctx, *b, ptr + "/body", true)) m.body = std::move(*vm);
  m.allow_violations = ctx.bool_at(j, ptr, "allow_violations", false);
  return m;
}

}  // namespace stompspec::detail
