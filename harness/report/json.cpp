// results.json: the machine-readable record of a run, and its reader (the
// matrix page and re-rendering read runs back from it).
#include <fmt/format.h>

#include <stdexcept>

#include "report/base64.hpp"
#include "report/report.hpp"
#include "core/utf8.hpp"
#include "core/redact.hpp"

namespace stompspec {

namespace {

using nlohmann::json;

// Names and prose: nlohmann throws on invalid UTF-8 when dumping, so a stray
// octet would cost the whole file; it becomes U+FFFD instead.
std::string text(const std::string& s) { return utf8::sanitize(s); }
// Free text may quote frames, so it is redacted like the transcript.
std::string prose(const std::string& s) { return utf8::sanitize(redact_passcodes(s)); }

std::string_view kind_name(TranscriptEntry::Kind k) {
  switch (k) {
    case TranscriptEntry::Kind::sent: return "sent";
    case TranscriptEntry::Kind::received: return "received";
    case TranscriptEntry::Kind::event: return "event";
  }
  return "event";
}

json entry_to_json(const TranscriptEntry& e) {
  json j = {{"t_ms", e.t_ms}, {"client", text(e.client)}, {"kind", kind_name(e.kind)}};
  std::string data = redact_passcodes(e.data);
  // Octets kept exactly: a string when JSON can carry them, base64 otherwise.
  if (utf8::is_valid(data)) {
    j["data"] = std::move(data);
  } else {
    j["data_b64"] = base64::encode(data);
  }
  return j;
}

json case_to_json(const CaseResult& c) {
  json refs = json::array();
  for (const auto& r : c.refs) {
    refs.push_back({{"version", text(r.version)},
                    {"section", text(r.section)},
                    {"level", text(r.level)},
                    {"requirement", text(r.requirement)}});
  }
  json requirements = json::array();
  for (const auto& r : c.requirements) requirements.push_back(text(r));
  json transcript = json::array();
  for (const auto& e : c.transcript) transcript.push_back(entry_to_json(e));
  return {{"id", text(c.id)},
          {"instance", text(c.instance)},
          {"title", text(c.title)},
          {"version", text(c.version)},
          {"transport", text(c.transport)},
          {"status", to_string(c.status)},
          {"level", text(c.level)},
          {"duration_ms", c.duration_ms},
          {"refs", std::move(refs)},
          {"requirements", std::move(requirements)},
          {"message", prose(c.message)},
          {"expected", prose(c.expected)},
          {"actual", prose(c.actual)},
          {"reason", prose(c.reason)},
          {"source", text(c.source)},
          {"transcript", std::move(transcript)}};
}

// Reading: every failure names the field by its path, e.g. "cases[3].status".
[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw std::runtime_error(fmt::format("results.json: {}: {}", path, what));
}

const json* member(const json& obj, const std::string& path, const char* key, bool required) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) bad(path.empty() ? key : path + "." + key, "missing");
    return nullptr;
  }
  return &*it;
}

std::string field_path(const std::string& path, const char* key) {
  return path.empty() ? key : path + "." + key;
}

std::string read_string(const json& obj, const std::string& path, const char* key,
                        bool required = false) {
  const json* v = member(obj, path, key, required);
  if (v == nullptr) return {};
  if (!v->is_string()) bad(field_path(path, key), fmt::format("expected a string, got {}", v->type_name()));
  return v->get<std::string>();
}

double read_number(const json& obj, const std::string& path, const char* key) {
  const json* v = member(obj, path, key, false);
  if (v == nullptr) return 0;
  if (!v->is_number()) bad(field_path(path, key), fmt::format("expected a number, got {}", v->type_name()));
  return v->get<double>();
}

const json& read_array(const json& obj, const std::string& path, const char* key, bool required) {
  static const json empty = json::array();
  const json* v = member(obj, path, key, required);
  if (v == nullptr) return empty;
  if (!v->is_array()) bad(field_path(path, key), fmt::format("expected an array, got {}", v->type_name()));
  return *v;
}

void require_object(const json& j, const std::string& path) {
  if (!j.is_object()) bad(path, fmt::format("expected an object, got {}", j.type_name()));
}

