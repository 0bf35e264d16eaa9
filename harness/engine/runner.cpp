#include "engine/runner.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <set>
#include <random>

#include <fmt/format.h>

#include "engine/engine.hpp"
#include "engine/ordered_pool.hpp"
#include "engine/profile_keys.hpp"
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

// Why an instance must not run (skip), or cannot (error); "" when it runs.
std::string why_not_run(const Case& c, const std::string& v, const Target& target, const RunOptions& o,
                        const std::vector<std::string>& versions, Status* status) {
  const Profile& p = o.profile;
  const std::string instance = c.versions.size() > 1 ? c.id + "@" + v : c.id;
  if (const Deviation* x = p.exclusion_for(c.id, instance, target.transport))
    return fmt::format("excluded by profile '{}': {}", p.name, x->reason);
  if (!contains(versions, v)) return fmt::format("profile '{}' does not offer STOMP {}", p.name, v);
  if (!c.transports.empty() &&
      std::none_of(c.transports.begin(), c.transports.end(), [&](const auto& t) { return transport_covers(t, target.transport); }))
    return fmt::format("the case applies to {} only", fmt::join(c.transports, ", "));
  std::string why;
  for (const auto& f : c.features) {
    if (!known_case_feature(f, &why)) {
      *status = Status::error;  // a scenario/harness mismatch, not the broker's verdict
      return why;
    }
    if (!p.offers(f, &why)) return why;
  }
  // Without a known credential a case about credentials cannot be built
  // honestly (e.g. "a wrong passcode is refused" needs the right one).
  for (const char* cred : {"login", "passcode"}) {
    const auto& have = std::string(cred) == "login" ? p.login : p.passcode;
    if (!have && uses_variable(c, cred))
      return fmt::format("needs credentials: the case uses ${{{}}}; give --login/--passcode (or STOMPSPEC_PASSCODE) "
                         "or a profile with them",
                         cred);
  }
  return "";
}

CaseContext context(const RunOptions& o, const Target& target, const std::string& v, std::string unique) {
  CaseContext ctx;
  ctx.profile = &o.profile;
  ctx.url = target.url;
  ctx.transport = target.transport;
  ctx.version = *parse_version(v);
  ctx.strict = o.strict;
  ctx.expect_timeout = Millis(o.timeout_ms > 0 ? o.timeout_ms : o.profile.expect_ms);
  ctx.connect_timeout = Millis(o.connect_timeout_ms);
  ctx.transport_options.tls = o.profile.tls;
  ctx.unique = std::move(unique);
  return ctx;
}

void apply_deviation(const Profile& p, const std::string& id, const std::string& transport, CaseResult& r) {
  const Deviation* d = p.deviation_for(id, r.instance, transport);
  if (!d) return;
  if (r.status == Status::fail || r.status == Status::warn || r.status == Status::info) {
    r.status = Status::xfail;
    r.reason = d->reason;
  } else if (r.status == Status::pass) {
    r.status = Status::xpass;
    r.reason = d->reason;
    r.message = "listed as a known deviation, but it passed: remove it from the profile";
  }
}

// Whatever the case itself concluded, a broker that stops accepting
// connections while it ran has failed it; no deviation excuses that.
void mark_broker_death(CaseResult& r, const std::string& detail) {
  std::string own = fmt::format("the case itself ended as {}{}", to_string(r.status),
                                r.message.empty() ? "" : ": " + r.message);
  r.status = Status::fail;
  r.reason.clear();
  r.message = "the broker stopped accepting connections during this case";
  r.expected = "the broker keeps accepting connections";
  r.actual = detail + " (" + own + ")";
}

// Runs the restart hook, then waits for the target to accept connections.
// On failure *detail says why.
bool restarted(const RunOptions& o, Target& target, std::string& detail) {
  if (!o.restart) return false;
  if (!o.restart(target)) {
    detail += "; the restart command failed";
    return false;
  }
  std::string why;
  if (accepts_connections(target.url, o.profile.tls, Millis(o.restart_wait_ms), &why)) return true;
  detail += fmt::format("; after the restart it did not accept connections within {} ms ({})", o.restart_wait_ms, why);
  return false;
}

}  // namespace

