#include "report/describe.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/visible.hpp"
#include "core/utf8.hpp"
#include "core/redact.hpp"

namespace stompspec::describe {

std::string section_of(std::string_view id) {
  const auto first = id.find('/');
  if (first == std::string_view::npos) return std::string(id);
  const auto second = id.find('/', first + 1);
  if (second == std::string_view::npos) return std::string(id.substr(0, first));
  return std::string(id.substr(0, second));
}

std::string prose(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_visible(redact_passcodes(text), [&](std::string_view piece, bool is_mark) {
    if (is_mark && piece == "␊\n") {
      out += '\n';
    } else if (is_mark && piece == "\\x09") {
      out += '\t';
    } else {
      out += piece;
    }
  });
  return out;
}

std::string ref(const SpecRef& r) {
  std::string where = "STOMP";
  if (!r.version.empty()) where += " " + r.version;
  if (!r.section.empty()) where += " " + r.section;
  const std::string level = r.level.empty() ? "?" : r.level;
  return prose(fmt::format("{} ({}): {}", level, where, r.requirement));
}

std::string duration(double ms) {
  if (ms < 0) ms = 0;
  if (ms < 10) return fmt::format("{:.1f} ms", ms);
  if (ms < 1000) return fmt::format("{:.0f} ms", ms);
  const double s = ms / 1000;
  if (s < 60) return fmt::format("{:.{}f} s", s, s < 10 ? 2 : 1);
  const auto whole = static_cast<long long>(s);
  return fmt::format("{} min {} s", whole / 60, whole % 60);
}

std::string summary_line(const RunReport& report) {
  const auto sum = report.summary();
  const auto n = [&](Status s) { return sum.counts.at(s); };
  return fmt::format(
      "{} {}: {} passed, {} failed, {} warned, {} info, {} skipped, {} {}, {} expected {}, "
      "{} fixed ({})",
      sum.total, sum.total == 1 ? "case" : "cases", n(Status::pass), n(Status::fail),
      n(Status::warn), n(Status::info), n(Status::skip), n(Status::error),
      n(Status::error) == 1 ? "error" : "errors", n(Status::xfail),
      n(Status::xfail) == 1 ? "failure" : "failures", n(Status::xpass),
      duration(report.duration_ms)) + (report.interrupted ? " — INTERRUPTED" : "");
}

std::string why(const CaseResult& c) {
  const auto first_of = [](const std::string& a, const std::string& b) {
    return prose(a.empty() ? b : a);
  };
  switch (c.status) {
    case Status::pass: return {};
    case Status::skip:
    case Status::xfail: return first_of(c.reason, c.message);
    case Status::xpass: {
      const std::string r = first_of(c.reason, c.message);
      return "known deviation now passes" + (r.empty() ? "" : ": " + r);
    }
    default: return first_of(c.message, c.reason);
  }
}

namespace {

void field(std::string& out, std::string_view indent, std::string_view label,
           std::string_view text) {
  constexpr std::size_t width = 11;  // "Requirement"
  const std::string pad(indent.size() + width + 2, ' ');
  out += indent;
  out += fmt::format("{:>{}}: ", label, width);
  std::size_t start = 0;
  while (true) {
    const auto nl = text.find('\n', start);
    out += text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    out += '\n';
    if (nl == std::string_view::npos || nl + 1 == text.size()) break;
    out += pad;
    start = nl + 1;
  }
}

std::string_view arrow(TranscriptEntry::Kind k) {
  switch (k) {
    case TranscriptEntry::Kind::sent: return "→";
    case TranscriptEntry::Kind::received: return "←";
    case TranscriptEntry::Kind::event: return "•";
  }
  return "?";
}

// Terminal columns, near enough: one per code point.
std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0U) == 0x80U ? 0 : 1;
  return n;
}

}  // namespace

std::string details(const CaseResult& c, std::string_view indent) {
  std::string out;
  // A missing reference is worth saying for a spec verdict, not for a
  // harness error or a fixed deviation.
  const bool verdict = c.status == Status::fail || c.status == Status::warn;
  if (c.refs.empty() && (verdict || !c.level.empty())) {
    const std::string level = c.level.empty() ? "?" : prose(c.level);
    field(out, indent, "Requirement", level + " (no spec reference recorded)");
  }
  for (const auto& r : c.refs) field(out, indent, "Requirement", ref(r));
  if (!c.requirements.empty()) {
    field(out, indent, "Catalogue", prose(fmt::format("{}", fmt::join(c.requirements, ", "))));
  }
  if (!c.expected.empty()) field(out, indent, "Expected", prose(c.expected));
  if (!c.actual.empty()) field(out, indent, "Actual", prose(c.actual));
  if (!c.message.empty()) field(out, indent, "Message", prose(c.message));
  if (!c.reason.empty()) field(out, indent, "Reason", prose(c.reason));
  return out;
}

std::string transcript(const CaseResult& c, std::string_view indent) {
  std::string out;
  for (const auto& e : c.transcript) {
    const std::string head = fmt::format("{}{:>10} {} {} ", indent, fmt::format("+{:.1f}ms", e.t_ms),
                                         prose(e.client), arrow(e.kind));
    const std::string pad(columns(head), ' ');
    // Capped like the HTML page: a CI log or terminal drowns in megabyte
    // bodies, and results.json keeps every octet.
    const std::string data = redact_passcodes(e.data);
    const std::size_t cut = utf8::cut_point(data, kMaxTextOctets);
    const std::string_view shown = std::string_view(data).substr(0, cut);
    // Events are the harness's own prose; only wire octets need every mark.
    std::string text = e.kind == TranscriptEntry::Kind::event ? prose(shown) : visible(shown);
    if (cut < data.size()) {
      if (!text.empty() && text.back() != '\n') text += '\n';
      text += fmt::format("… truncated: first {} of {} octets shown", cut, data.size());
    }
    if (!text.empty() && text.back() == '\n') text.pop_back();
    out += head;
    std::size_t start = 0;
    while (true) {
      const auto nl = text.find('\n', start);
      out.append(text, start, nl == std::string::npos ? nl : nl - start);
      out += '\n';
      if (nl == std::string::npos) break;
      out += pad;
      start = nl + 1;
    }
  }
  return out;
}

bool natural_less(std::string_view a, std::string_view b) {
  const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t ie = i;
      std::size_t je = j;
      while (ie < a.size() && digit(a[ie])) ++ie;
      while (je < b.size() && digit(b[je])) ++je;
      // Leading zeros aside, a longer digit run is a larger number.
      auto x = a.substr(i, ie - i);
      auto y = b.substr(j, je - j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  // Ties on the natural order ("x/01" vs "x/1") fall back to plain order so
  // the sort stays strict and deterministic.
  if ((a.size() - i) != (b.size() - j)) return (a.size() - i) < (b.size() - j);
  return a < b;
}

}  // namespace stompspec::describe

