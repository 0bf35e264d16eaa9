#pragma once
// Target addresses: tcp://host:port and ws://host:port/path.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stompspec {

struct Url {
  std::string scheme;  // "tcp" or "ws"
  std::string host;
  std::uint16_t port = 0;
  std::string path;    // ws only; "/" when absent

  // nullopt with a reason in *error for anything else (unknown scheme, bad port...).
  static std::optional<Url> parse(std::string_view text, std::string* error = nullptr);
  std::string str() const;
  bool is_loopback() const;  // 127.0.0.0/8, ::1, localhost
};

}  // namespace stompspec
