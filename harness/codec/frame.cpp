#include "frame.hpp"

#include <algorithm>
#include <array>

namespace stompspec {

std::string_view to_string(Version v) {
  switch (v) {
    case Version::v1_0: return "1.0";
    case Version::v1_1: return "1.1";
    case Version::v1_2: return "1.2";
  }
  return "?";  // only reachable with a value cast from outside the enum
}

std::optional<Version> parse_version(std::string_view s) {
  for (Version v : {Version::v1_0, Version::v1_1, Version::v1_2}) {
    if (s == to_string(v)) return v;
  }
  return std::nullopt;
}

const std::string* Frame::find(std::string_view name) const {
  for (const Header& h : headers) {
    if (h.name == name) return &h.value;
  }
  return nullptr;
}

void Frame::set(std::string_view name, std::string value) {
  for (Header& h : headers) {
    if (h.name == name) {
      h.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::string(name), std::move(value)});
}

void Frame::erase(std::string_view name) {
  std::erase_if(headers, [name](const Header& h) { return h.name == name; });
}

namespace {
// The union of the 1.1 and 1.2 grammars; the parser narrows it for 1.0.
constexpr std::array<std::string_view, 11> kClientCommands = {
    "SEND", "SUBSCRIBE", "UNSUBSCRIBE", "BEGIN", "COMMIT", "ABORT",
    "ACK",  "NACK",      "DISCONNECT",  "CONNECT", "STOMP"};
constexpr std::array<std::string_view, 4> kServerCommands = {"CONNECTED", "MESSAGE", "RECEIPT",
                                                             "ERROR"};
}  // namespace

bool is_client_command(std::string_view c) {
  return std::find(kClientCommands.begin(), kClientCommands.end(), c) != kClientCommands.end();
}

bool is_server_command(std::string_view c) {
  return std::find(kServerCommands.begin(), kServerCommands.end(), c) != kServerCommands.end();
}

bool may_have_body(std::string_view command) {
  return command == "SEND" || command == "MESSAGE" || command == "ERROR";
}

bool escaping_applies(std::string_view command, Version v) {
  // STOMP is not exempt: 1.1/1.2 "Value Encoding" names only CONNECT and CONNECTED.
  return v != Version::v1_0 && command != "CONNECT" && command != "CONNECTED";
}

}  // namespace stompspec
