#pragma once
// nlohmann/json keeps no source positions, but a scenario error must name
// the line. This scans the raw text once and maps each JSON Pointer to the
// line where its value starts.
#include <map>
#include <string>
#include <string_view>

namespace stompspec {

using LineMap = std::map<std::string, int>;  // "/steps/3/expect" -> 14

// Best effort: on malformed text it maps what it could read.
LineMap map_json_lines(std::string_view text);

// The line of `pointer`, or of its nearest mapped ancestor, or 1.
int line_of(const LineMap& lines, std::string pointer);

// "/steps/3/expect/headers" -> "steps[3].expect.headers"
std::string pointer_to_field(std::string_view pointer);

}  // namespace stompspec
