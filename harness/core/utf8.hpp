#pragma once
// The one UTF-8 validator. The codec checks header text with it (STOMP 1.1+
// headers are UTF-8), the WebSocket transport picks text or binary messages
// by it (RFC 6455 5.6), and the reports keep XML, HTML and JSON valid with it
// (wire octets are arbitrary bytes, but a reader rejects a whole file for one
// bad sequence).
#include <cstddef>
#include <string>
#include <string_view>

namespace stompspec::utf8 {

struct Sequence {
  std::size_t length = 0;  // 0: no valid sequence starts here
  char32_t code_point = 0;
};

// The sequence at s[i]; rejects overlong forms, surrogates, > U+10FFFF and
// truncation, the same set that JSON and XML parsers reject.
Sequence next(std::string_view s, std::size_t i);
bool is_valid(std::string_view s);
// Offset of the first octet that does not start a valid sequence; npos when
// s is valid throughout.
std::size_t first_invalid(std::string_view s);
// Invalid octets become U+FFFD: for prose fields, where a stray octet is not
// worth an unreadable report.
std::string sanitize(std::string_view s);
// The largest n <= max where cutting s does not split a valid sequence.
std::size_t cut_point(std::string_view s, std::size_t max);

}  // namespace stompspec::utf8
