// Parses the steps of a case: one parser per kind, and the table of kinds
// (step_kinds.hpp) that finds a step's kind and checks its keys.
#include <algorithm>

#include <fmt/format.h>

#include "scenario/load_context.hpp"
#include "scenario/step_kinds.hpp"

namespace stompspec {

using detail::idx;
using detail::parse_body;
using detail::parse_event;
using detail::parse_frame_matcher;
using detail::parse_frame_spec;
using detail::parse_outcome;
using detail::parse_value;
using nlohmann::json;

namespace {

using Parsed = std::optional<StepAction>;

int step_timeout(StepInput& in) { return in.ctx.int_at(in.step, in.ptr, "timeout_ms", -1); }

// expect, expect_closed, expect_silence: a single outcome named after the key.
Parsed single(std::string_view key, Expectation e) {
  return steps::Expect{{Outcome{std::string(key), {std::move(e)}, Status::pass, {}}}};
}

Parsed parse_open(StepInput& in) {
  steps::Open o;
  if (!in.value.is_object()) return o;
  for (const auto& [k, v] : in.value.items())
    if (k != "if_refused") in.ctx.error(in.vptr + "/" + k, "unknown key '" + k + "' (open takes if_refused)");
  if (auto text = in.ctx.string_at(in.value, in.vptr, "if_refused", false); !text.empty()) {
    o.if_refused = status_from_string(text);
    if (!o.if_refused || *o.if_refused == Status::error)
      in.ctx.error(in.vptr + "/if_refused", "'" + text + "' is not a grade (pass, warn, info, fail, skip)");
  }
  return o;
}
Parsed parse_close(StepInput&) { return steps::Close{}; }

Parsed parse_connect(StepInput& in) {
  steps::Connect c;
  if (auto f = parse_frame_spec(in.ctx, in.value, in.vptr, true)) c.frame = *f;
  if (in.value.is_object() && in.value.contains("expect")) {
    if (in.value["expect"].is_null()) c.await_connected = false;
    else c.connected = parse_frame_matcher(in.ctx, in.value["expect"], in.vptr + "/expect");
  }
  if (in.value.is_object()) c.heart_beat = in.ctx.bool_at(in.value, in.vptr, "keep_beating", true);
  return c;
}

Parsed parse_send(StepInput& in) {
  steps::Send s;
  if (auto f = parse_frame_spec(in.ctx, in.value, in.vptr, false)) s.frame = *f;
  s.receipt = in.ctx.bool_at(in.step, in.ptr, "receipt", false);
  s.may_fail = in.ctx.bool_at(in.step, in.ptr, "may_fail", false);
  return s;
}

Parsed parse_raw(StepInput& in) {
  steps::Raw r;
  if (in.value.is_array()) {
    for (std::size_t i = 0; i < in.value.size(); ++i)
      if (auto b = parse_body(in.ctx, in.value[i], idx(in.vptr, i))) r.chunks.push_back(*b);
  } else if (auto b = parse_body(in.ctx, in.value, in.vptr)) {
    r.chunks.push_back(*b);
  }
  r.gap_ms = in.ctx.int_at(in.step, in.ptr, "gap_ms", 0);
  r.may_fail = in.ctx.bool_at(in.step, in.ptr, "may_fail", false);
  return r;
}

Parsed parse_expect(StepInput& in) {
  auto m = parse_frame_matcher(in.ctx, in.value, in.vptr);
  if (!m) return steps::Expect{};
  return single("expect", {Expectation::Kind::frame, std::move(*m), step_timeout(in)});
}

Parsed parse_expect_closed(StepInput& in) {
  Expectation e{Expectation::Kind::closed, {}, step_timeout(in)};
  if (in.value.is_object()) {
    in.ctx.only_keys(in.value, in.vptr, {"how"});
    e.close_how = in.ctx.string_at(in.value, in.vptr, "how", false);
    if (!e.close_how.empty() && e.close_how != "clean" && e.close_how != "reset")
      in.ctx.error(in.vptr + "/how", "use \"clean\" (FIN or WebSocket close frame) or \"reset\"");
  }
  return single("expect_closed", std::move(e));
}

Parsed parse_expect_silence(StepInput& in) {
  if (!in.value.is_number_unsigned()) {
    in.ctx.error(in.vptr, "expect_silence takes a number of milliseconds");
    return steps::Expect{};
  }
  return single("expect_silence", {Expectation::Kind::silence, {}, in.value.get<int>()});
}

Parsed parse_expect_one_of(StepInput& in) {
  steps::Expect e;
  if (!in.value.is_array() || in.value.empty()) {
    in.ctx.error(in.vptr, "expect_one_of takes a non-empty array of outcomes");
    return e;
  }
  for (std::size_t i = 0; i < in.value.size(); ++i)
    if (auto o = parse_outcome(in.ctx, in.value[i], idx(in.vptr, i))) e.outcomes.push_back(std::move(*o));
  return e;
}

Parsed parse_expect_unordered(StepInput& in) {
  steps::Unordered u;
  u.timeout_ms = step_timeout(in);
  if (!in.value.is_array() || in.value.empty()) {
    in.ctx.error(in.vptr, "expect_unordered takes a non-empty array of frame matchers");
    return u;
  }
  for (std::size_t i = 0; i < in.value.size(); ++i)
    if (auto m = parse_frame_matcher(in.ctx, in.value[i], idx(in.vptr, i))) u.matchers.push_back(std::move(*m));
  return u;
}

// {"clients": [...], "frame": matcher, "silence_ms": N, "capture_client": "var"}
Parsed parse_expect_one_client(StepInput& in) {
  auto& ctx = in.ctx;
  const json& v = in.value;
  const std::string& vp = in.vptr;
  steps::OneClient o;
  o.timeout_ms = step_timeout(in);
  if (!v.is_object()) {
    ctx.error(vp, "expect_one_client takes {\"clients\": [...], \"frame\": {...}}");
    return o;
  }
  // The step's own `client` would be ambiguous next to the list.
  if (in.step.contains("client"))
    ctx.error(vp, "expect_one_client names its clients in 'clients', not in the step's 'client'");
  ctx.only_keys(v, vp, {"clients", "frame", "silence_ms", "capture_client"});
  o.clients = ctx.strings_at(v, vp, "clients");
  if (o.clients.size() < 2) ctx.error(vp + "/clients", "expect_one_client needs at least two clients");
  for (std::size_t i = 0; i < o.clients.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (o.clients[i] == o.clients[k])
        ctx.error(idx(vp + "/clients", i), fmt::format("client '{}' is listed twice", o.clients[i]));
  if (auto f = v.find("frame"); f == v.end()) ctx.error(vp, "missing required key 'frame'");
  else if (auto m = parse_frame_matcher(ctx, *f, vp + "/frame")) o.matcher = std::move(*m);
  o.silence_ms = ctx.int_at(v, vp, "silence_ms", -1);
  o.capture_client = ctx.string_at(v, vp, "capture_client", false);
  return o;
}

Parsed parse_wait(StepInput& in) {
  steps::Wait w;
  if (!in.value.is_number_unsigned()) in.ctx.error(in.vptr, "wait takes a number of milliseconds");
  else w.ms = in.value.get<int>();
  return w;
}

Parsed parse_disconnect(StepInput& in) {
  steps::Disconnect d;
  d.receipt = !(in.value.is_object() && in.value.contains("receipt")) || in.ctx.bool_at(in.value, in.vptr, "receipt", true);
  return d;
}

Parsed parse_expect_heartbeats(StepInput& in) {
  steps::Heartbeats h;
  const json& v = in.value;
  if (!v.is_object()) {
    in.ctx.error(in.vptr, "expect_heartbeats takes {\"count\": N, \"every_ms\": ms}");
    return h;
  }
  in.ctx.only_keys(v, in.vptr, {"count", "every_ms"});
  h.beats = in.ctx.int_at(v, in.vptr, "count", 3);
  if (auto e = v.find("every_ms"); e != v.end() && e->is_number_unsigned()) h.every_ms = std::to_string(e->get<int>());
  else if (e != v.end() && e->is_string()) h.every_ms = e->get<std::string>();
  else in.ctx.error(in.vptr, "expect_heartbeats needs 'every_ms' (a number or a ${variable})");
  return h;
}

Parsed parse_expect_subprotocol(StepInput& in) {
  steps::Subprotocol s;
  if (auto m = parse_value(in.ctx, in.value, in.vptr, false)) s.matcher = std::move(*m);
  return s;
}

}  // namespace

const std::vector<StepKind>& step_kinds() {
  static const std::vector<StepKind> kinds = {
      {"open", {}, "{}", "opens the client's connection (no CONNECT)", parse_open},
      {"connect", {}, "{command, headers, expect, keep_beating, eol}",
       "sends CONNECT (or STOMP) with the profile's credentials and expects CONNECTED", parse_connect},
      {"send", {"receipt", "may_fail"}, "{command, headers, body, content_length, eol, escape, trailing_eol}",
       "sends a frame built from the spec; with receipt, awaits its RECEIPT", parse_send},
      {"raw", {"gap_ms", "may_fail"}, "a body or an array of bodies",
       "writes octets as they are, each chunk a write or WebSocket message of its own", parse_raw},
      {"expect", {"timeout_ms"}, "a frame matcher", "expects the next frame to match", parse_expect},
      {"expect_one_of", {}, "an array of outcomes", "expects one of several acceptable sequences of events",
       parse_expect_one_of},
      {"expect_unordered", {"timeout_ms"}, "an array of frame matchers",
       "expects each matcher met by a frame of its own, in any order", parse_expect_unordered},
      {"expect_one_client", {"timeout_ms"}, "{clients, frame, silence_ms, capture_client}",
       "expects exactly one of the clients to receive the frame", parse_expect_one_client},
      {"expect_closed", {"timeout_ms"}, "{} or {how: clean|reset}", "expects the broker to close the connection",
       parse_expect_closed},
      {"expect_silence", {}, "milliseconds", "expects nothing to arrive for that long", parse_expect_silence},
      {"expect_heartbeats", {}, "{count, every_ms}", "counts server heart-beats, each in time",
       parse_expect_heartbeats},
      {"expect_subprotocol", {}, "a value matcher", "checks the WebSocket subprotocol the server picked",
       parse_expect_subprotocol},
      {"wait", {}, "milliseconds", "waits, still reading every connection", parse_wait},
      {"disconnect", {}, "{} or {receipt: false}", "sends DISCONNECT and awaits its RECEIPT, then closes",
       parse_disconnect},
      {"close", {}, "{}", "closes the connection without DISCONNECT", parse_close},
  };
  return kinds;
}

const StepKind* find_step_kind(std::string_view key) {
  for (const auto& k : step_kinds())
    if (k.key == key) return &k;
  return nullptr;
}

const std::vector<std::string_view>& common_step_keys() {
  static const std::vector<std::string_view> keys = {"client", "level", "note"};
  return keys;
}

std::string step_kind_list() {
  std::string out;
  const auto& kinds = step_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i)
    out += fmt::format("{}{}", i == 0 ? "" : i + 1 == kinds.size() ? " or " : ", ", kinds[i].key);
  return out;
}

namespace {
// The step-level keys some kind reads, each once.
const std::vector<std::string_view>& step_fields() {
  static const std::vector<std::string_view> fields = [] {
    std::vector<std::string_view> out;
    for (const auto& k : step_kinds())
      for (auto f : k.fields)
        if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    return out;
  }();
  return fields;
}

std::string readers_of(std::string_view field) {
  std::string out;
  for (const auto& k : step_kinds())
    if (std::find(k.fields.begin(), k.fields.end(), field) != k.fields.end())
      out += fmt::format("{}{}", out.empty() ? "" : ", ", k.key);
  return out;
}
}  // namespace

namespace detail {

std::optional<Step> parse_step(LoadContext& ctx, const json& j, const std::string& ptr) {
  if (!j.is_object()) {
    ctx.error(ptr, "a step is an object with one action key");
    return std::nullopt;
  }
  // Any kind's key is known here; one a kind does not read is refused below,
  // naming the kinds that read it.
  std::vector<std::string_view> allowed;
  for (const auto& k : step_kinds()) allowed.push_back(k.key);
  for (auto key : common_step_keys()) allowed.push_back(key);
  for (auto f : step_fields()) allowed.push_back(f);
  ctx.only_keys(j, ptr, allowed);
  const StepKind* kind = nullptr;
  for (const auto& k : step_kinds()) {
    if (!j.contains(k.key)) continue;
    if (kind) ctx.error(ptr, fmt::format("a step does one thing: found both '{}' and '{}'", kind->key, k.key));
    kind = &k;
  }
  if (!kind) {
    ctx.error(ptr, "a step needs one action: " + step_kind_list());
    return std::nullopt;
  }
  for (auto f : step_fields())
      if (j.contains(f) && std::find(kind->fields.begin(), kind->fields.end(), f) == kind->fields.end())
        ctx.error(ptr + "/" + std::string(f),
                  fmt::format("'{}' does not apply to a '{}' step (it applies to: {})", f, kind->key, readers_of(f)));
  Step s;
  s.src = {ctx.file, line_of(ctx.lines, ptr)};
  s.key = std::string(kind->key);
  s.client = ctx.string_at(j, ptr, "client", false);
  if (j.contains("level")) s.level = ctx.string_at(j, ptr, "level", false);
  const std::string vptr = ptr + "/" + s.key;
  StepInput in{ctx, j, j[s.key], ptr, vptr};
  auto action = kind->parse(in);
  if (!action) return std::nullopt;
  s.action = std::move(*action);
  return s;
}

}  // namespace detail
}  // namespace stompspec
