#pragma once
// Checks every frame a broker sends during a case against the rules that
// hold for any frame of its command and version (required headers, the
// grammar, escaping, one message-id per message), whether or not the case
// looks at that frame. A MESSAGE without message-id must fail the case that
// received it even when the case is about something else.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "codec/parser.hpp"

namespace stompspec {

struct Finding {
  std::string requirement;  // catalogue id, e.g. "1.2/message/3"
  std::string level;        // MUST / SHOULD
  std::string what;         // "MESSAGE lacks the message-id header (STOMP 1.2 MESSAGE)"
  std::string client;
};

class FrameAudit {
 public:
  // `v` is the version the frame was parsed with; `negotiated` is false
  // before CONNECTED (no rules but the grammar bind an ERROR then).
  void check(const std::string& client, const ParseEvent& ev, Version v, bool negotiated);

  // Each broken rule once per case, in the order first seen.
  const std::vector<Finding>& findings() const { return findings_; }

 private:
  void add(const std::string& client, std::string requirement, std::string level, std::string what);
  void check_ids(const std::string& client, const Frame& f, Version v);

  std::vector<Finding> findings_;
  std::set<std::string> reported_;
  // Per client: message-id -> what that message was (destination and body).
  std::map<std::string, std::map<std::string, std::string>> message_ids_;
};

}  // namespace stompspec
