#pragma once
// What a run produced, independent of how it is reported: the types every
// layer from scenario up shares (report/ only reads them).
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stompspec {

enum class Status {
  pass,
  fail,   // a MUST broken (or a SHOULD under --strict)
  warn,   // a SHOULD broken
  info,   // a MAY not offered: recorded, never fails
  skip,   // the profile does not offer a needed feature
  error,  // harness or infrastructure problem
  xfail,  // a known deviation that failed, as expected
  xpass,  // a known deviation that passed: it was fixed
};
inline constexpr std::array<Status, 8> kAllStatuses = {
    Status::pass, Status::fail,  Status::warn,  Status::info,
    Status::skip, Status::error, Status::xfail, Status::xpass};
std::string_view to_string(Status s);                      // "pass", "xfail", ...
std::optional<Status> status_from_string(std::string_view);  // inverse of to_string
std::string_view status_label(Status s);                   // for people: "expected failure", "fixed"
bool is_unexpected_failure(Status s);  // fail or error

struct SpecRef {
  std::string version;      // "1.2"
  std::string section;      // "SEND"
  std::string level;        // "MUST", "MUST NOT", "SHOULD", "MAY"
  std::string requirement;  // in our own words
};

struct TranscriptEntry {
  enum class Kind { sent, received, event };
  double t_ms = 0;          // since the case started
  std::string client;       // scenario client name
  Kind kind = Kind::event;
  std::string data;         // octets for sent/received (passcodes redacted), text for events
};

struct CaseResult {
  std::string id;           // "stomp12/send/1"
  std::string instance;     // id plus "@version" when a case runs at several versions
  std::string title;
  std::string version;      // STOMP version this instance ran at
  std::string transport;    // "tcp", "ws"
  std::string level;        // the level that decided the status
  std::vector<SpecRef> refs;
  std::vector<std::string> requirements;  // requirement catalogue ids
  Status status = Status::pass;
  double duration_ms = 0;
  std::string message;      // one line: why it is not a pass
  std::string expected;     // for failures: what the spec allows
  std::string actual;       // for failures: what happened
  std::string reason;       // skip reason or known-deviation reason
  std::string source;       // "file:line" of the scenario step that decided the status, if any
  std::vector<TranscriptEntry> transcript;
};

struct RunSummary {
  std::map<Status, int> counts;
  int total = 0;
};

struct RunReport {
  std::string tool = "stompspec";
  std::string tool_version;
  std::string target;       // URL
  std::string profile;      // profile name
  std::string started_at;   // ISO 8601 UTC
  double duration_ms = 0;
  bool strict = false;
  bool interrupted = false;  // stopped by a signal: the cases are those finished by then
  std::vector<CaseResult> cases;

  RunSummary summary() const;
};

}  // namespace stompspec
