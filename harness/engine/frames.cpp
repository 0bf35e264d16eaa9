#include "engine/frames.hpp"

#include <charconv>

#include "codec/serializer.hpp"
#include "scenario/matchers.hpp"

namespace stompspec {

std::optional<std::string> build_body(const BodySpec& b, Variables& vars, std::string* error) {
  if (b.hex) return hex_to_octets(*b.hex);
  if (b.repeat) {
    auto times_text = vars.expand(b.times, error);
    if (!times_text) return std::nullopt;
    std::size_t n = 0;
    auto [p, ec] = std::from_chars(times_text->data(), times_text->data() + times_text->size(), n);
    if (ec != std::errc{} || p != times_text->data() + times_text->size() || n * b.repeat->size() > (512u << 20)) {
      if (error) *error = "repeat count '" + *times_text + "' is not a count up to 512 MiB";
      return std::nullopt;
    }
    std::string out;
    out.reserve(n * b.repeat->size());
    for (std::size_t i = 0; i < n; ++i) out += *b.repeat;
    return out;
  }
  return vars.expand(b.text, error);
}

namespace {
bool apply_headers(Frame& f, const FrameSpec& spec, Variables& vars, std::string* error, bool replace) {
  for (const auto& [name, value] : spec.headers) {
    auto n = vars.expand(name, error);
    if (!n) return false;
    if (!value) {
      f.erase(*n);
      continue;
    }
    auto v = vars.expand(*value, error);
    if (!v) return false;
    if (replace) f.set(*n, *v);
    else f.add(*n, *v);
  }
  return true;
}
}  // namespace

std::optional<Frame> build_frame(const FrameSpec& spec, Variables& vars, std::string* error) {
  Frame f;
  f.command = spec.command;
  if (!apply_headers(f, spec, vars, error, false)) return std::nullopt;
  auto body = build_body(spec.body, vars, error);
  if (!body) return std::nullopt;
  f.body = std::move(*body);
  return f;
}

std::optional<Frame> build_connect(const FrameSpec& spec, const Profile& p, const std::string& url_host,
                                   Version v, Variables& vars, std::string* error) {
  Frame f;
  f.command = spec.command.empty() ? "CONNECT" : spec.command;
  // A 1.0 client offers no version; from 1.1 on the client offers exactly the
  // version under test, so the instance really runs at it.
  if (v != Version::v1_0) {
    f.add("accept-version", std::string(to_string(v)));
    f.add("host", p.host.value_or(url_host));
  } else if (p.accept_version_1_0) {
    // A broker that answers no CONNECT without accept-version still gets a
    // 1.0 session this way (1.1/1.2 Protocol Negotiation); a case about the
    // bare 1.0 form removes it again with "accept-version": null.
    f.add("accept-version", "1.0");
  }
  if (p.login) f.add("login", *p.login);
  if (p.passcode) f.add("passcode", *p.passcode);
  if (v != Version::v1_0) f.add("heart-beat", "0,0");
  if (!apply_headers(f, spec, vars, error, true)) return std::nullopt;
  return f;
}

std::string to_wire(const Frame& f, const FrameSpec& spec, Version v) {
  SerializeOptions o;
  o.eol = spec.eol == "crlf" ? Eol::crlf : Eol::lf;
  o.escape = spec.escape;
  o.trailing_eol = spec.trailing_eol;
  o.content_length = spec.content_length == "none"     ? SerializeOptions::ContentLength::never
                     : spec.content_length == "always" ? SerializeOptions::ContentLength::always
                                                       : SerializeOptions::ContentLength::auto_;
  return serialize(f, v, o);
}

}  // namespace stompspec
