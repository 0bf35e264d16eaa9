#include "fuzzer/minimize.hpp"

#include <map>

#include "fuzzer/ddmin.hpp"

namespace stompspec::fuzzer {

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n' && s[i] != '\0') continue;
    out.emplace_back(s.substr(start, i + 1 - start));
    start = i + 1;
  }
  if (start < s.size()) out.emplace_back(s.substr(start));
  return out;
}

namespace {

// Writes as one string, lengths first, so that ["ab","c"] and ["a","bc"] differ.
std::string memo_key(const std::vector<std::string>& writes) {
  std::string k;
  for (const auto& w : writes) k += std::to_string(w.size()) + ':' + w;
  return k;
}

std::string concat(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += p;
  return s;
}

}  // namespace

std::size_t total_bytes(const std::vector<std::string>& writes) {
  std::size_t n = 0;
  for (const auto& w : writes) n += w.size();
  return n;
}

std::optional<std::size_t> shortest_prefix(const std::vector<std::string>& writes, const Replay& replay,
                                           std::size_t& replays) {
  auto shows = [&](std::size_t n) {
    ++replays;
    return replay({writes.begin(), writes.begin() + static_cast<long>(n)}).has_value();
  };
  if (writes.empty() || !shows(writes.size())) return std::nullopt;
  std::size_t lo = 0, hi = writes.size();  // prefix lo does not show it (none of nothing can), hi does
  while (hi - lo > 1) {
    const std::size_t mid = lo + (hi - lo) / 2;
    (shows(mid) ? hi : lo) = mid;
  }
  return hi;
}

Minimized minimize(const std::vector<std::string>& writes, const Replay& replay, const MinimizeBudget& budget) {
  Minimized m;
  m.writes = writes;
  m.writes_before = writes.size();
  m.bytes_before = total_bytes(writes);
  const auto deadline = std::chrono::steady_clock::now() + budget.max_time;

  auto stop = [&] {
    if (m.replays >= budget.max_replays) m.stopped = "replay budget";
    else if (std::chrono::steady_clock::now() >= deadline) m.stopped = "time budget";
    else if (budget.cancelled && budget.cancelled()) m.stopped = "cancelled";
    else return false;
    return true;
  };
  // ddmin asks about the same candidate more than once (after each
  // granularity change, and across the levels below); a live replay costs a
  // session, so every verdict is remembered. Only a reproducing replay
  // replaces `last`, so it always belongs to the writes ddmin accepted most
  // recently, which are the result.
  std::map<std::string, bool> seen;
  auto fails = [&](const std::vector<std::string>& candidate) {
    auto [it, fresh] = seen.try_emplace(memo_key(candidate), false);
    if (!fresh) return it->second;
    ++m.replays;
    std::optional<SessionResult> r = replay(candidate);
    if (!r) return false;
    m.last = std::move(r);
    return it->second = true;
  };
  // A reply that comes a little late (a loaded machine, a busy broker) can
  // make one replay miss what the session saw: the first verdict gets a
  // second replay before the finding is called not reproducible.
  auto reproduces = [&] {
    if (fails(m.writes)) return true;
    seen.erase(memo_key(m.writes));
    return !stop() && fails(m.writes);
  };
  if (!reproduces()) {
    m.reproduced = false;
    m.stopped = "not reproducible";
    m.writes_after = m.writes_before;
    m.bytes_after = m.bytes_before;
    return m;
  }
  m.reproduced = true;

  std::function<bool(const std::vector<std::string>&)> frames_fail = fails;
  m.writes = ddmin<std::string>(m.writes, frames_fail, stop);

  // Then inside each write: whole lines first (a flood of 2,000 EOLs goes in
  // a few replays), then single octets.
  for (std::size_t i = 0; i < m.writes.size() && !stop(); ++i) {
    std::function<bool(const std::vector<std::string>&)> lines_fail = [&](const std::vector<std::string>& candidate) {
      std::vector<std::string> trial = m.writes;
      trial[i].clear();
      for (const auto& l : candidate) trial[i] += l;
      return fails(trial);
    };
    m.writes[i] = concat(ddmin<std::string>(split_lines(m.writes[i]), lines_fail, stop));
  }
  // Octets last, one line at a time: chunks that straddle lines mostly break
  // the grammar somewhere else and change the finding, so per line the search
  // is smaller and still ends 1-minimal within each line.
  for (std::size_t i = 0; i < m.writes.size() && !stop(); ++i) {
    std::vector<std::string> lines = split_lines(m.writes[i]);
    for (std::size_t j = 0; j < lines.size() && !stop(); ++j) {
      std::function<bool(const std::vector<char>&)> bytes_fail = [&](const std::vector<char>& candidate) {
        std::vector<std::string> trial = m.writes;
        std::vector<std::string> trial_lines = lines;
        trial_lines[j].assign(candidate.begin(), candidate.end());
        trial[i] = concat(trial_lines);
        return fails(trial);
      };
      const auto octets = ddmin<char>({lines[j].begin(), lines[j].end()}, bytes_fail, stop);
      lines[j].assign(octets.begin(), octets.end());
      m.writes[i] = concat(lines);
    }
  }
  m.writes_after = m.writes.size();
  m.bytes_after = total_bytes(m.writes);
  return m;
}

}  // namespace stompspec::fuzzer
