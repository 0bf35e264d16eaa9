#pragma once
// Reads scenario files. Errors never throw: each names the file, the line and
// the field, e.g. "scenarios/x.json:14: steps[3].expect.headers: ...".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model.hpp"

namespace stompspec {

struct Diagnostic {
  std::string file;
  int line = 0;
  std::string field;    // "steps[3].expect"
  std::string message;
  std::string str() const;
};

std::optional<Case> parse_case(std::string_view text, const std::string& file,
                               std::vector<Diagnostic>& errors);
std::optional<Case> load_case_file(const std::string& path, std::vector<Diagnostic>& errors);

struct CaseSet {
  std::vector<Case> cases;        // sorted by id
  std::vector<Diagnostic> errors; // bad files, duplicate ids
};

// Files, or folders searched recursively for *.json (leaving out
// requirements.json and *.schema.json, which are not cases).
CaseSet load_cases(const std::vector<std::string>& paths);

// The whole file as octets, or nullopt when it cannot be read.
std::optional<std::string> read_text_file(const std::string& path);

// "send/2" before "send/10": ids sort by their numbers, not their digits.
bool natural_less(std::string_view a, std::string_view b);

}  // namespace stompspec
