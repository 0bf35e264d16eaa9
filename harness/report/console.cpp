// Console output: a progress line per case as it finishes, then an
// h2spec-style recap (Requirement / Expected / Actual) and one summary line.
#include <fmt/format.h>

#include <string_view>

#include "report/describe.hpp"
#include "report/report.hpp"

namespace stompspec {

namespace {

std::string_view tag(Status s) {
  switch (s) {
    case Status::pass: return "PASS";
    case Status::fail: return "FAIL";
    case Status::warn: return "WARN";
    case Status::info: return "INFO";
    case Status::skip: return "SKIP";
    case Status::error: return "ERROR";
    case Status::xfail: return "XFAIL";
    case Status::xpass: return "XPASS";
  }
  return "?";
}

std::string_view ansi(Status s) {
  switch (s) {
    case Status::pass: return "\x1b[32m";
    case Status::fail: return "\x1b[1;31m";
    case Status::warn: return "\x1b[33m";
    case Status::info: return "\x1b[36m";
    case Status::skip: return "\x1b[2m";
    case Status::error: return "\x1b[1;35m";
    case Status::xfail: return "\x1b[2;33m";
    case Status::xpass: return "\x1b[1;36m";
  }
  return "";
}

constexpr std::string_view reset = "\x1b[0m";

std::string paint(std::string_view text, Status s, const ConsoleStyle& style) {
  if (!style.color) return std::string(text);
  return fmt::format("{}{}{}", ansi(s), text, reset);
}

std::string where(const CaseResult& c) {
  return describe::prose(fmt::format("{}/{}", c.version.empty() ? "-" : c.version,
                                     c.transport.empty() ? "-" : c.transport));
}

}  // namespace

void write_console_case(std::ostream& out, const CaseResult& c, const ConsoleStyle& style) {
  const std::string instance = describe::prose(c.instance.empty() ? c.id : c.instance);
  out << paint(fmt::format("{:<5}", tag(c.status)), c.status, style)
      << fmt::format(" {:<24} {:<8} {:>9}  {}\n", instance, where(c),
                     describe::duration(c.duration_ms), describe::prose(c.title));
  const std::string reason = describe::why(c);
  if (!reason.empty()) out << "      ↳ " << reason << '\n';
  if (style.verbose) {
    if (c.status != Status::pass) out << describe::details(c, "    ");
    out << describe::transcript(c, "        ");
  }
}

void write_console_summary(std::ostream& out, const RunReport& report, const ConsoleStyle& style) {
  struct Group {
    std::string_view heading;
    Status status;
  };
  // Most urgent first: what breaks the spec, then what broke the harness.
  constexpr Group groups[] = {{"Failures", Status::fail},
                              {"Errors", Status::error},
                              {"Warnings", Status::warn},
                              {"Fixed (known deviations that now pass)", Status::xpass}};
  bool recapped = false;
  for (const auto& g : groups) {
    int count = 0;
    for (const auto& c : report.cases) count += c.status == g.status ? 1 : 0;
    if (count == 0) continue;
    out << '\n' << paint(fmt::format("{} ({}):", g.heading, count), g.status, style) << '\n';
    for (const auto& c : report.cases) {
      if (c.status != g.status) continue;
      out << '\n';
      const std::string instance = describe::prose(c.instance.empty() ? c.id : c.instance);
      const std::string level = c.level.empty() ? "" : fmt::format(" [{}]", describe::prose(c.level));
      out << "  " << paint(tag(c.status), c.status, style)
          << fmt::format(" {} ({}){} {}\n", instance, where(c), level, describe::prose(c.title));
      out << describe::details(c, "    ");
      if (style.verbose) out << describe::transcript(c, "        ");
    }
    recapped = true;
  }
  if (recapped) out << '\n';
  const auto sum = report.summary();
  Status mood = Status::pass;
  if (sum.counts.at(Status::warn) > 0) mood = Status::warn;
  if (sum.counts.at(Status::fail) > 0 || sum.counts.at(Status::error) > 0) mood = Status::fail;
  out << paint(describe::summary_line(report), mood, style) << '\n';
}

}  // namespace stompspec
