#include "core/result.hpp"

namespace stompspec {

std::string_view to_string(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::warn: return "warn";
    case Status::info: return "info";
    case Status::skip: return "skip";
    case Status::error: return "error";
    case Status::xfail: return "xfail";
    case Status::xpass: return "xpass";
  }
  return "error";  // unreachable for valid enumerators; keeps -Wreturn-type quiet
}

std::optional<Status> status_from_string(std::string_view name) {
  for (Status s : kAllStatuses) {
    if (to_string(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view status_label(Status s) {
  switch (s) {
    case Status::xfail: return "expected failure";
    case Status::xpass: return "fixed";
    default: return to_string(s);
  }
}

bool is_unexpected_failure(Status s) { return s == Status::fail || s == Status::error; }

RunSummary RunReport::summary() const {
  RunSummary summary;
  // Every status present, so readers can use counts.at() without checking.
  for (Status s : kAllStatuses) summary.counts[s] = 0;
  for (const auto& c : cases) ++summary.counts[c.status];
  summary.total = static_cast<int>(cases.size());
  return summary;
}

}  // namespace stompspec
