// The run report as one self-contained HTML page (Autobahn-style wire log
// per case). Everything a broker sent is escaped; transcripts are capped so
// a run of ~1000 cases with large bodies stays quick to open.
#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "report/describe.hpp"
#include "report/html_assets.hpp"
#include "report/markup.hpp"
#include "core/visible.hpp"
#include "report/report.hpp"
#include "core/utf8.hpp"
#include "core/redact.hpp"

namespace stompspec {

namespace {

using markup::html;

constexpr std::size_t kMaxShownOctets = 8 * 1024;  // per transcript entry
constexpr std::size_t kMaxShownEntries = 1000;     // per case

// CR, LF and NUL as small labelled boxes: the Unicode control pictures that
// visible() uses are missing from common fonts (DejaVu among them) and would
// show as blank boxes in a browser.
std::string mark_html(std::string_view piece) {
  if (piece.starts_with("\\x")) return "<span class=\"x\">" + html(piece) + "</span>";
  if (piece == "␍") return "<span class=\"m\">CR</span>";
  if (piece == "␊\n") return "<span class=\"m\">LF</span>\n";
  if (piece == "␀") return "<span class=\"m\">NUL</span>";
  return html(piece);
}

// Wire octets in visible form, marks styled apart from the real octets.
std::string wire_octets(std::string_view octets) {
  std::string out;
  out.reserve(octets.size() + 64);
  for_each_visible(octets, [&](std::string_view piece, bool is_mark) {
    out += is_mark ? mark_html(piece) : html(piece);
  });
  return out;
}

// Prose (message, expected, names, ...): redacted, escaped, line breaks and
// tabs kept as text, any other control octet marked as on the wire.
std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_visible(redact_passcodes(s), [&](std::string_view piece, bool is_mark) {
    if (!is_mark) {
      out += html(piece);
    } else if (piece == "␊\n") {
      out += '\n';
    } else if (piece == "\\x09") {
      out += '\t';
    } else {
      out += mark_html(piece);
    }
  });
  return out;
}

std::string anchor(const CaseResult& c) {
  std::string id = describe::prose(c.instance.empty() ? c.id : c.instance);
  for (char& ch : id) {
    if (ch == ' ' || ch == '\t' || ch == '\n') ch = '_';  // ids may not hold whitespace
  }
  return html(id);
}

std::string size_text(std::size_t n) {
  if (n < 1024) return fmt::format("{} B", n);
  if (n < 1024 * 1024) return fmt::format("{:.1f} KiB", static_cast<double>(n) / 1024);
  return fmt::format("{:.1f} MiB", static_cast<double>(n) / (1024 * 1024));
}

void write_entry(std::ostream& out, const TranscriptEntry& e) {
  static constexpr std::string_view kinds[] = {"sent", "received", "event"};
  static constexpr std::string_view arrows[] = {"→", "←", "•"};
  const auto k = static_cast<std::size_t>(e.kind);
  const std::string data = redact_passcodes(e.data);
  const std::size_t cut = utf8::cut_point(data, kMaxShownOctets);
  const std::string_view shown = std::string_view(data).substr(0, cut);
  std::string body = e.kind == TranscriptEntry::Kind::event ? esc(shown) : wire_octets(shown);
  if (cut < data.size()) {
    body += fmt::format("\n<span class=\"trunc\">… truncated: first {} of {} octets shown ({})</span>",
                        cut, data.size(), size_text(data.size()));
  }
  out << fmt::format(
      "<tr class=\"{}\"><td class=\"t mono\">+{:.1f} ms</td><td class=\"c\">{}</td>"
      "<td class=\"k\" title=\"{}\">{}</td><td><pre>{}</pre></td></tr>\n",
      kinds[k], e.t_ms, esc(e.client), kinds[k], arrows[k], body);
}

void write_field(std::ostream& out, std::string_view label, const std::string& value) {
  if (value.empty()) return;
  out << fmt::format("<dt>{}</dt><dd><pre>{}</pre></dd>\n", label, esc(value));
}

void write_detail(std::ostream& out, const CaseResult& c) {
  out << "<div class=\"detail\">\n<dl class=\"fields\">\n";
  out << fmt::format("<dt>Case</dt><dd><code>{}</code> <a class=\"perma\" href=\"#{}\">¶</a></dd>\n",
                     esc(c.id), anchor(c));
  for (const auto& r : c.refs) {
    out << fmt::format(
        "<dt>Requirement</dt><dd><span class=\"lvl\">{}</span> <span class=\"mono\">"
        "(STOMP {} {})</span> {}</dd>\n",
        esc(r.level.empty() ? "?" : r.level), esc(r.version), esc(r.section), esc(r.requirement));
  }
  if (!c.level.empty()) out << fmt::format("<dt>Deciding level</dt><dd>{}</dd>\n", esc(c.level));
  if (!c.requirements.empty()) {
    out << fmt::format("<dt>Catalogue</dt><dd class=\"mono\">{}</dd>\n",
                       esc(fmt::format("{}", fmt::join(c.requirements, ", "))));
  }
  write_field(out, "Message", c.message);
  write_field(out, "Expected", c.expected);
  write_field(out, "Actual", c.actual);
  write_field(out, "Reason", c.reason);
  out << "</dl>\n";
  if (c.transcript.empty()) {
    out << "<p class=\"empty\">No wire transcript recorded.</p>\n";
  } else {
    out << "<table class=\"wire\">\n";
    const std::size_t n = std::min(c.transcript.size(), kMaxShownEntries);
    for (std::size_t i = 0; i < n; ++i) write_entry(out, c.transcript[i]);
    out << "</table>\n";
    if (n < c.transcript.size()) {
      out << fmt::format("<p class=\"trunc\">… {} more transcript entries not shown.</p>\n",
                         c.transcript.size() - n);
    }
  }
  out << "</div>\n";
}

// The first line of why a case did not pass, shown in the row itself so a
// reader scanning the table need not open every case.
std::string why_line(const CaseResult& c) {
  const std::string why = describe::why(c);
  if (why.empty()) return {};
  return "<span class=\"why\">" + html(why.substr(0, why.find('\n'))) + "</span>";
}

void write_case(std::ostream& out, const CaseResult& c) {
  const auto st = to_string(c.status);
  out << fmt::format(
      "<details class=\"case st-{0}\" id=\"{1}\" data-status=\"{0}\"><summary class=\"row\">"
      "<span><span class=\"badge\" title=\"{2}\">{0}</span></span><span class=\"id mono\">{3}</span>"
      "<span>{4}</span><span>{5}</span><span class=\"num\">{6}</span><span>{7}{8}</span></summary>\n",
      st, anchor(c), status_label(c.status), esc(c.instance.empty() ? c.id : c.instance),
      esc(c.version), esc(c.transport), html(describe::duration(c.duration_ms)), esc(c.title),
      why_line(c));
  write_detail(out, c);
  out << "</details>\n";
}

void write_header(std::ostream& out, const RunReport& report) {
  const auto sum = report.summary();
  out << fmt::format("<header>\n<h1>{} report</h1>\n<div class=\"meta\">", esc(report.tool));
  const std::pair<std::string_view, std::string> meta[] = {
      {"Target", report.target},
      {"Profile", report.profile},
      {"Started", report.started_at},
      {"Duration", describe::duration(report.duration_ms)},
      {"Mode", std::string(report.strict ? "strict (SHOULD fails)" : "normal") +
                   (report.interrupted ? "; INTERRUPTED: only the cases finished by then" : "")},
      {"Tool", report.tool + " " + report.tool_version}};
  for (const auto& [label, value] : meta) {
    out << fmt::format("<div>{}: <b>{}</b></div>", label, esc(value.empty() ? "-" : value));
  }
  out << fmt::format("</div>\n<p class=\"summary\">{}</p>\n<div class=\"filters\">\n",
                     esc(describe::summary_line(report)));
  for (Status s : kAllStatuses) {
    const int n = sum.counts.at(s);
    out << fmt::format(
        "<label class=\"chip st-{0}{1}\"><input type=\"checkbox\" value=\"{0}\" checked>"
        "{2} <b>{3}</b></label>\n",
        to_string(s), n == 0 ? " zero" : "", status_label(s), n);
  }
  out << "<input type=\"search\" id=\"q\" placeholder=\"Filter by id or title\" aria-label=\"Filter\">\n"
         "<button id=\"problems\">Problems only</button><button id=\"all\">All</button>\n"
         "<button id=\"expand\">Expand shown</button><button id=\"collapse\">Collapse all</button>\n"
         "<span id=\"shown\"></span>\n</div>\n</header>\n";
}

}  // namespace

void write_html(std::ostream& out, const RunReport& report) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out << fmt::format("<title>{}: {} ({})</title>\n", esc(report.tool), esc(report.target),
                     esc(report.profile));
  out << "<style>" << html_assets::base_css() << html_assets::report_css() << "</style>\n";
  out << "</head>\n<body>\n";
  write_header(out, report);
  out << "<main>\n<div class=\"row head\"><span>Status</span><span>Case</span><span>Version</span>"
         "<span>Transport</span><span class=\"num\">Duration</span><span>Title</span></div>\n";
  for (const auto& c : report.cases) write_case(out, c);
  if (report.cases.empty()) out << "<p class=\"empty\">No cases ran.</p>\n";
  out << "</main>\n<script>" << html_assets::report_js() << "</script>\n</body>\n</html>\n";
}

}  // namespace stompspec
