// results.jsonl: the run as it happens, one JSON object per line.
#include <istream>
#include <stdexcept>

#include <fmt/format.h>

#include "report/report.hpp"

namespace stompspec {

using nlohmann::json;

json stream_header(const RunReport& r) {
  return {{"run", {{"tool", r.tool}, {"version", r.tool_version}, {"target", r.target}, {"profile", r.profile},
                   {"started_at", r.started_at}, {"strict", r.strict}}}};
}

json stream_end(const RunReport& r) {
  return {{"end", {{"duration_ms", r.duration_ms}, {"interrupted", r.interrupted}}}};
}

RunReport read_stream(std::istream& in) {
  RunReport r;
  r.interrupted = true;  // until an "end" line says otherwise
  bool header = false;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      if (in.peek() == std::char_traits<char>::eof()) break;  // torn by a kill mid-write
      throw std::runtime_error(fmt::format("line {}: not JSON", n));
    }
    if (auto h = j.find("run"); h != j.end()) {
      r.tool = h->value("tool", r.tool);
      r.tool_version = h->value("version", "");
      r.target = h->value("target", "");
      r.profile = h->value("profile", "");
      r.started_at = h->value("started_at", "");
      r.strict = h->value("strict", false);
      header = true;
    } else if (auto c = j.find("case"); c != j.end()) {
      try {
        r.cases.push_back(case_result_from_json(*c));
      } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("line {}: {}", n, e.what()));
      }
    } else if (auto e = j.find("end"); e != j.end()) {
      r.duration_ms = e->value("duration_ms", 0.0);
      r.interrupted = e->value("interrupted", false);
    } else {
      throw std::runtime_error(fmt::format("line {}: neither a run, a case nor an end record", n));
    }
  }
  if (!header) throw std::runtime_error("no \"run\" line: not a stompspec results.jsonl");
  return r;
}

}  // namespace stompspec
