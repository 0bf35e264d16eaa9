#include "runner/preflight.hpp"

#include <algorithm>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "codec/serializer.hpp"
#include "engine/frames.hpp"
#include "wire/connection.hpp"

namespace stompspec {
namespace {

constexpr const char* kCredentialHint =
    "give them with --login, --passcode (or the STOMPSPEC_PASSCODE environment variable) and --host (the CONNECT "
    "host header, a virtual host for some brokers), or a profile with login, passcode and host (--profile FILE, see "
    "docs/profiles.md)";

// What the CONNECT carried, the passcode only as "a passcode".
std::string who(const Profile& p, const Url& url, Version v) {
  std::string login = p.login ? fmt::format("login '{}'", *p.login) : "no login";
  std::string host = v == Version::v1_0 ? "" : fmt::format(", host '{}'", p.host.value_or(url.host));
  return fmt::format("{}, {}{}", login, p.passcode ? "a passcode" : "no passcode", host);
}

// The ERROR's message header and the first line of its body, which often
// says more ("message: 'Bad CONNECT', body: 'Access refused for user ...'").
// A broker could echo the passcode back: it never reaches the output.
std::string quote_error(const Frame& f, const std::optional<std::string>& passcode) {
  const std::string* m = f.find("message");
  std::string body = f.body.substr(0, std::min(f.body.find('\n'), std::size_t{200}));
  std::string out = m ? fmt::format("message: '{}'", *m) : "without a message header";
  if (!body.empty()) out += fmt::format(", body: '{}'", body);
  if (passcode && !passcode->empty())
    for (std::size_t at; (at = out.find(*passcode)) != std::string::npos;) out.replace(at, passcode->size(), "********");
  return out;
}

// The preflight's reading of the broker: the offered version's rules from
// the first octet, and only whole frames count as an answer. Its transcript
// is its own, small, and dropped: the cases log what they need.
wire::ConnectionOptions options(const TlsOptions& tls) {
  wire::ConnectionOptions o;
  o.transport.tls = tls;
  o.lenient_errors = false;
  o.cut_frame = wire::ConnectionOptions::CutFrame::dropped;
  return o;
}
// The baseline CONNECT reads with the run's own limits (docs/reliability.md).
wire::ConnectionOptions options(const Profile& profile) {
  wire::ConnectionOptions o = options(profile.tls);
  o.limits = profile.read_limits();
  o.transport.max_read_message = profile.read_max_ws_message();
  return o;
}
constexpr wire::TranscriptCaps kLogCaps{1024, 64, 64 * 1024};

// What the broker answered the baseline CONNECT with: "" for CONNECTED.
std::string baseline_connect(wire::Connection& c, const Target& t, int timeout_ms, const Profile& profile, Version v) {
  Variables vars;
  std::string err;
  auto frame = build_connect(FrameSpec{}, profile, t.url.host, v, vars, &err);
  if (!frame) return fmt::format("cannot build the baseline CONNECT: {}", err);
  const auto deadline = Clock::now() + Millis(timeout_ms);
  const std::string what = fmt::format("the broker at {} refused the baseline CONNECT (STOMP {}, {})", t.url.str(),
                                       to_string(v), who(profile, t.url, v));
  if (auto ec = c.write(serialize(*frame, v), Millis(timeout_ms)); ec)
    return fmt::format("{}: the write failed ({}); {}", what, ec.message(), kCredentialHint);
  for (;;) {
    while (auto in = c.next()) {
      const ParseEvent& e = in->event;
      if (e.kind == ParseEvent::Kind::heartbeat) continue;
      // Octets the strict parser objects to still answer the CONNECT: the
      // cases judge them, the preflight only asks whether a session opens.
      if (e.kind == ParseEvent::Kind::malformed || e.frame.command == "CONNECTED") return "";
      if (e.frame.command == "ERROR")
        return fmt::format("{} with ERROR {}. If the broker needs other credentials or another host, {}", what, quote_error(e.frame, profile.passcode), kCredentialHint);
      return fmt::format("{}: it answered {} where CONNECTED or ERROR was expected", what, e.frame.command);
    }
    if (c.closed()) {
      std::string extra = c.close_reason().empty() ? "" : " (" + c.close_reason() + ")";
      return fmt::format("{}: it closed the connection without CONNECTED ({}{}). If the broker needs other credentials or another host, {}",
                         what, c.close_error().message(), extra, kCredentialHint);
    }
    const auto now = Clock::now();
    if (now >= deadline)
      return fmt::format("the broker at {} did not answer the baseline CONNECT (STOMP {}) within {} ms: is it a STOMP "
                         "endpoint?",
                         t.url.str(), to_string(v), timeout_ms);
    c.read_once(std::chrono::duration_cast<Millis>(deadline - now) + Millis(1));
  }
}

}  // namespace

Version highest_version(const std::vector<std::string>& offered) {
  std::optional<Version> best;
  for (const auto& s : offered)
    if (auto v = parse_version(s); v && (!best || *v > *best)) best = v;
  return best.value_or(Version::v1_2);
}

std::string preflight(const std::vector<Target>& targets, int timeout_ms, const Profile& profile, Version version) {
  std::string problems;
  for (const auto& t : targets) {
    wire::Connection c("preflight", t.url, version, options(profile), kLogCaps);
    if (c.open(Millis(timeout_ms))) {
      // The error with the transport's detail (a TLS verification error, say).
      problems += fmt::format("cannot reach the broker at {}: {}\n", t.url.str(), c.close_detail());
      continue;
    }
    if (std::string p = baseline_connect(c, t, timeout_ms, profile, version); !p.empty()) problems += p + "\n";
    c.close(Millis(1000));
  }
  return problems;
}

bool accepts_connections(const Url& url, const TlsOptions& tls, Millis budget, std::string* why) {
  const auto end = Clock::now() + budget;
  const Millis per_try = std::max(Millis(200), budget / 3);
  for (int attempt = 1;; ++attempt) {
    wire::Connection c("preflight", url, Version::v1_2, options(tls), kLogCaps);
    auto ec = c.open(per_try);
    if (!ec) {
      c.close(Millis(200));
      return true;
    }
    if (why) *why = fmt::format("{} attempt(s) to connect to {} failed, the last with: {}", attempt, url.str(), ec.message());
    if (Clock::now() + Millis(250) >= end) return false;
    std::this_thread::sleep_for(Millis(250));
  }
}

}  // namespace stompspec
