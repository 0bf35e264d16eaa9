#pragma once
// The reports a run produces: console lines as cases finish, a recap at the
// end, and files (JUnit XML, results.json, a self-contained HTML page).
// Every writer redacts passcodes itself; callers need not trust their input.
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace stompspec {

struct ConsoleStyle {
  bool color = false;    // ANSI colours
  bool verbose = false;  // also print details and wire transcripts
};

// One line per case, printed as the case finishes (progress): status tag,
// instance id, version/transport, duration, title; a reason for non-pass.
void write_console_case(std::ostream&, const CaseResult&, const ConsoleStyle&);
// After all cases: a recap of every fail/warn/error/xpass (Requirement with
// level, Expected, Actual, message), then ONE summary line like
// "42 cases: 38 passed, 1 failed, 2 warned, 0 info, 1 skipped, 0 errors,
// 0 expected failures, 0 fixed (12.3 s)".
void write_console_summary(std::ostream&, const RunReport&, const ConsoleStyle&);

// JUnit XML: one <testsuite> per spec section ("stomp12/send/1" -> "stomp12/send").
void write_junit(std::ostream&, const RunReport&);

// results.json. Transcript octets round-trip exactly: "data" when they are
// valid UTF-8, otherwise "data_b64".
nlohmann::json to_json(const RunReport&);
// Inverse of to_json; throws std::runtime_error naming the offending field.
RunReport report_from_json(const nlohmann::json&);
// One case, as it appears in results.json's "cases" (and in results.jsonl).
nlohmann::json case_result_to_json(const CaseResult&);
CaseResult case_result_from_json(const nlohmann::json&);

// results.jsonl, written as the run goes so that nothing finished is lost to
// an interrupt or a kill: a "run" line (tool, target, profile, started_at,
// strict), one "case" line per instance as it ends, and an "end" line
// (duration_ms, interrupted) when the run ends. read_stream() rebuilds the
// report; without an "end" line it is marked interrupted. A torn last line
// (a kill mid-write) is ignored.
nlohmann::json stream_header(const RunReport&);
nlohmann::json stream_end(const RunReport&);
RunReport read_stream(std::istream&);

// GitHub Actions workflow commands (::error file=…,line=…::…), one per fail,
// error, warn and fixed case, on the scenario line that decided it, and a
// notice with the summary line. Printed to stdout in a workflow step, they
// show next to the code in pull requests (docs/ci.md).
void write_github_annotations(std::ostream&, const RunReport&);

// One self-contained HTML file: no external assets, works offline.
void write_html(std::ostream&, const RunReport&);

// Several runs side by side (Autobahn style): rows are case instances sorted
// by id, columns "<profile> <transport>", cells the status.
void write_matrix_html(std::ostream&, const std::vector<RunReport>&);
std::string matrix_markdown(const std::vector<RunReport>&);

// Writes the formats named into dir, creating it: "junit" -> junit.xml,
// "json" -> results.json, "html" -> index.html. "console" is accepted and
// ignored (it is streamed); any other name throws std::invalid_argument
// before anything is written. I/O failures throw std::runtime_error.
void write_reports(const std::string& dir, const RunReport&,
                   const std::vector<std::string>& formats);

}  // namespace stompspec
