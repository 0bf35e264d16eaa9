#pragma once
// The STOMP frame as the harness sees it: command, headers in wire order
// (repeats kept, values already unescaped) and a body of raw octets.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stompspec {

enum class Version { v1_0, v1_1, v1_2 };

std::string_view to_string(Version v);                     // "1.0", "1.1", "1.2"
std::optional<Version> parse_version(std::string_view s);   // inverse of to_string

struct Header {
  std::string name;
  std::string value;
  bool operator==(const Header&) const = default;
};

struct Frame {
  std::string command;
  std::vector<Header> headers;
  std::string body;

  // Repeated headers: the first entry is the value (STOMP 1.2, "Repeated Header Entries").
  const std::string* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // Replaces the first entry with that name, or appends one.
  void set(std::string_view name, std::string value);
  void add(std::string name, std::string value) { headers.push_back({std::move(name), std::move(value)}); }
  void erase(std::string_view name);  // every entry with that name

  bool operator==(const Frame&) const = default;
};

bool is_client_command(std::string_view c);  // SEND ... CONNECT, STOMP
bool is_server_command(std::string_view c);  // CONNECTED, MESSAGE, RECEIPT, ERROR
// Only SEND, MESSAGE and ERROR may carry a body (1.2 "Body"; 1.1 likewise).
bool may_have_body(std::string_view command);
// Header escaping applies from 1.1 on, and never to CONNECT/CONNECTED.
bool escaping_applies(std::string_view command, Version v);

}  // namespace stompspec
