#pragma once
// Checks made outside any case: before the suite, that each target is
// reachable and accepts the profile's plain CONNECT (a refused login is a
// setup problem, not a verdict); after each case, that the broker still
// accepts connections (a crash is the most important finding of a run).
#include <string>
#include <vector>

#include "codec/frame.hpp"
#include "engine/profile.hpp"
#include "transport/transport.hpp"

namespace stompspec {

struct Target {
  std::string transport;  // "tcp" or "ws"
  Url url;
};

// Empty when every target is reachable and answers the baseline CONNECT
// (the profile's credentials, at `version`) with CONNECTED; otherwise one
// line per target saying what went wrong and how to fix it. Never contains
// the passcode.
std::string preflight(const std::vector<Target>& targets, int timeout_ms, const Profile& profile = default_profile(),
                      Version version = Version::v1_2);

// The highest version in `offered` ("1.0".."1.2"); 1.2 when none parses.
Version highest_version(const std::vector<std::string>& offered);

// Does the broker still accept a connection (TCP connect, or the WebSocket
// upgrade)? Tries a few times within `budget`, so one slow accept is not
// taken for a death. When not, *why says what the last attempt got.
bool accepts_connections(const Url& url, const TlsOptions& tls, Millis budget, std::string* why);

}  // namespace stompspec
