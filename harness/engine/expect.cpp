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
  bool near = false;  // died on a frame of the command it wanted (a header or body was off)
  std::string why;
};

Millis timeout_of(const Expectation& e, const ExpectTimes& t) {
  if (e.after_error) return t.after_error;
  if (e.timeout_ms >= 0) return Millis(e.timeout_ms);
  return e.kind == Expectation::Kind::silence ? t.silence : t.frame;
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

bool close_fits(const Expectation& e, const Observation& ob) {
  if (ob.kind != Observation::Kind::closed) return false;
  if (e.close_how.empty()) return true;
  return e.close_how == to_string(ob.how);
}

ExpectResult expect_outcomes(Session& s, const std::vector<Outcome>& outcomes, Variables& vars, const ExpectTimes& times) {
  ExpectResult r;
  std::vector<std::string> expected, seen;
  std::vector<Track> tracks;
  auto start = Clock::now();
  for (const auto& o : outcomes) {
    expected.push_back(outcomes.size() > 1 ? fmt::format("[{}] {}", o.name, describe_outcome(o)) : describe_outcome(o));
    tracks.push_back({&o, 0, start + timeout_of(o.events.front(), times), false, false, {}});
  }
  r.expected = fmt::format("{}", fmt::join(expected, "  OR  "));
  auto advance = [&](Track& t, Clock::time_point now) {
    if (++t.pos < t.outcome->events.size()) t.deadline = now + timeout_of(t.outcome->events[t.pos], times);
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
      // Every outcome is ruled out: name the one that got furthest, then why
      // each failed, since the first listed is rarely the one that explains.
      const Track* best = &tracks.front();
      for (const auto& t : tracks)
        if (t.pos > best->pos || (t.pos == best->pos && t.near && !best->near)) best = &t;
      if (tracks.size() == 1) {
        r.why = best->why;
      } else {
        std::vector<std::string> each;
        for (const auto& t : tracks) each.push_back(fmt::format("[{}] {}", t.outcome->name, t.why));
        r.why = fmt::format("no outcome matched; closest was [{}] ({} of {} events): {}. Each: {}", best->outcome->name,
                            best->pos, best->outcome->events.size(), best->why, fmt::join(each, "; "));
      }
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
          t.why = fmt::format("waited {} ms for {}", timeout_of(e, times).count(), e.describe());
        }
      }
      bool any_alive = std::any_of(tracks.begin(), tracks.end(), [](const Track& t) { return !t.dead; });
      // Octets that never complete a frame (a slowloris, a frame without NUL)
      // are not "nothing": say how many arrived.
      if (!any_alive)
        seen.push_back(s.unfinished_octets() == 0
                           ? std::string("nothing within the deadline")
                           : fmt::format("no complete frame within the deadline: {} octet(s) of an unfinished frame "
                                         "arrived (no NUL yet)",
                                         s.unfinished_octets()));
      continue;
    }
    seen.push_back(ob.describe());
    for (auto& t : tracks) {
      if (t.dead) continue;
      const Expectation& e = t.outcome->events[t.pos];
      if (e.kind == Expectation::Kind::closed) {
        if (close_fits(e, ob)) advance(t, now);
        else { t.dead = true; t.why = fmt::format("expected {}, got {}", e.describe(), ob.describe()); }
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
        else {
          t.dead = true;
          t.why = m.mismatch;
          t.near = !e.frame.command || *e.frame.command == ob.event.frame.command;
        }
      }
    }
  }
}

}  // namespace stompspec