std::string RunStop::describe() const {
  if (!broker_died) return "";
  return fmt::format("THE BROKER DIED: {} stopped accepting connections during {} ({}); the run stopped there and "
                     "{} instance(s) were not run. {}",
                     url, culprit, transport, not_run, detail);
}

bool uses_variable(const Case& c, const std::string& name) {
  const std::string needle = "${" + name + "}";
  auto in = [&](const std::string& s) { return s.find(needle) != std::string::npos; };
  auto in_body = [&](const BodySpec& b) { return in(b.text) || (b.repeat && in(*b.repeat)); };
  for (const Step& st : c.steps) {
    for (const auto& [k, v] : st.frame.headers)
      if (in(k) || (v && in(*v))) return true;
    if (in_body(st.frame.body)) return true;
    for (const auto& chunk : st.chunks)
      if (in_body(chunk)) return true;
  }
  return false;
}

std::vector<Target> resolve_targets(const RunOptions& o, std::string* error) {
  std::vector<Target> out;
  auto add = [&](const std::string& text) {
    std::string why;
    auto url = Url::parse(text, &why);
    if (!url) {
      *error = fmt::format("bad target '{}': {}", text, why);
      return false;
    }
    out.push_back({url->transport_name(), *url});
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

namespace {

// One case instance to run (or to report as not run), in report order.
struct Planned {
  const Case* c = nullptr;
  std::string version;
  std::size_t target = 0;
  std::string unique;
  std::string why;  // static reason not to run; "" runs
  Status not_run = Status::skip;
  CaseResult result;
};

// Timing is this case's subject: load from other cases would blur it.
bool must_run_alone(const Case& c) {
  return c.alone || std::any_of(c.steps.begin(), c.steps.end(),
                                [](const Step& s) { return s.kind == Step::Kind::heartbeats; });
}

}  // namespace

RunReport run_suite(const std::vector<Case>& cases, const std::vector<Target>& targets, const RunOptions& o,
                    RunStop* stop_out) {
  RunStop own_stop;
  RunStop* stop = stop_out ? stop_out : &own_stop;
  *stop = {};
  RunReport report;
  report.strict = o.strict;
  report.profile = o.profile.name;
  report.started_at = now_iso8601();
  for (const auto& t : targets) report.target += (report.target.empty() ? "" : " ") + t.url.str();
  auto start = std::chrono::steady_clock::now();
  std::string token = run_token();
  int seq = 0;
  std::vector<std::string> versions = o.versions.empty() ? o.profile.versions() : o.versions;

  std::vector<Planned> plan;
  for (std::size_t t = 0; t < targets.size(); ++t)
    for (const auto& c : cases) {
      if (!selected(c, o)) continue;
      for (const auto& v : c.versions) {
        if (!o.selectors.empty() && std::none_of(o.selectors.begin(), o.selectors.end(), [&](const std::string& s) {
              return matches_selector(c.id, v, s);
            }))
          continue;
        if (!contains(versions, v) && !o.versions.empty()) continue;  // the user narrowed the run: not a skip
        Planned p{&c, v, t, fmt::format("{}-{}", token, ++seq), {}, Status::skip, {}};
        p.why = why_not_run(c, v, targets[t], o, versions, &p.not_run);
        CaseResult& r = p.result;
        r.id = c.id;
        r.instance = c.versions.size() > 1 ? c.id + "@" + v : c.id;
        r.title = c.title;
        r.version = v;
        r.transport = targets[t].transport;
        r.level = c.level;
        r.refs = c.refs;
        r.requirements = c.requirements;
        plan.push_back(std::move(p));
      }
    }

  // Shared by the workers: the targets (a restart may move one), whether the
  // broker died, and which instances were running when it did.
  std::mutex m;
  std::vector<Target> live = targets;
  std::vector<int> generation(targets.size(), 0);  // bumped by each restart
  std::set<std::size_t> running;
  std::map<std::size_t, std::string> suspects;  // instance -> why it cannot be cleared

  // With several instances running when the broker died, none can be named:
  // each is an error (not the broker's verdict against it) that says how to
  // find the one. Called with m held, as each instance ends.
  auto settle = [&](std::size_t i) {
    running.erase(i);
    auto it = suspects.find(i);
    if (it == suspects.end()) return;
    CaseResult& r = plan[i].result;
    std::string own = fmt::format("the case itself ended as {}", to_string(r.status));
    r.status = Status::error;
    r.reason.clear();
    r.message = it->second;
    r.expected = "the broker keeps accepting connections";
    r.actual = own;
  };

  auto work = [&](std::size_t i) {
    Planned& p = plan[i];
    CaseResult& r = p.result;
    Target target;
    int gen = 0;
    {
      std::lock_guard lock(m);
      if (stop->broker_died) {
        r.status = Status::skip;
        r.reason = fmt::format("not run: the broker died during {} ({})", stop->culprit, stop->transport);
        ++stop->not_run;
        return;
      }
      if (o.interrupted && o.interrupted()) {
        r.status = Status::skip;
        r.reason = "not run: the run was interrupted";
        return;
      }
      target = live[p.target];
      gen = generation[p.target];
      if (p.why.empty()) running.insert(i);
    }
    if (!p.why.empty()) {
      r.status = p.not_run;
      r.reason = p.why;
      if (p.not_run == Status::error) r.message = p.why;
      return;
    }
    std::string instance = r.instance;
    r = run_case(*p.c, context(o, target, p.version, p.unique));
    r.instance = instance;
    apply_deviation(o.profile, p.c->id, target.transport, r);
    std::string dead;
    const bool alive =
        !o.check_liveness || accepts_connections(target.url, o.profile.tls, Millis(o.liveness_budget_ms), &dead);
    std::lock_guard lock(m);
    // Alive, or another instance saw the same death and it is dealt with
    // (restarted, or the run stops): this one is settled as it stands.
    if (alive || generation[p.target] != gen || stop->broker_died) return settle(i);
    std::vector<std::string> with;
    for (std::size_t k : running) with.push_back(plan[k].result.instance + " (" + plan[k].result.transport + ")");
    const bool back = restarted(o, live[p.target], dead);  // on failure, dead says why too
    if (back) ++generation[p.target];
    if (running.size() == 1) {
      mark_broker_death(r, dead);
      if (back) {
        r.actual += "; the broker was restarted and the run went on";
        stop->restarted_after.push_back(r.instance + " (" + target.transport + ")");
      }
    } else {
      const std::string why = fmt::format(
          "the broker stopped accepting connections while {} instances ran at once ({}): one of them killed it; run "
          "them with --jobs 1 to learn which ({})",
          running.size(), fmt::join(with, ", "), dead);
      for (std::size_t k : running) suspects[k] = why;
      if (back) stop->restarted_after.push_back(fmt::format("one of {}", fmt::join(with, ", ")));
    }
    if (!back) {
      std::string culprit = running.size() == 1 ? r.instance : fmt::format("one of {}", fmt::join(with, ", "));
      *stop = {true, culprit, target.transport, target.url.str(), dead, 0, stop->restarted_after};
    }
    settle(i);
  };
  auto emit = [&](std::size_t i) {
    if (o.on_case) o.on_case(plan[i].result);
  };
  auto alone = [&](std::size_t i) { return plan[i].why.empty() && must_run_alone(*plan[i].c); };
  run_ordered({plan.size(), alone, work, emit}, o.jobs);

  report.cases.reserve(plan.size());
  for (auto& p : plan) report.cases.push_back(std::move(p.result));
  report.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace stompspec
