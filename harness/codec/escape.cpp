#include "escape.hpp"

#include <cstdio>
#include <cstring>

namespace stompspec {

std::string escape_header(std::string_view raw, Version v) {
  std::string out;
  out.reserve(raw.size());
  append_escaped_header(out, raw, v);
  return out;
}

void append_escaped_header(std::string& out, std::string_view raw, Version v) {
  if (v == Version::v1_0) {  // 1.0 has no escaping at all
    out += raw;
    return;
  }
  std::size_t i = 0;
  while (i < raw.size()) {
    // A run of octets that need no escape goes in one append.
    std::size_t run = i;
    while (run < raw.size() && raw[run] != '\\' && raw[run] != '\n' && raw[run] != ':' && raw[run] != '\r') ++run;
    out.append(raw.substr(i, run - i));
    if (run == raw.size()) return;
    switch (raw[run]) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case ':': out += "\\c"; break;
      default:
        // CR: 1.1 defines no escape for it (and its grammar allows a raw CR),
        // so it goes out as is; 1.2 requires \r.
        out += v == Version::v1_2 ? "\\r" : "\r";
    }
    i = run + 1;
  }
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
  std::string out(wire);
  if (!unescape_header_in_place(out, v, error)) return std::nullopt;
  return out;
}

bool unescape_header_in_place(std::string& text, Version v, UnescapeError* error) {
  if (v == Version::v1_0) return true;  // a backslash is just an octet in 1.0
  constexpr std::size_t npos = std::string::npos;
  const std::size_t first = text.find('\\');
  if (first == npos) return true;
  // Every escape is checked before any octet moves, so an error leaves the
  // wire text; the first bad backslash is the one reported.
  for (std::size_t b = first; b != npos; b = text.find('\\', b + 2)) {
    if (b + 1 == text.size()) {
      if (error) *error = {b, "trailing lone backslash (incomplete escape sequence)"};
      return false;
    }
    const char next = text[b + 1];
    if (next != 'n' && next != 'c' && next != '\\' && (next != 'r' || v != Version::v1_2)) {
      if (error) *error = {b, describe_undefined(next)};
      return false;
    }
  }
  // Decode: each escape becomes one octet, the runs between move down.
  std::size_t w = first, r = first;
  while (r < text.size()) {  // text[r] is a backslash
    const char next = text[r + 1];
    text[w++] = next == 'n' ? '\n' : next == 'c' ? ':' : next == 'r' ? '\r' : '\\';
    r += 2;
    std::size_t until = text.find('\\', r);
    if (until == npos) until = text.size();
    std::memmove(text.data() + w, text.data() + r, until - r);
    w += until - r;
    r = until;
  }
  text.resize(w);
  return true;
}

}  // namespace stompspec
