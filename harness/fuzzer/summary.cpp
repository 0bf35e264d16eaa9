#include "fuzzer/summary.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "report/markup.hpp"
#include "core/utf8.hpp"

namespace stompspec::fuzzer {
namespace {

std::vector<const FindingRecord*> ordered(const std::vector<FindingRecord>& findings) {
  std::vector<const FindingRecord*> out;
  for (const auto& f : findings) out.push_back(&f);
  std::stable_sort(out.begin(), out.end(), [](const FindingRecord* a, const FindingRecord* b) {
    if (a->severity != b->severity) return a->severity > b->severity;
    return a->count > b->count;
  });
  return out;
}

struct RssSpan {
  long first = 0, last = 0, max = 0;
};

std::optional<RssSpan> rss_span(const std::vector<Sample>& rss) {
  if (rss.empty()) return std::nullopt;
  RssSpan s{rss.front().rss_kb, rss.back().rss_kb, 0};
  for (const auto& x : rss) s.max = std::max(s.max, x.rss_kb);
  return s;
}

double elapsed_s(const RunStats& s) { return static_cast<double>(s.totals.elapsed.count()) / 1000.0; }
double fuzzing_s(const RunStats& s) { return s.time.fuzzing_s; }
double share(double part, const RunStats& s) { return elapsed_s(s) > 0 ? part / elapsed_s(s) : 0; }
double per(std::uint64_t n, double seconds) { return seconds > 0 ? static_cast<double>(n) / seconds : 0; }

constexpr const char* kStyle = R"(body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.sev{font-weight:bold;padding:.1em .5em;border-radius:.3em;color:#fff}
.critical{background:#8b0000}.high{background:#d9480f}.medium{background:#e0a800;color:#222}.low{background:#6c757d}
code{font-size:12px;word-break:break-all}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold})";

}  // namespace

nlohmann::json summary_json(const RunStats& s, const std::vector<FindingRecord>& findings) {
  const Progress& p = s.totals;
  nlohmann::json j = {
      {"tool", "stompspec fuzz"},
      {"target", s.target},
      {"transport", s.transport},
      {"profile", s.profile},
      {"seed", s.seed},
      {"started_at", s.started_at},
      {"stopped", s.stopped},
      {"elapsed_s", static_cast<double>(p.elapsed.count()) / 1000.0},
      {"minimize_s", s.minimize_s},
      {"sessions", p.sessions},
      {"frames", p.frames},
      {"bytes", p.bytes},
      {"sessions_per_s", p.sessions_per_s},
      {"frames_per_s", p.frames_per_s},
      // Without the time spent minimising: the rate the fuzzing itself ran at.
      {"fuzzing_s", fuzzing_s(s)},
      {"sessions_per_fuzzing_s", per(p.sessions, fuzzing_s(s))},
      {"frames_per_fuzzing_s", per(p.frames, fuzzing_s(s))},
      {"rate_limit", s.rate},
      {"sessions_at_once", s.sessions_at_once},
      // Where the wall time went (fuzz/LIVE.md, "Time budget"); the shares are of elapsed_s.
      {"time", {{"fuzzing_s", s.time.fuzzing_s}, {"minimizing_s", s.time.minimize_s}, {"recovering_s", s.time.recover_s},
                {"idle_s", s.time.idle_s}, {"fuzzing_share", share(s.time.fuzzing_s, s)},
                {"minimizing_share", share(s.time.minimize_s, s)}, {"recovering_share", share(s.time.recover_s, s)},
                {"idle_share", share(s.time.idle_s, s)}, {"minimize_share_limit", s.minimize_share}}},
      {"cut_sessions", s.cut_sessions},
      {"not_reproduced_alone", s.not_reproduced_alone},
      {"unverified", s.unverified},
      {"disk", {{"max_bytes", s.disk.max_bytes}, {"saved_bytes", s.disk.saved_bytes},
                {"files_not_saved", s.disk.files_not_saved}, {"bytes_not_saved", s.disk.bytes_not_saved},
                {"cap_reached", s.disk.files_not_saved > 0}}},
      {"signatures", findings.size()},
      {"occurrences", p.occurrences}};
  if (s.duration_s) {
    j["duration_s"] = *s.duration_s;
    j["overrun_s"] = std::max(0.0, elapsed_s(s) - *s.duration_s);
  }
  if (s.pid > 0) {
    j["memory"] = {{"pid", s.pid}, {"samples", s.rss.size()}};
    if (auto r = rss_span(s.rss)) j["memory"].update({{"first_kb", r->first}, {"last_kb", r->last}, {"max_kb", r->max}});
  }
  nlohmann::json list = nlohmann::json::array();
  for (const FindingRecord* f : ordered(findings)) list.push_back(f->to_json());
  j["findings"] = list;
  return j;
}

