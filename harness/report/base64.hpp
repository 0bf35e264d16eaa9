#pragma once
// Standard base64 (RFC 4648, padded) for octets that JSON strings cannot hold.
#include <optional>
#include <string>
#include <string_view>

namespace stompspec::base64 {

std::string encode(std::string_view octets);
// nullopt on any character outside the alphabet or bad padding.
std::optional<std::string> decode(std::string_view text);

}  // namespace stompspec::base64
