#include "runner/runner.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <random>

#include <fmt/format.h>

#include "core/clock.hpp"
#include "engine/engine.hpp"
#include "runner/deviations.hpp"
#include "runner/ordered_pool.hpp"
#include "runner/selection.hpp"
#include "transport/transport.hpp"

namespace stompspec {
namespace {

// Short and random, so two runs against one broker never share a destination.
std::string run_token() {
  std::random_device rd;
  return fmt::format("ss{:06x}", rd() & 0xffffff);
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
  ctx.limits = o.profile.read_limits();
  ctx.transcript_caps = o.profile.transcript_caps();
  ctx.transport_options.max_read_message = o.profile.read_max_ws_message();
  ctx.unique = std::move(unique);
  return ctx;
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

}  // namespace

RunReport run_suite(const std::vector<Case>& cases, const std::vector<Target>& targets, const RunOptions& o,
                    RunStop* stop_out) {
  RunStop own_stop;
  RunStop* stop = stop_out ? stop_out : &own_stop;
  *stop = {};
  RunReport report;
  report.strict = o.strict;
  report.profile = o.profile.name;
  report.started_at = clock::utc_timestamp();
  for (const auto& t : targets) report.target += (report.target.empty() ? "" : " ") + t.url.str();
  const auto start = clock::Steady::now();
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
        if (std::ranges::find(versions, v) == versions.end() && !o.versions.empty()) continue;  // the user narrowed the run: not a skip
        Planned p{&c, v, t, fmt::format("{}-{}", token, ++seq), {}, Status::skip, {}};
        p.why = why_not_run(c, v, targets[t], o, versions, &p.not_run);
        CaseResult& r = p.result;
        r.id = c.id;
        r.instance = instance_name(c, v);
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
  report.duration_ms = clock::ms_since(start);
  return report;
}

}  // namespace stompspec
