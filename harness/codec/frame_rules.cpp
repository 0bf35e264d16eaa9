#include "frame_rules.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/utf8.hpp"
#include "escape.hpp"
#include "line_scan.hpp"

namespace stompspec::detail {

namespace {
std::string build_rule(Version v, Section s, std::string_view command) {
  std::string r = "STOMP ";
  r += to_string(v);
  r += ' ';
  const bool v10 = v == Version::v1_0;
  switch (s) {
    case Section::grammar: r += "Augmented BNF"; break;
    case Section::value_encoding: r += v10 ? "Augmented BNF" : "Value Encoding"; break;
    // 1.1 states the body rule inside "Value Encoding"; 1.0 has no such rule.
    case Section::body:
      r += v == Version::v1_2 ? "Body" : v10 ? "Augmented BNF" : "Value Encoding";
      break;
    case Section::content_length:
      if (!v10) {
        r += "Header content-length";
      } else {
        r += (command == "MESSAGE" || command == "ERROR") ? command : std::string_view("SEND");
      }
      break;
    // 1.0 sets no limits; the violation is then against the harness's Limits.
    case Section::size_limits: r += v10 ? "(no size limits; harness Limits)" : "Size Limits"; break;
    case Section::client_frames: r += v10 ? "Client Commands" : "Client Frames"; break;
    case Section::server_frames: r += "Server Frames"; break;
  }
  return r;
}
}  // namespace

// Every violation carries one: the texts are built once per version, section
// and (1.0 content-length) command, then copied, one allocation each.
std::string rule(Version v, Section s, std::string_view command) {
  static_assert(static_cast<int>(Section::server_frames) == 6, "the table below has 7 sections");
  static const auto table = [] {
    std::array<std::array<std::string, 7>, 3> t;
    for (int ver = 0; ver < 3; ++ver) {
      for (int sec = 0; sec < 7; ++sec) {
        t[ver][sec] = build_rule(static_cast<Version>(ver), static_cast<Section>(sec), {});
      }
    }
    return t;
  }();
  if (s == Section::content_length && v == Version::v1_0) return build_rule(v, s, command);
  return table[static_cast<int>(v)][static_cast<int>(s)];
}

std::string printable(std::string_view s, std::size_t max) {
  std::string out;
  const std::size_t n = s.size() < max ? s.size() : max;
  out.reserve(n + 8);
  for (std::size_t i = 0; i < n; ++i) {
    // A run of plain octets goes in one append.
    std::size_t run = i;
    while (run < n && static_cast<unsigned char>(s[run]) >= 0x20 && static_cast<unsigned char>(s[run]) < 0x7f &&
           s[run] != '\\') {
      ++run;
    }
    if (run > i) {
      out.append(s.substr(i, run - i));
      i = run - 1;
      continue;
    }
    const auto u = static_cast<unsigned char>(s[i]);
    switch (u) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (u < 0x20 || u >= 0x7f) {
          static constexpr char kHex[] = "0123456789ABCDEF";  // not snprintf: a call per octet
          const char hex[4] = {'\\', 'x', kHex[u >> 4], kHex[u & 0xF]};
          out.append(hex, 4);
        } else {
          out += static_cast<char>(u);
        }
    }
  }
  if (n < s.size()) out += "...";
  return out;
}

namespace {
// Appends instead of "'" + printable(s) + "'": GCC 12 at -O2 and above warns
// falsely (-Wrestrict, its bug 105651) about operator+ on a string literal.
std::string quoted(std::string_view s) {
  std::string out(1, '\'');
  out += printable(s);
  out += '\'';
  return out;
}
}  // namespace

bool command_defined(std::string_view command, Version v) {
  if (v == Version::v1_0 && (command == "NACK" || command == "STOMP")) return false;
  // 1.0's grammar omits CONNECT too, but its prose opens every session with
  // CONNECT; that omission is an erratum, not a rule.
  return is_client_command(command) || is_server_command(command);
}

void check_command(std::string_view line, std::size_t offset, Version v, Peer peer,
                   std::vector<Violation>& out) {
  if (!command_defined(line, v)) {
    std::string what = "unknown command '" + printable(line) + "'";
    if (v == Version::v1_0 && (line == "NACK" || line == "STOMP")) {
      what += " (added in STOMP 1.1)";
    } else if (v != Version::v1_2 && !line.empty() && line.back() == '\r') {
      what += " (CR before LF is not an EOL before STOMP 1.2)";
    }
    out.push_back({std::move(what), offset, rule(v, Section::grammar)});
    return;
  }
  if (peer == Peer::server && !is_server_command(line)) {
    out.push_back({"client command " + std::string(line) + " sent by the server", offset,
                   rule(v, Section::server_frames)});
  } else if (peer == Peer::client && !is_client_command(line)) {
    out.push_back({"server command " + std::string(line) + " sent by the client", offset,
                   rule(v, Section::client_frames)});
  }
}