std::string summary_html(const RunStats& s, const std::vector<FindingRecord>& findings) {
  using markup::html;
  const Progress& p = s.totals;
  std::string out = fmt::format("<!doctype html><html><head><meta charset=\"utf-8\"><title>stompspec fuzz: {}</title>"
                                "<style>{}</style></head><body><h1>stompspec fuzz</h1><dl>",
                                html(s.target), kStyle);
  auto row = [&](std::string_view k, const std::string& v) { out += fmt::format("<dt>{}</dt><dd>{}</dd>", k, html(v)); };
  row("target", s.target + " (" + s.transport + ", profile " + s.profile + ")");
  row("seed", std::to_string(s.seed));
  row("started", s.started_at);
  row("elapsed", fmt::format("{:.1f} s (fuzzing {:.1f} s, minimising {:.1f} s, recovering {:.1f} s, idle {:.1f} s), "
                             "{} sessions at once, stopped: {}",
                             elapsed_s(s), s.time.fuzzing_s, s.time.minimize_s, s.time.recover_s, s.time.idle_s,
                             s.sessions_at_once, s.stopped));
  if (s.disk.files_not_saved > 0)
    row("disk cap", fmt::format("reached: {} example files ({} octets) not saved; {} octets saved, cap {}",
                                s.disk.files_not_saved, s.disk.bytes_not_saved, s.disk.saved_bytes, s.disk.max_bytes));
  row("sessions", fmt::format("{} ({:.1f}/s; {:.1f}/s while fuzzing)", p.sessions, p.sessions_per_s,
                              per(p.sessions, fuzzing_s(s))));
  row("frames", fmt::format("{} ({:.1f}/s; {:.1f}/s while fuzzing), {} octets", p.frames, p.frames_per_s,
                            per(p.frames, fuzzing_s(s)), p.bytes));
  if (s.rate > 0) row("rate limit", fmt::format("{} frames/s", s.rate));
  if (auto r = rss_span(s.rss))
    row("broker memory", fmt::format("pid {}: VmRSS {} MiB first, {} MiB last, {} MiB max (every sample: rss.csv)", s.pid,
                                     r->first / 1024, r->last / 1024, r->max / 1024));
  row("findings", fmt::format("{} signatures, {} occurrences", findings.size(), p.occurrences));
  out += "</dl><table><tr><th>severity</th><th>signature</th><th>count</th><th>first example</th><th>minimised</th><th>files</th></tr>";
  for (const FindingRecord* f : ordered(findings)) {
    std::string minimised = "—";
    if (f->minimize.attempted)
      minimised = fmt::format("{} writes / {} octets → {} / {}<br>{} replays, {}", f->minimize.writes_before,
                              f->minimize.bytes_before, f->minimize.writes_after, f->minimize.bytes_after,
                              f->minimize.replays, html(f->minimize.stopped));
    std::string files;
    for (const auto& name : f->files) files += fmt::format("<a href=\"{}/{}\">{}</a> ", html(f->dir), html(name), html(name));
    files += fmt::format("<a href=\"{}/finding.json\">finding.json</a>", html(f->dir));
    std::string known = f->known ? "<br><em>known: " + html(f->known_reason) + "</em>" : "";
    out += fmt::format("<tr><td><span class=\"sev {0}\">{0}</span></td><td><code>{1}</code>{2}</td><td>{3}</td>"
                       "<td>{4}<br>session {5}, STOMP {6}, after {7:.1f} s</td><td>{8}</td><td>{9}</td></tr>",
                       to_string(f->severity), html(f->signature), known, f->count, html(utf8::sanitize(f->detail)),
                       f->session, html(f->version), f->first_seen_s, minimised, files);
  }
  out += "</table></body></html>\n";
  return out;
}

void write_summary(const std::string& root, const RunStats& s, const std::vector<FindingRecord>& findings) {
  namespace fs = std::filesystem;
  for (const auto& f : findings) {
    std::ofstream out(fs::path(root) / f.dir / "finding.json", std::ios::trunc);
    out << f.to_json().dump(2) << "\n";
  }
  if (!s.rss.empty()) {
    std::ofstream rss(fs::path(root) / "rss.csv", std::ios::trunc);
    rss << "t_s,rss_kb\n";
    for (const auto& x : s.rss) rss << fmt::format("{:.1f},{}\n", x.t_s, x.rss_kb);
  }
  std::ofstream(fs::path(root) / "summary.json", std::ios::trunc) << summary_json(s, findings).dump(2) << "\n";
  std::ofstream(fs::path(root) / "summary.html", std::ios::trunc) << summary_html(s, findings);
}

}  // namespace stompspec::fuzzer
