#include "scenario/model.hpp"

#include <fmt/format.h>

namespace stompspec {

std::string Source::str() const { return line > 0 ? fmt::format("{}:{}", file, line) : file; }

std::string ValueMatcher::describe() const {
  std::vector<std::string> parts;
  if (present && !*present) parts.push_back("absent");
  else if (present) parts.push_back("present");
  if (equals) parts.push_back(fmt::format("= '{}'", *equals));
  if (not_equals) parts.push_back(fmt::format("!= '{}'", *not_equals));
  if (contains) parts.push_back(fmt::format("contains '{}'", *contains));
  if (regex) parts.push_back(fmt::format("~ /{}/", *regex));
  if (length) parts.push_back(fmt::format("{} octets", *length));
  if (hex) parts.push_back(fmt::format("hex {}", *hex));
  if (json) parts.push_back(fmt::format("JSON ⊇ {}", json->dump()));
  if (capture) parts.push_back(fmt::format("→ ${{{}}}", *capture));
  return parts.empty() ? "any" : fmt::format("{}", fmt::join(parts, ", "));
}

std::string FrameMatcher::describe() const {
  std::string s = command ? *command : std::string("any frame");
  for (const auto& [name, m] : headers) s += fmt::format(", {} {}", name, m.describe());
  if (body) s += fmt::format(", body {}", body->describe());
  return s;
}

std::string Expectation::describe() const {
  switch (kind) {
    case Kind::frame: return frame.describe();
    case Kind::closed:
      if (close_how == "clean") return "the connection closed cleanly (FIN or WebSocket close)";
      if (close_how == "reset") return "the connection reset";
      return "the connection closed";
    case Kind::silence:
      return after_error ? "no frame for the profile's after_error_ms" : fmt::format("no frame for {} ms", timeout_ms);
  }
  return {};
}

std::string Case::section() const {
  auto first = id.find('/');
  auto second = first == std::string::npos ? first : id.find('/', first + 1);
  return second == std::string::npos ? id : id.substr(0, second);
}

Status status_for_level(std::string_view level, bool strict) {
  if (level.starts_with("MUST")) return Status::fail;
  if (level.starts_with("SHOULD")) return strict ? Status::fail : Status::warn;
  return Status::info;
}

}  // namespace stompspec
