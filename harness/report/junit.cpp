// JUnit XML for CI dashboards: one <testsuite> per spec section so a
// dashboard groups cases the way the spec does.
#include <fmt/format.h>

#include <map>
#include <string_view>

#include "report/describe.hpp"
#include "report/markup.hpp"
#include "report/report.hpp"

namespace stompspec {

namespace {

using markup::xml_attr;
using markup::xml_text;

std::string seconds(double ms) { return fmt::format("{:.3f}", ms < 0 ? 0.0 : ms / 1000); }

struct Suite {
  std::string name;
  std::vector<const CaseResult*> cases;
  int failures = 0;
  int errors = 0;
  int skipped = 0;
  double time_ms = 0;
};

std::vector<Suite> group_by_section(const RunReport& report) {
  std::vector<Suite> suites;
  std::map<std::string, std::size_t> index;  // section -> position, keeping run order
  for (const auto& c : report.cases) {
    const std::string section = describe::section_of(c.id);
    auto [it, added] = index.try_emplace(section, suites.size());
    if (added) suites.push_back(Suite{section, {}, 0, 0, 0, 0});
    Suite& s = suites[it->second];
    s.cases.push_back(&c);
    s.failures += c.status == Status::fail ? 1 : 0;
    s.errors += c.status == Status::error ? 1 : 0;
    s.skipped += c.status == Status::skip || c.status == Status::xfail ? 1 : 0;
    s.time_ms += c.duration_ms;
  }
  return suites;
}

// What a dashboard shows under a passing case that still deserves a look.
std::string note(const CaseResult& c) {
  switch (c.status) {
    case Status::warn: return "WARNING (a SHOULD is not met): " + describe::why(c) + "\n" +
                              describe::details(c, "  ");
    case Status::info: return "INFO (an optional feature is not offered): " + describe::why(c) + "\n";
    case Status::xpass: return "FIXED: " + describe::why(c) + "\n";
    default: return {};
  }
}

void write_case(std::ostream& out, const CaseResult& c, const std::string& suite) {
  const std::string name = c.instance.empty() ? c.id : c.instance;
  out << fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{}\">\n",
                     xml_attr(describe::prose(name)), xml_attr(suite), seconds(c.duration_ms));
  const std::string why = describe::why(c);
  const std::string level = c.level.empty() ? std::string(to_string(c.status)) : c.level;
  switch (c.status) {
    case Status::fail:
      out << fmt::format("      <failure message=\"{}\" type=\"{}\">{}</failure>\n", xml_attr(why),
                         xml_attr(describe::prose(level)), xml_text(describe::details(c, "")));
      break;
    case Status::error:
      out << fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n", xml_attr(why),
                         xml_text(describe::details(c, "")));
      break;
    case Status::skip:
    case Status::xfail: {
      const std::string message =
          c.status == Status::xfail ? "expected failure: " + why : why;
      out << fmt::format("      <skipped message=\"{}\"/>\n", xml_attr(message));
      break;
    }
    default: break;
  }
  const std::string text = note(c) + describe::transcript(c, "");
  if (!text.empty()) out << "      <system-out>" << xml_text(text) << "</system-out>\n";
  out << "    </testcase>\n";
}

void write_properties(std::ostream& out, const RunReport& report) {
  const std::pair<std::string_view, std::string> props[] = {
      {"tool", report.tool},       {"tool_version", report.tool_version},
      {"target", report.target},   {"profile", report.profile},
      {"strict", report.strict ? "true" : "false"},
      {"interrupted", report.interrupted ? "true" : "false"}};
  out << "    <properties>\n";
  for (const auto& [name, value] : props) {
    out << fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name,
                       xml_attr(describe::prose(value)));
  }
  out << "    </properties>\n";
}

}  // namespace

void write_junit(std::ostream& out, const RunReport& report) {
  const auto sum = report.summary();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format(
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{}\" timestamp=\"{}\">\n",
      xml_attr(describe::prose(report.tool)), sum.total, sum.counts.at(Status::fail),
      sum.counts.at(Status::error), sum.counts.at(Status::skip) + sum.counts.at(Status::xfail),
      seconds(report.duration_ms), xml_attr(describe::prose(report.started_at)));
  for (const auto& s : group_by_section(report)) {
    const std::string name = xml_attr(describe::prose(s.name));
    out << fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
        "time=\"{}\" timestamp=\"{}\">\n",
        name, s.cases.size(), s.failures, s.errors, s.skipped, seconds(s.time_ms),
        xml_attr(describe::prose(report.started_at)));
    write_properties(out, report);
    for (const CaseResult* c : s.cases) write_case(out, *c, describe::prose(s.name));
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace stompspec
