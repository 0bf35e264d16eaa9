// GitHub Actions workflow commands: a run's failures shown as annotations on
// the scenario file and line that decided them, in the pull request's diff
// and the run's summary. Printed to stdout, where the runner reads them.
#include <filesystem>

#include <fmt/format.h>

#include "report/describe.hpp"
#include "report/report.hpp"
#include "core/utf8.hpp"
#include "core/redact.hpp"

namespace stompspec {
namespace {

// Workflow-command escaping: data may not hold %, CR or LF; properties
// neither ':' nor ','.
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

// "file:line" -> file relative to the working directory (the checkout), line.
std::pair<std::string, std::string> location(const std::string& source) {
  auto colon = source.rfind(':');
  if (colon == std::string::npos) return {source, ""};
  std::string file = source.substr(0, colon), line = source.substr(colon + 1);
  std::error_code ec;
  auto rel = std::filesystem::relative(file, std::filesystem::current_path(), ec);
  if (!ec && !rel.empty() && !rel.string().starts_with("..")) file = rel.string();
  return {file, line};
}

const char* command_for(Status s) {
  switch (s) {
    case Status::fail:
    case Status::error: return "error";
    case Status::warn: return "warning";
    case Status::xpass: return "notice";
    default: return nullptr;
  }
}

}  // namespace

void write_github_annotations(std::ostream& out, const RunReport& report) {
  for (const auto& c : report.cases) {
    const char* cmd = command_for(c.status);
    if (!cmd) continue;
    std::string props;
    if (!c.source.empty()) {
      auto [file, line] = location(c.source);
      props = "file=" + property(file) + (line.empty() ? "" : ",line=" + property(line)) + ",";
    }
    props += "title=" + property(fmt::format("{} {} ({}/{})", status_label(c.status), c.instance, c.version, c.transport));
    std::string text = c.status == Status::xpass
                           ? fmt::format("{}: {}", c.title, c.message)
                           : fmt::format("{}\nRequirement: {}\nExpected: {}\nActual: {}\n{}", c.title, c.level,
                                         c.expected, c.actual, c.message);
    out << fmt::format("::{} {}::{}\n", cmd, props, escape_data(utf8::sanitize(redact_passcodes(text))));
  }
  out << fmt::format("::notice title=stompspec::{}\n", escape_data(describe::summary_line(report)));
}

}  // namespace stompspec