TranscriptEntry entry_from_json(const json& j, const std::string& path) {
  require_object(j, path);
  TranscriptEntry e;
  e.t_ms = read_number(j, path, "t_ms");
  e.client = read_string(j, path, "client");
  const std::string kind = read_string(j, path, "kind", true);
  if (kind == "sent") {
    e.kind = TranscriptEntry::Kind::sent;
  } else if (kind == "received") {
    e.kind = TranscriptEntry::Kind::received;
  } else if (kind == "event") {
    e.kind = TranscriptEntry::Kind::event;
  } else {
    bad(path + ".kind", fmt::format("unknown kind \"{}\" (sent, received or event)", kind));
  }
  const bool has_text = j.contains("data");
  const bool has_b64 = j.contains("data_b64");
  if (has_text && has_b64) bad(path, "both \"data\" and \"data_b64\"");
  if (has_b64) {
    auto octets = base64::decode(read_string(j, path, "data_b64"));
    if (!octets) bad(path + ".data_b64", "not valid base64");
    e.data = std::move(*octets);
  } else {
    e.data = read_string(j, path, "data");
  }
  return e;
}

CaseResult case_from_json(const json& j, const std::string& path) {
  require_object(j, path);
  CaseResult c;
  c.id = read_string(j, path, "id", true);
  c.instance = read_string(j, path, "instance");
  c.title = read_string(j, path, "title");
  c.version = read_string(j, path, "version");
  c.transport = read_string(j, path, "transport");
  const std::string status = read_string(j, path, "status", true);
  const auto parsed = status_from_string(status);
  if (!parsed) {
    bad(path + ".status",
        fmt::format("unknown status \"{}\" (pass, fail, warn, info, skip, error, xfail, xpass)",
                    status));
  }
  c.status = *parsed;
  c.level = read_string(j, path, "level");
  c.duration_ms = read_number(j, path, "duration_ms");
  const json& refs = read_array(j, path, "refs", false);
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const std::string p = fmt::format("{}.refs[{}]", path, i);
    require_object(refs[i], p);
    c.refs.push_back({read_string(refs[i], p, "version"), read_string(refs[i], p, "section"),
                      read_string(refs[i], p, "level"), read_string(refs[i], p, "requirement")});
  }
  const json& requirements = read_array(j, path, "requirements", false);
  for (std::size_t i = 0; i < requirements.size(); ++i) {
    if (!requirements[i].is_string()) bad(fmt::format("{}.requirements[{}]", path, i), "expected a string");
    c.requirements.push_back(requirements[i].get<std::string>());
  }
  c.message = read_string(j, path, "message");
  c.expected = read_string(j, path, "expected");
  c.actual = read_string(j, path, "actual");
  c.reason = read_string(j, path, "reason");
  if (member(j, path, "source", false)) c.source = read_string(j, path, "source");
  const json& transcript = read_array(j, path, "transcript", false);
  for (std::size_t i = 0; i < transcript.size(); ++i) {
    c.transcript.push_back(entry_from_json(transcript[i], fmt::format("{}.transcript[{}]", path, i)));
  }
  return c;
}

}  // namespace

json to_json(const RunReport& report) {
  const auto sum = report.summary();
  json summary = {{"total", sum.total}};
  for (Status s : kAllStatuses) summary[std::string(to_string(s))] = sum.counts.at(s);
  json cases = json::array();
  for (const auto& c : report.cases) cases.push_back(case_to_json(c));
  return {{"tool", text(report.tool)},
          {"version", text(report.tool_version)},
          {"target", text(report.target)},
          {"profile", text(report.profile)},
          {"started_at", text(report.started_at)},
          {"duration_ms", report.duration_ms},
          {"strict", report.strict},
          {"interrupted", report.interrupted},
          {"summary", std::move(summary)},
          {"cases", std::move(cases)}};
}

json case_result_to_json(const CaseResult& c) { return case_to_json(c); }
CaseResult case_result_from_json(const json& j) { return case_from_json(j, "case"); }

RunReport report_from_json(const json& j) {
  require_object(j, "top level");
  RunReport r;
  if (j.contains("tool")) r.tool = read_string(j, "", "tool");
  r.tool_version = read_string(j, "", "version");
  r.target = read_string(j, "", "target");
  r.profile = read_string(j, "", "profile");
  r.started_at = read_string(j, "", "started_at");
  r.duration_ms = read_number(j, "", "duration_ms");
  if (const json* strict = member(j, "", "strict", false)) {
    if (!strict->is_boolean()) bad("strict", fmt::format("expected a boolean, got {}", strict->type_name()));
    r.strict = strict->get<bool>();
  }
  if (const json* in = member(j, "", "interrupted", false)) {
    if (!in->is_boolean()) bad("interrupted", fmt::format("expected a boolean, got {}", in->type_name()));
    r.interrupted = in->get<bool>();
  }
  // "summary" is derived from the cases, so it is recomputed, not trusted.
  const json& cases = read_array(j, "", "cases", true);
  r.cases.reserve(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    r.cases.push_back(case_from_json(cases[i], fmt::format("cases[{}]", i)));
  }
  return r;
}

}  // namespace stompspec
