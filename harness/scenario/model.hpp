#pragma once
// The in-memory form of a scenario file: one case, its clients and ordered
// steps. Strings called "templates" may hold ${variables}, expanded at run time.
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace stompspec {

struct Source {
  std::string file;
  int line = 0;
  std::string str() const;  // "file:line"
};

// Conditions on one header value or a body. Every condition given must hold.
struct ValueMatcher {
  std::optional<std::string> equals;      // template
  std::optional<std::string> not_equals;  // template
  std::optional<std::string> regex;       // ECMAScript, whole value must match
  std::optional<std::string> contains;    // template
  std::optional<bool> present;            // headers only; false = absent
  std::optional<std::string> length;      // octets: a count, or a template expanding to one
  std::optional<std::string> hex;         // exact octets, as hex
  std::optional<nlohmann::json> json;     // body parses as JSON and contains this subset
  std::optional<std::string> capture;     // store the value in this variable
  std::string describe() const;

  static ValueMatcher equal_to(std::string tmpl) { ValueMatcher m; m.equals = std::move(tmpl); return m; }
  static ValueMatcher capture_into(std::string var) { ValueMatcher m; m.capture = std::move(var); return m; }
};

struct FrameMatcher {
  std::optional<std::string> command;
  std::vector<std::pair<std::string, ValueMatcher>> headers;
  std::optional<ValueMatcher> body;
  bool allow_violations = false;  // a frame the strict parser objects to still matches
  std::string describe() const;
};

// One thing to observe on a connection.
struct Expectation {
  enum class Kind { frame, closed, silence };
  Expectation(Kind k = Kind::frame, FrameMatcher f = {}, int timeout = -1)
      : kind(k), frame(std::move(f)), timeout_ms(timeout) {}
  Kind kind = Kind::frame;
  FrameMatcher frame;       // kind == frame
  int timeout_ms = -1;      // frame/closed: how long to wait; silence: how long it lasts; -1 = default
  std::string close_how;    // closed: "" any close, "clean" (FIN, WebSocket close frame) or "reset"
  bool after_error = false; // silence: lasts the profile's after_error_ms
  std::string describe() const;
};

// An acceptable sequence of observations, and what it means when it occurs.
struct Outcome {
  std::string name;                 // "ERROR then close"
  std::vector<Expectation> events;
  Status verdict = Status::pass;    // pass, or warn/info/fail for an outcome that is legal but not preferred
  std::string note;                 // why this verdict
};

// A body as written in a scenario: text (template), hex octets, or a repeated pattern.
struct BodySpec {
  std::string text;
  std::optional<std::string> hex;
  std::optional<std::string> repeat;   // pattern, repeated `times`
  std::string times;                   // template expanding to a count
  bool empty() const { return text.empty() && !hex && !repeat; }
};

struct FrameSpec {
  std::string command;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;  // nullopt: remove a default
  BodySpec body;
  std::string content_length = "auto";  // auto | none | always
  std::string eol = "lf";               // lf | crlf
  bool escape = true;
  bool trailing_eol = false;
};

// The step kinds, one struct each (scenario/step_kinds.hpp lists them with
// their JSON keys, fields and parsers: the one table the loader, the schema
// check and the error messages are driven from).
namespace steps {

// Open the client's connection (transport only). A server may refuse a
// WebSocket upgrade (RFC 6455 4.2.2); where the case's requirement only binds
// an accepted handshake, `if_refused` grades a refusal instead of an error.
struct Open {
  std::optional<Status> if_refused;
};
struct Close {};  // close it without DISCONNECT

struct Connect {
  FrameSpec frame;
  bool await_connected = true;           // expect CONNECTED (or `connected`)
  std::optional<FrameMatcher> connected; // what CONNECTED must look like
  bool heart_beat = true;                // keep beating at the negotiated rate
};

struct Send {
  FrameSpec frame;
  bool receipt = false;   // add a receipt header and await its RECEIPT
  bool may_fail = false;  // a failed write is not a failure (peer may have closed)
};

// Each chunk is written separately (a TCP write or a WebSocket message).
struct Raw {
  std::vector<BodySpec> chunks;
  int gap_ms = 0;         // pause between chunks
  bool may_fail = false;
};

// expect, expect_one_of, expect_closed, expect_silence: one of the outcomes.
struct Expect {
  std::vector<Outcome> outcomes;
};

// Each matcher met by its own frame, in any order.
struct Unordered {
  std::vector<FrameMatcher> matchers;
  int timeout_ms = -1;    // how long a frame may take; -1 = default
};

// Exactly one of `clients` gets the frame; the others stay silent until
// `silence_ms` after it came.
struct OneClient {
  FrameMatcher matcher;
  std::vector<std::string> clients;
  int silence_ms = -1;         // -1 = the profile's silence_ms
  std::string capture_client;  // variable that receives the winning client's name
  int timeout_ms = -1;
};

struct Wait {
  int ms = 0;
};

struct Disconnect {
  bool receipt = true;  // ask for a RECEIPT and await it (when the profile offers receipts)
};

// `beats` server beats, none later than every_ms + the profile's tolerance.
struct Heartbeats {
  int beats = 0;
  std::string every_ms;  // template
};

// What the WebSocket server picked.
struct Subprotocol {
  ValueMatcher matcher;
};

}  // namespace steps

using StepAction = std::variant<steps::Open, steps::Connect, steps::Send, steps::Raw, steps::Expect, steps::Unordered,
                                steps::OneClient, steps::Wait, steps::Disconnect, steps::Close, steps::Heartbeats,
                                steps::Subprotocol>;

struct Step {
  Source src;
  std::string key;                    // the JSON key it was written with ("expect_closed")
  std::string client;                 // a declared name, or a ${variable} naming one (capture_client)
  std::optional<std::string> level;   // overrides the case level for this step
  StepAction action;

  template <typename T> const T* as() const { return std::get_if<T>(&action); }
  template <typename T> bool is() const { return std::holds_alternative<T>(action); }
};

struct Case {
  Source src;
  std::string id;                     // "stomp12/send/1"
  std::string title;
  std::string level;                  // MUST, MUST NOT, SHOULD, SHOULD NOT, MAY
  std::vector<SpecRef> refs;
  std::vector<std::string> requirements;
  std::vector<std::string> versions;  // "1.0", "1.1", "1.2"
  std::vector<std::string> features;
  std::vector<std::string> keywords;
  std::vector<std::string> transports;  // empty: every transport
  std::vector<std::string> clients;
  std::vector<std::string> subprotocols;  // WebSocket offer; empty: the default
  bool offer_subprotocols = true;         // false: offer none at all
  bool alone = false;                     // needs the broker to itself (broker-wide state, timing)
  std::vector<Step> steps;
  std::string notes;

  std::string section() const;  // "stomp12/send"
};

// The status a broken requirement of this level yields.
Status status_for_level(std::string_view level, bool strict);

}  // namespace stompspec
