#include "runner/preflight.hpp"

#include <algorithm>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "codec/parser.hpp"
#include "codec/serializer.hpp"
#include "engine/frames.hpp"

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

// What the broker answered the baseline CONNECT with: "" for CONNECTED.
std::string baseline_connect(Transport& tr, const Target& t, int timeout_ms, const Profile& profile, Version v) {
  Variables vars;
  std::string err;
  auto frame = build_connect(FrameSpec{}, profile, t.url.host, v, vars, &err);
  if (!frame) return fmt::format("cannot build the baseline CONNECT: {}", err);
  const auto deadline = Clock::now() + Millis(timeout_ms);
  const std::string what = fmt::format("the broker at {} refused the baseline CONNECT (STOMP {}, {})", t.url.str(),
                                       to_string(v), who(profile, t.url, v));
  if (auto ec = tr.write(serialize(*frame, v), Millis(timeout_ms)); ec)
    return fmt::format("{}: the write failed ({}); {}", what, ec.message(), kCredentialHint);
  Parser parser(v, Peer::server, profile.read_limits());
  std::string buf;
  std::error_code ended;  // set once the connection is gone
  for (;;) {
    while (auto e = parser.next()) {
      if (e->kind == ParseEvent::Kind::heartbeat) continue;
      // Octets the strict parser objects to still answer the CONNECT: the
      // cases judge them, the preflight only asks whether a session opens.
      if (e->kind == ParseEvent::Kind::malformed || e->frame.command == "CONNECTED") return "";
      if (e->frame.command == "ERROR")
        return fmt::format("{} with ERROR {}. If the broker needs other credentials or another host, {}", what, quote_error(e->frame, profile.passcode), kCredentialHint);
      return fmt::format("{}: it answered {} where CONNECTED or ERROR was expected", what, e->frame.command);
    }
    if (ended) {
      std::string extra = tr.close_reason().empty() ? "" : " (" + tr.close_reason() + ")";
      return fmt::format("{}: it closed the connection without CONNECTED ({}{}). If the broker needs other credentials or another host, {}",
                         what, ended.message(), extra, kCredentialHint);
    }
    const auto now = Clock::now();
    if (now >= deadline)
      return fmt::format("the broker at {} did not answer the baseline CONNECT (STOMP {}) within {} ms: is it a STOMP "
                         "endpoint?",
                         t.url.str(), to_string(v), timeout_ms);
    buf.clear();
    auto ec = tr.read(buf, std::chrono::duration_cast<Millis>(deadline - now) + Millis(1));
    parser.feed(buf);
    if (ec && ec != make_error_code(TransportErrc::timed_out)) ended = ec;
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
    TransportOptions opt;
    opt.tls = profile.tls;
    opt.max_read_message = profile.read_max_ws_message();  // the run's own read limits (docs/reliability.md)
    auto tr = make_transport(t.url, opt);
    if (auto ec = tr->connect(Millis(timeout_ms)); ec) {
      std::string extra = tr->close_reason().empty() ? "" : " (" + tr->close_reason() + ")";
      problems += fmt::format("cannot reach the broker at {}: {}{}\n", t.url.str(), ec.message(), extra);
      continue;
    }
    if (std::string p = baseline_connect(*tr, t, timeout_ms, profile, version); !p.empty()) problems += p + "\n";
    tr->close(Millis(1000));
  }
  return problems;
}

bool accepts_connections(const Url& url, const TlsOptions& tls, Millis budget, std::string* why) {
  TransportOptions opt;
  opt.tls = tls;
  const auto end = Clock::now() + budget;
  const Millis per_try = std::max(Millis(200), budget / 3);
  for (int attempt = 1;; ++attempt) {
    auto tr = make_transport(url, opt);
    auto ec = tr->connect(per_try);
    if (!ec) {
      tr->close(Millis(200));
      return true;
    }
    if (why) *why = fmt::format("{} attempt(s) to connect to {} failed, the last with: {}", attempt, url.str(), ec.message());
    if (Clock::now() + Millis(250) >= end) return false;
    std::this_thread::sleep_for(Millis(250));
  }
}

}  // namespace stompspec
