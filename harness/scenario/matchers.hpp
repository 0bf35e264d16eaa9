#pragma once
// Checks a received frame against a FrameMatcher. A mismatch is described
// in words fit for a report's "Actual" line.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "codec/frame.hpp"
#include "scenario/model.hpp"
#include "scenario/variables.hpp"

namespace stompspec {

struct MatchResult {
  bool matched = false;
  std::string mismatch;  // why not, when !matched
  std::string error;     // a scenario problem (unknown variable): not the broker's fault
};

// In a captures map, a key made of this and a variable name records that the
// captured header was absent (the value says which frame lacked it).
inline constexpr std::string_view kAbsentCapture = "\x01";

// Captures are stored in `vars` only when the whole frame matches.
MatchResult match_frame(const FrameMatcher& m, const Frame& f, Variables& vars);

// The same check, storing nothing: the captures a match would make go to
// `captures` (only when it matches), for callers that try several pairings
// before keeping one.
MatchResult try_match_frame(const FrameMatcher& m, const Frame& f, Variables& vars,
                            std::map<std::string, std::string>& captures);

// `value` is nullptr for an absent header.
MatchResult match_value(const ValueMatcher& m, const std::string* value, Variables& vars,
                        std::map<std::string, std::string>& captures);

// True when every member of `expected` is found, recursively, in `actual`.
bool json_contains(const nlohmann::json& actual, const nlohmann::json& expected);

// Octets decoded from hex digits (validated by the loader).
std::string hex_to_octets(std::string_view hex);

}  // namespace stompspec
