// CONNECT/STOMP: version negotiation, login, heart-beat negotiation, CONNECTED.
#include <algorithm>
#include <charconv>
#include <utility>

#include "codec/escape.hpp"
#include "session.hpp"

namespace stompspec::testing {
namespace {

std::vector<Version> parse_offered(const std::string& list) {
  std::vector<Version> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string item = list.substr(start, end - start);
    std::erase(item, ' ');
    if (auto v = parse_version(item)) out.push_back(*v);
    start = end + 1;
  }
  return out;
}

std::string joined(const std::vector<Version>& vs, char sep) {
  std::string out;
  for (Version v : vs) out += (out.empty() ? "" : std::string(1, sep)) + std::string(to_string(v));
  return out;
}

bool parse_uint(std::string_view s, unsigned& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

void Session::on_connect(const Frame& original) {
  Frame f = original;
  // CONNECT values are never unescaped (1.2 "Value Encoding"); this fault does.
  if (f_.unescape_connect_headers) {
    for (auto& h : f.headers) {
      UnescapeError why;
      auto decoded = unescape_header(h.value, Version::v1_2, &why);
      if (!decoded) return error(&original, "malformed frame", why.what);
      h.value = *decoded;
    }
  }

  const auto accept = header(f, "accept-version");
  const std::vector<Version> offered = accept ? parse_offered(*accept)
                                      : std::vector<Version>{f_.latest_without_accept_version ? Version::v1_2 : Version::v1_0};
  const auto& supported = core_.options().versions;
  std::optional<Version> common;
  for (Version v : supported) {
    if (std::find(offered.begin(), offered.end(), v) != offered.end() && (!common || v > *common)) common = v;
  }
  if (!common && !f_.no_error_on_version_mismatch) {
    Frame out{"ERROR", {}, {}};
    if (!f_.version_error_without_versions) out.add("version", joined(supported, ','));
    if (!f_.close_instead_of_error)
      send_error_frame(std::move(out), "unsupported protocol version",
                       f_.version_error_without_versions ? "" : "Supported protocol versions are " + joined(supported, ' '));
    if (f_.keep_open_after_error) return;
    phase_ = Phase::closed;
    if (v_.reset_after_error) io_.reset_after_flush();
    else io_.close_after_flush();
    return;
  }

  const auto login = header(f, "login");
  const auto passcode = header(f, "passcode");
  const auto& o = core_.options();
  if (login && !(*login == o.login && passcode == o.passcode) && !f_.accept_any_login) {
    if (f_.silent_login_refusal) {
      phase_ = Phase::closed;
      return io_.close_after_flush();
    }
    return error(&original, "access refused", "Bad login or passcode");
  }

  const Version v = common.value_or(Version::v1_0);
  unsigned cx = 0;
  unsigned cy = 0;
  if (v != Version::v1_0 && !check_heartbeat_header(f, cx, cy)) return;
  if (f_.never_answer_connect) {
    phase_ = Phase::ignoring;
    return;
  }
  send_connected(v, offered, common.has_value(), cx, cy);
}

bool Session::check_heartbeat_header(const Frame& f, unsigned& cx, unsigned& cy) {
  const auto hb = header(f, "heart-beat");
  if (!hb && f_.beat_without_request) cx = cy = 100;
  if (!hb) return true;
  const auto comma = hb->find(',');
  if (comma == std::string::npos || !parse_uint(std::string_view(*hb).substr(0, comma), cx) ||
      !parse_uint(std::string_view(*hb).substr(comma + 1), cy)) {
    error(&f, "invalid heart-beat header", "heart-beat must be two integers separated by a comma");
    return false;
  }
  return true;
}

void Session::send_connected(Version v, const std::vector<Version>& offered, bool negotiated, unsigned cx,
                             unsigned cy) {
  std::optional<std::string> version_header = std::string(to_string(v));
  if (!negotiated || f_.connected_without_version) version_header.reset();
  if (f_.pick_unoffered_version) {
    version_header = "1.3";  // when every version was offered, nothing real is left to lie with
    for (Version candidate : {Version::v1_2, Version::v1_1, Version::v1_0}) {
      if (std::find(offered.begin(), offered.end(), candidate) == offered.end()) {
        version_header = std::string(to_string(candidate));
        v = candidate;
        break;
      }
    }
  }

  version_ = v;
  parser_.set_version(v);
  phase_ = Phase::connected;
  session_id_ = core_.next_session_id();

  const auto& o = core_.options();
  const bool beats = v != Version::v1_0 && !f_.ignore_heartbeats;
  const unsigned scale = v_.larger_heartbeats ? 5 : 1;
  const unsigned sx = beats ? o.heartbeat_send_ms * scale : 0;
  const unsigned sy = beats ? o.heartbeat_want_ms * scale : 0;

  Frame out{"CONNECTED", {}, {}};
  if (version_header) out.add("version", *version_header);
  if (v != Version::v1_0)
    out.add("heart-beat", std::to_string(sx) + (f_.malformed_heartbeat_header ? ";" : ",") + std::to_string(sy));
  // 1.0 recommends session (1.0/connecting/2); from 1.1 on it is a MAY.
  const bool minimal = v_.minimal_connected && v != Version::v1_0;
  if (!minimal && !f_.no_session_header) out.add("session", f_.same_session_id ? "session-1" : session_id_);
  if (!v_.minimal_connected) out.add("server", f_.bad_server_header ? "/0.1" : o.server_header);  // MAY everywhere
  if (f_.escape_connect_headers) {
    for (auto& h : out.headers) h.value = escape_header(h.value, Version::v1_2);
  }
  send_frame(out);

  using std::chrono::milliseconds;
  if (f_.heartbeat_directions_swapped) std::swap(cx, cy);
  const unsigned send = (sx == 0 || cy == 0 || f_.advertise_but_never_beat) ? 0 : std::max(sx, cy);
  const unsigned expect = (cx == 0 || sy == 0) ? 0 : std::max(cx, sy);
  if (send != 0 || expect != 0) io_.start_heartbeats(milliseconds(send), milliseconds(expect));
}

}  // namespace stompspec::testing
