#include "engine/expect_group.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "engine/expect.hpp"
#include "scenario/matchers.hpp"

namespace stompspec {
namespace {

// Frames paired with the matchers they fit, each matcher used once (Kuhn's
// augmenting paths). Greedy pairing is not enough: with matchers "any MESSAGE"
// and "MESSAGE x", a first frame x must be able to move to the second one
// when a later frame y fits only the first.
class Pairing {
 public:
  explicit Pairing(std::size_t matchers) : owner_(matchers, -1) {}

  // Adds a frame fitting these matchers. False, leaving the pairing as it
  // was, when no pairing covers every frame so far.
  bool add(std::vector<bool> fits) {
    fits_.push_back(std::move(fits));
    std::vector<bool> seen(owner_.size(), false);
    if (augment(static_cast<int>(fits_.size()) - 1, seen)) return true;
    fits_.pop_back();
    return false;
  }
  int owner(std::size_t matcher) const { return owner_[matcher]; }

 private:
  bool augment(int frame, std::vector<bool>& seen) {
    for (std::size_t m = 0; m < owner_.size(); ++m) {
      if (!fits_[static_cast<std::size_t>(frame)][m] || seen[m]) continue;
      seen[m] = true;
      if (owner_[m] < 0 || augment(owner_[m], seen)) {
        owner_[m] = frame;
        return true;
      }
    }
    return false;
  }
  std::vector<std::vector<bool>> fits_;
  std::vector<int> owner_;  // matcher -> frame, -1 while unmet
};

// Whether `f` fits `m`, captures discarded; a frame the strict parser objects to fits only when allowed.
MatchResult fits(const FrameMatcher& m, const ParseEvent& ev, Variables& vars) {
  if (auto bad = disqualifying_violation(m, ev)) return {false, std::move(*bad), {}};
  std::map<std::string, std::string> scratch;
  return try_match_frame(m, ev.frame, vars, scratch);
}

std::string numbered(const std::vector<FrameMatcher>& ms, const std::vector<std::size_t>& which) {
  std::vector<std::string> parts;
  for (std::size_t i : which) parts.push_back(fmt::format("[{}] {}", i + 1, ms[i].describe()));
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

GroupResult expect_unordered(Session& s, const std::vector<FrameMatcher>& ms, Variables& vars, Millis timeout) {
  GroupResult r;
  std::vector<std::size_t> all(ms.size());
  for (std::size_t i = 0; i < ms.size(); ++i) all[i] = i;
  r.expected = fmt::format("in any order: {}", numbered(ms, all));
  std::vector<std::string> seen;
  std::vector<ParseEvent> got;
  Pairing pairing(ms.size());
  auto unmet = [&] {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < ms.size(); ++i)
      if (pairing.owner(i) < 0) open.push_back(i);
    return open;
  };
  auto fail = [&](std::string why) {
    r.why = std::move(why);
    r.actual = seen.empty() ? "nothing" : fmt::format("{}", fmt::join(seen, ", then "));
    return r;
  };

  auto deadline = Clock::now() + timeout;
  while (got.size() < ms.size()) {
    Observation ob = s.next(deadline);
    if (ob.kind == Observation::Kind::heartbeat) {
      // A broker that beats without pause must not stretch the deadline.
      if (Clock::now() < deadline) continue;
      ob = Observation{Observation::Kind::timeout, {}, {}};
    }
    if (ob.kind == Observation::Kind::timeout) {
      seen.push_back("nothing more within the deadline");
      return fail(fmt::format("waited {} ms; {} of {} frames came, still unmet: {}", timeout.count(), got.size(),
                              ms.size(), numbered(ms, unmet())));
    }
    seen.push_back(ob.describe());
    if (ob.kind != Observation::Kind::frame)
      return fail(fmt::format("expected {} more frame(s), got {}; still unmet: {}", ms.size() - got.size(),
                              ob.describe(), numbered(ms, unmet())));
    std::vector<bool> fit(ms.size(), false);
    std::vector<std::string> misses;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      MatchResult m = fits(ms[i], ob.event, vars);
      if (!m.error.empty()) {
        r.error = m.error;
        return fail({});
      }
      fit[i] = m.matched;
      if (!m.matched && pairing.owner(i) < 0) misses.push_back(fmt::format("[{}] {}", i + 1, m.mismatch));
    }
    bool fits_any = std::find(fit.begin(), fit.end(), true) != fit.end();
    if (!pairing.add(fit)) {
      if (!fits_any)
        return fail(fmt::format("{} is none of the frames still expected: {}", ob.describe(), fmt::join(misses, "; ")));
      std::vector<std::size_t> taken;
      for (std::size_t i = 0; i < ms.size(); ++i)
        if (fit[i]) taken.push_back(i);
      return fail(fmt::format("{} fits only {}, already met by an earlier frame; still unmet: {}", ob.describe(),
                              numbered(ms, taken), numbered(ms, unmet())));
    }
    got.push_back(std::move(ob.event));
    deadline = Clock::now() + timeout;
  }
  // Only now, with the pairing final, do the captures count.
  for (std::size_t i = 0; i < ms.size(); ++i) {
    MatchResult m = match_frame(ms[i], got[static_cast<std::size_t>(pairing.owner(i))].frame, vars);
    if (!m.error.empty()) {
      r.error = m.error;
      return fail({});
    }
  }
  r.ok = true;
  r.actual = fmt::format("{}", fmt::join(seen, ", then "));
  return r;
}

GroupResult expect_one_client(const std::vector<Session*>& ss, const FrameMatcher& m, Variables& vars,
                              Millis timeout, Millis silence) {
  // Sessions are polled in turn, each for a short slice: the engine is
  // synchronous, and a frame waits at most one round in its socket.
  constexpr Millis kSlice{20};
  GroupResult r;
  std::vector<std::string> names;
  for (const Session* s : ss) names.push_back(s->name());
  r.expected = fmt::format("{} on exactly one of {}, then nothing on the others for {} ms", m.describe(),
                           fmt::join(names, ", "), silence.count());
  std::vector<std::string> seen;
  auto fail = [&](std::string why) {
    r.why = std::move(why);
    r.actual = seen.empty() ? "nothing" : fmt::format("{}", fmt::join(seen, ", then "));
    return r;
  };

  std::size_t winner = ss.size();  // none yet
  ParseEvent won;
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    for (std::size_t i = 0; i < ss.size(); ++i) {
      auto until = std::min(Clock::now() + kSlice, deadline);
      if (i == winner) {
        ss[i]->pump(until);  // keeps it beating; what it gets now belongs to later steps
        continue;
      }
      Observation ob = ss[i]->next(until);
      if (ob.kind == Observation::Kind::heartbeat || ob.kind == Observation::Kind::timeout) continue;
      seen.push_back(fmt::format("{}: {}", names[i], ob.describe()));
      if (ob.kind != Observation::Kind::frame)
        return fail(fmt::format("{} expected {} or nothing, got {}", names[i], m.describe(), ob.describe()));
      MatchResult mr = fits(m, ob.event, vars);
      if (!mr.error.empty()) {
        r.error = mr.error;
        return fail({});
      }
      if (!mr.matched) return fail(fmt::format("{} got an unexpected frame: {}", names[i], mr.mismatch));
      if (winner != ss.size())
        return fail(fmt::format("delivered to both {} and {}", names[winner], names[i]));
      winner = i;
      won = std::move(ob.event);
      deadline = Clock::now() + silence;
    }
  }
  if (winner == ss.size()) {
    seen.push_back("nothing within the deadline");
    return fail(fmt::format("waited {} ms: none of {} received it", timeout.count(), fmt::join(names, ", ")));
  }
  MatchResult mr = match_frame(m, won.frame, vars);  // the captures of the one delivery
  if (!mr.error.empty()) {
    r.error = mr.error;
    return fail({});
  }
  r.ok = true;
  r.winner = names[winner];
  r.actual = fmt::format("{}", fmt::join(seen, ", then "));
  return r;
}

}  // namespace stompspec
