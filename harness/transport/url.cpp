#include "url.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace stompspec {
namespace {

std::string lower(std::string_view s) {
  std::string r(s);
  std::transform(r.begin(), r.end(), r.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return r;
}

bool is_ipv4(const std::string& s) {
  in_addr a{};
  return inet_pton(AF_INET, s.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& s) {
  in6_addr a{};
  return inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

// RFC 1123 host names, plus '_' which resolvers accept in practice.
bool is_host_name(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_';
  });
}

// Request targets may not contain controls, spaces or a fragment; Beast would
// send them verbatim and the server would see a malformed request line.
bool is_valid_path(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return c > 0x20 && c < 0x7f && c != '#';
  });
}

struct Failure {
  std::string* out;
  std::optional<Url> operator()(std::string msg) const {
    if (out) *out = std::move(msg);
    return std::nullopt;
  }
};

}  // namespace

std::optional<Url> Url::parse(std::string_view text, std::string* error) {
  const Failure fail{error};
  const std::string quoted = "'" + std::string(text) + "'";

  const auto sep = text.find("://");
  if (sep == std::string_view::npos)
    return fail("missing scheme in " + quoted + ": use tcp://host:port, tls://host:port, ws://host:port/path or wss://host:port/path");
  Url url;
  url.scheme = lower(text.substr(0, sep));
  if (url.scheme == "ssl") return fail("use tls:// for STOMP over TLS, not ssl://, in " + quoted);
  if (url.scheme != "tcp" && url.scheme != "ws" && url.scheme != "tls" && url.scheme != "wss" &&
      url.scheme != "sockjs+http" && url.scheme != "sockjs+https" && url.scheme != "sockjs-xhr+http" &&
      url.scheme != "sockjs-xhr+https")
    return fail("unknown scheme '" + url.scheme + "' in " + quoted +
                ": use tcp://, tls://, ws://, wss://, sockjs+http(s):// or sockjs-xhr+http(s)://");

  std::string_view rest = text.substr(sep + 3);
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    return fail("user info is not supported in " + quoted + ": pass credentials in CONNECT");

  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated '[' in host of " + quoted);
    url.host = std::string(authority.substr(1, close - 1));
    if (!is_ipv6(url.host)) return fail("invalid IPv6 address '" + url.host + "' in " + quoted);
    std::string_view after = authority.substr(close + 1);
    if (after.empty()) return fail("missing port in " + quoted);
    if (after.front() != ':') return fail("unexpected text after ']' in " + quoted);
    port_text = after.substr(1);
  } else {
    const auto colon = authority.find(':');
    if (colon != std::string_view::npos && authority.find(':', colon + 1) != std::string_view::npos)
      return fail("IPv6 address must be in brackets, as in tcp://[::1]:61613, in " + quoted);
    url.host = std::string(authority.substr(0, colon));
    if (colon == std::string_view::npos) return fail("missing port in " + quoted);
    port_text = authority.substr(colon + 1);
    if (url.host.empty()) return fail("missing host in " + quoted);
    if (!is_host_name(url.host))
      return fail("invalid character in host '" + url.host + "' in " + quoted);
    // All digits and dots is meant as an IPv4 address; reject "999.1.1.1"
    // here rather than sending it to the resolver as a name.
    const bool dotted = url.host.find_first_not_of("0123456789.") == std::string::npos;
    if (dotted && !is_ipv4(url.host))
      return fail("invalid IPv4 address '" + url.host + "' in " + quoted);
  }

  if (port_text.empty()) return fail("missing port in " + quoted);
  unsigned long port = 0;
  const char* last = port_text.data() + port_text.size();
  const auto [end, ec] = std::from_chars(port_text.data(), last, port);
  if (ec == std::errc::invalid_argument || end != last)
    return fail("invalid port '" + std::string(port_text) + "' in " + quoted);
  if (ec == std::errc::result_out_of_range || port == 0 || port > 65535)
    return fail("port " + std::string(port_text) + " out of range 1-65535 in " + quoted);
  url.port = static_cast<std::uint16_t>(port);

  if (!url.is_websocket()) {
    if (!path.empty()) return fail(url.scheme + ":// takes no path, got '" + std::string(path) + "' in " + quoted);
  } else {
    url.path = path.empty() ? "/" : std::string(path);
    if (!is_valid_path(url.path))
      return fail("invalid character (space, control or '#') in path of " + quoted);
  }
  return url;
}

std::string Url::str() const {
  const bool v6 = host.find(':') != std::string::npos;
  std::string s = scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  if (is_websocket()) s += path.empty() ? "/" : path;
  return s;
}

bool Url::is_loopback() const {
  const std::string h = lower(host);
  if (h == "localhost" || h == "localhost.") return true;
  in_addr a4{};
  if (inet_pton(AF_INET, h.c_str(), &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
  in6_addr a6{};
  if (inet_pton(AF_INET6, h.c_str(), &a6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&a6)) return true;
    // ::ffff:127.x.y.z is IPv4 loopback seen through an IPv6 socket.
    return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
  }
  return false;
}

}  // namespace stompspec
