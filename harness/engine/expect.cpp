#include "engine/expect.hpp"

#include <fmt/format.h>

#include "scenario/matchers.hpp"

namespace stompspec {
namespace {

struct Track {
  const Outcome* outcome;
  std::size_t pos = 0;
  Clock::time_point deadline;
  bool dead = false;
  std::string why;
};

Millis timeout_of(const Expectation& e, Millis def, Millis silence) {
  if (e.timeout_ms >= 0) return Millis(e.timeout_ms);
  return e.kind == Expectation::Kind::silence ? silence : def;
}

std::string describe_outcome(const Outcome& o) {
  std::vector<std::string> parts;
  for (const auto& e : o.events) parts.push_back(e.describe());
  return fmt::format("{}", fmt::join(parts, ", then "));
}

}  // namespace

std::optional<std::string> disqualifying_violation(const FrameMatcher& m, const ParseEvent& ev) {
  if (ev.violations.empty() || m.allow_violations) return std::nullopt;
  const auto& v = ev.violations.front();
  return fmt::format("{} breaks {}: {} (octet {})", ev.frame.command, v.rule, v.what, v.offset);
}

ExpectResult expect_outcomes(Session& s, const std::vector<Outcome>& outcomes, Variables& vars,
                             Millis def, Millis silence) {
  ExpectResult r;
  std::vector<std::string> expected, seen;
  std::vector<Track> tracks;
  auto start = Clock::now();
  for (const auto& o : outcomes) {
    expected.push_back(outcomes.size() > 1 ? fmt::format("[{}] {}", o.name, describe_outcome(o)) : describe_outcome(o));
    tracks.push_back({&o, 0, start + timeout_of(o.events.front(), def, silence), false, {}});
  }
  r.expected = fmt::format("{}", fmt::join(expected, "  OR  "));
  auto advance = [&](Track& t, Clock::time_point now) {
    if (++t.pos < t.outcome->events.size()) t.deadline = now + timeout_of(t.outcome->events[t.pos], def, silence);
  };
  auto finish = [&](const char* last) {
    if (last) seen.push_back(last);
    r.actual = seen.empty() ? "nothing" : fmt::format("{}", fmt::join(seen, ", then "));
    return r;
  };

  for (;;) {
    for (auto& t : tracks)
      if (!t.dead && t.pos == t.outcome->events.size()) {
        r.matched = t.outcome;
        return finish(nullptr);
      }
    Clock::time_point next_deadline = Clock::time_point::max();
    for (const auto& t : tracks)
      if (!t.dead) next_deadline = std::min(next_deadline, t.deadline);
    if (next_deadline == Clock::time_point::max()) {
      // Every outcome is ruled out; report the one that got furthest.
      const Track* best = &tracks.front();
      for (const auto& t : tracks) if (t.pos > best->pos) best = &t;
      r.why = best->why;
      return finish(nullptr);
    }
    Observation ob = s.next(next_deadline);
    auto now = Clock::now();
    if (ob.kind == Observation::Kind::heartbeat) {
      // A broker that beats without pause must not stretch a deadline.
      if (now < next_deadline) continue;
      ob = Observation{Observation::Kind::timeout, {}, {}};
    }
    if (ob.kind == Observation::Kind::timeout) {
      for (auto& t : tracks) {
        if (t.dead || now < t.deadline) continue;
        const Expectation& e = t.outcome->events[t.pos];
        if (e.kind == Expectation::Kind::silence) advance(t, now);
        else {
          t.dead = true;
          t.why = fmt::format("waited {} ms for {}", timeout_of(e, def, silence).count(), e.describe());
        }
      }
      bool any_alive = std::any_of(tracks.begin(), tracks.end(), [](const Track& t) { return !t.dead; });
      if (!any_alive) seen.push_back(fmt::format("nothing within the deadline"));
      continue;
    }
    seen.push_back(ob.describe());
    for (auto& t : tracks) {
      if (t.dead) continue;
      const Expectation& e = t.outcome->events[t.pos];
      if (e.kind == Expectation::Kind::closed) {
        if (ob.kind == Observation::Kind::closed) advance(t, now);
        else { t.dead = true; t.why = fmt::format("expected the connection to close, got {}", ob.describe()); }
      } else if (e.kind == Expectation::Kind::silence) {
        t.dead = true;
        t.why = fmt::format("expected silence, got {}", ob.describe());
      } else if (ob.kind != Observation::Kind::frame) {
        t.dead = true;
        t.why = fmt::format("expected {}, got {}", e.describe(), ob.describe());
      } else if (auto bad = disqualifying_violation(e.frame, ob.event)) {
        t.dead = true;
        t.why = std::move(*bad);
      } else {
        MatchResult m = match_frame(e.frame, ob.event.frame, vars);
        if (!m.error.empty()) {
          r.error = m.error;
          return finish(nullptr);
        }
        if (m.matched) advance(t, now);
        else { t.dead = true; t.why = m.mismatch; }
      }
    }
  }
}

}  // namespace stompspec