namespace {

constexpr std::size_t npos = std::string_view::npos;

// Octet checks on the wire form of a header, one violation per kind and line.
void check_octets(std::string_view line, const LineScan& scan, std::size_t offset, Version v,
                  bool escaping, std::vector<Violation>& out) {
  const std::size_t colon = scan.colon;
  // Built only for a violation: most lines have none.
  auto label = [&] { return quoted(line.substr(0, colon)); };
  if (v == Version::v1_0) {
    // 1.0: header-name and header-value are CHARs (octets 0-127), value 1*.
    if (scan.high != npos) {
      out.push_back({"non-ASCII octet in header " + label() + " (STOMP 1.0 headers are US-ASCII)",
                     offset + scan.high, rule(v, Section::grammar)});
    }
    if (colon + 1 == line.size()) {
      out.push_back({"empty value for header " + label() + " (STOMP 1.0 requires one octet or more)",
                     offset + colon + 1, rule(v, Section::grammar)});
    }
    return;
  }
  // 1.1 and 1.2: a second colon must travel as \c (the 1.2 grammar excludes
  // ':' from header-value); CONNECT and CONNECTED are exempt for 1.0's sake.
  if (escaping && scan.value_colon != npos) {
    out.push_back({"unescaped ':' in value of header " + label() + " (must be sent as \\c)",
                   offset + scan.value_colon, rule(v, Section::value_encoding)});
  }
  // 1.2 excludes CR from names and values (a CR before LF was the EOL and is
  // gone already). Unlike ':', this holds for CONNECT and CONNECTED too: their
  // exemption from escaping cannot make a CR safe, since one that ends a value
  // would read back as part of the EOL. 1.1's grammar excludes only LF and
  // ':', so a CR is legal there.
  if (v == Version::v1_2 && scan.cr != npos) {
    out.push_back({"bare CR in header " + label() + " (a CR may only precede LF)", offset + scan.cr,
                   rule(v, Section::grammar)});
  }
  // Escape sequences are ASCII, so checking the wire form checks the decoded
  // one and gives the exact offset. Before the first high octet all is ASCII.
  if (scan.high != npos) {
    if (const std::size_t bad = utf8::first_invalid(line.substr(scan.high)); bad != npos) {
      out.push_back({"header " + label() + " is not valid UTF-8", offset + scan.high + bad,
                     rule(v, Section::value_encoding)});
    }
  }
}

}  // namespace

bool parse_header_line(std::string_view line, std::size_t offset, Version v, bool escaping, Header& h,
                       std::vector<Violation>& out) {
  const LineScan scan = scan_line(line);
  const std::size_t colon = scan.colon;
  if (colon == std::string_view::npos) {
    std::string what = "header line without ':' ('" + printable(line) + "')";
    if (v != Version::v1_2 && !line.empty() && line.back() == '\r') {
      what += " (CR before LF is not an EOL before STOMP 1.2)";
    }
    out.push_back({std::move(what), offset, rule(v, Section::grammar)});
    return false;
  }
  const std::string_view name_wire = line.substr(0, colon);
  const std::string_view value_wire = line.substr(colon + 1);
  auto label = [&] { return quoted(name_wire); };
  if (name_wire.empty()) out.push_back({"empty header name", offset, rule(v, Section::grammar)});

  check_octets(line, scan, offset, v, escaping, out);

  h.name.assign(name_wire);
  h.value.assign(value_wire);
  if (!escaping) return true;
  // Most headers hold no backslash: their wire text is already the text.
  // An undefined escape is a fatal protocol error for the peer; the harness
  // still keeps the frame, with the wire text, so a report can show it.
  UnescapeError err;
  if (scan.name_backslash && !unescape_header_in_place(h.name, v, &err)) {
    out.push_back({err.what + " in header name " + label(), offset + err.position,
                   rule(v, Section::value_encoding)});
  }
  if (scan.value_backslash && !unescape_header_in_place(h.value, v, &err)) {
    out.push_back({err.what + " in value of header " + label(),
                   offset + colon + 1 + err.position, rule(v, Section::value_encoding)});
  }
  return true;
}

std::optional<std::size_t> parse_content_length(std::string_view value) {
  if (value.empty()) return std::nullopt;
  std::size_t n = 0;
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto d = static_cast<std::size_t>(c - '0');
    if (n > (kMax - d) / 10) return std::nullopt;
    n = n * 10 + d;
  }
  return n;
}

}  // namespace stompspec::detail
