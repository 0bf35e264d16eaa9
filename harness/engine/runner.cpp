#include "engine/runner.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>

#include <fmt/format.h>

#include "engine/engine.hpp"
#include "transport/transport.hpp"

namespace stompspec {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// Short and random, so two runs against one broker never share a destination.
std::string run_token() {
  std::random_device rd;
  return fmt::format("ss{:06x}", rd() & 0xffffff);
}

}  // namespace

std::vector<Target> resolve_targets(const RunOptions& o, std::string* error) {
  std::vector<Target> out;
  auto add = [&](const std::string& text) {
    std::string why;
    auto url = Url::parse(text, &why);
    if (!url) {
      *error = fmt::format("bad target '{}': {}", text, why);
      return false;
    }
    out.push_back({url->scheme, *url});
    return true;
  };
  if (!o.targets.empty()) {
    for (const auto& t : o.targets)
      if (!add(t)) return {};
  } else {
    for (const auto& [transport, url] : o.profile.urls)
      if (!add(url)) return {};
  }
  if (out.empty()) *error = "no target: give --target URL (tcp://host:port or ws://host:port/path) or a profile with urls";
  return out;
}

std::string preflight(const std::vector<Target>& targets, int timeout_ms) {
  std::string problems;
  for (const auto& t : targets) {
    auto tr = make_transport(t.url);
    if (auto ec = tr->connect(Millis(timeout_ms)); ec) {
      std::string extra = tr->close_reason().empty() ? "" : " (" + tr->close_reason() + ")";
      problems += fmt::format("cannot reach the broker at {}: {}{}\n", t.url.str(), ec.message(), extra);
    } else {
      tr->close(Millis(1000));
    }
  }
  return problems;
}

// A selector names a suite, a section, a case or an instance (id@version),
// matched on whole path components: stomp12/send/1 is not stomp12/send/10.
bool matches_selector(const std::string& id, const std::string& version, const std::string& sel) {
  auto at = sel.find('@');
  std::string path = sel.substr(0, at);
  if (at != std::string::npos && sel.substr(at + 1) != version && !version.empty()) return false;
  if (at != std::string::npos) return id == path;
  if (!path.empty() && path.back() == '/') path.pop_back();
  return id == path || (id.starts_with(path) && id.size() > path.size() && id[path.size()] == '/');
}

bool selected(const Case& c, const RunOptions& o) {
  if (!o.selectors.empty() && std::none_of(o.selectors.begin(), o.selectors.end(), [&](const std::string& s) {
        return matches_selector(c.id, "", s);
      }))
    return false;
  if (!o.keywords.empty() &&
      std::none_of(o.keywords.begin(), o.keywords.end(), [&](const std::string& k) { return contains(c.keywords, k); }))
    return false;
  return true;
}

RunReport run_suite(const std::vector<Case>& cases, const std::vector<Target>& targets, const RunOptions& o) {
  RunReport report;
  report.strict = o.strict;
  report.profile = o.profile.name;
  report.started_at = now_iso8601();
  for (const auto& t : targets) report.target += (report.target.empty() ? "" : " ") + t.url.str();
  auto start = std::chrono::steady_clock::now();
  std::string token = run_token();
  int seq = 0;
  std::vector<std::string> versions = o.versions.empty() ? o.profile.versions() : o.versions;

  for (const auto& target : targets) {
    for (const auto& c : cases) {
      if (!selected(c, o)) continue;
      for (const auto& v : c.versions) {
        if (!o.selectors.empty() && std::none_of(o.selectors.begin(), o.selectors.end(), [&](const std::string& s) {
              return matches_selector(c.id, v, s);
            }))
          continue;
        CaseResult r;
        r.id = c.id;
        r.instance = c.versions.size() > 1 ? c.id + "@" + v : c.id;
        r.title = c.title;
        r.version = v;
        r.transport = target.transport;
        r.level = c.level;
        r.refs = c.refs;
        r.requirements = c.requirements;
        std::string why;
        if (!contains(versions, v)) {
          if (!o.versions.empty()) continue;  // the user narrowed the run: not a skip
          why = fmt::format("profile '{}' does not offer STOMP {}", o.profile.name, v);
        } else if (!c.transports.empty() && !contains(c.transports, target.transport)) {
          why = fmt::format("the case applies to {} only", fmt::join(c.transports, ", "));
        } else {
          for (const auto& f : c.features)
            if (!o.profile.offers(f, &why)) break;
        }
        if (!why.empty()) {
          r.status = Status::skip;
          r.reason = why;
        } else {
          CaseContext ctx;
          ctx.profile = &o.profile;
          ctx.url = target.url;
          ctx.transport = target.transport;
          ctx.version = *parse_version(v);
          ctx.strict = o.strict;
          ctx.expect_timeout = Millis(o.timeout_ms > 0 ? o.timeout_ms : o.profile.expect_ms);
          ctx.connect_timeout = Millis(o.connect_timeout_ms);
          ctx.unique = fmt::format("{}-{}", token, ++seq);
          std::string instance = r.instance;
          r = run_case(c, ctx);
          r.instance = instance;
          if (const Deviation* d = o.profile.deviation_for(c.id, r.instance, target.transport)) {
            if (r.status == Status::fail || r.status == Status::warn || r.status == Status::info) {
              r.status = Status::xfail;
              r.reason = d->reason;
            } else if (r.status == Status::pass) {
              r.status = Status::xpass;
              r.reason = d->reason;
              r.message = "listed as a known deviation, but it passed: remove it from the profile";
            }
          }
        }
        if (o.on_case) o.on_case(r);
        report.cases.push_back(std::move(r));
      }
    }
  }
  report.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace stompspec
