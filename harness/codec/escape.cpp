#include "escape.hpp"

#include <cstdio>

namespace stompspec {

std::string escape_header(std::string_view raw, Version v) {
  if (v == Version::v1_0) return std::string(raw);  // 1.0 has no escaping at all
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case ':': out += "\\c"; break;
      case '\r':
        // 1.1 defines no escape for CR (and its grammar allows a raw CR), so
        // it goes out as is; 1.2 requires \r.
        out += v == Version::v1_2 ? "\\r" : "\r";
        break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string describe_undefined(char next) {
  const auto u = static_cast<unsigned char>(next);
  if (u > 0x20 && u < 0x7f) return std::string("undefined escape sequence \\") + next;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", u);
  return std::string("undefined escape sequence: backslash followed by octet ") + hex;
}

}  // namespace

std::optional<std::string> unescape_header(std::string_view wire, Version v,
                                           UnescapeError* error) {
  if (v == Version::v1_0) return std::string(wire);  // a backslash is just an octet in 1.0
  std::string out;
  out.reserve(wire.size());
  std::size_t i = 0;
  for (;;) {
    // Copy up to the next backslash in one go.
    const std::size_t b = wire.find('\\', i);
    out.append(wire.substr(i, b == std::string_view::npos ? std::string_view::npos : b - i));
    if (b == std::string_view::npos) return out;
    if (b + 1 == wire.size()) {
      if (error) *error = {b, "trailing lone backslash (incomplete escape sequence)"};
      return std::nullopt;
    }
    const char next = wire[b + 1];
    if (next == 'n') {
      out += '\n';
    } else if (next == 'c') {
      out += ':';
    } else if (next == '\\') {
      out += '\\';
    } else if (next == 'r' && v == Version::v1_2) {
      out += '\r';
    } else {
      if (error) *error = {b, describe_undefined(next)};
      return std::nullopt;
    }
    i = b + 2;
  }
}

}  // namespace stompspec
