#pragma once
// Shared by the loader's files: walks a JSON document while remembering the
// pointer of each value, so every complaint can name its line and field.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/json_lines.hpp"
#include "scenario/loader.hpp"

namespace stompspec::detail {

using nlohmann::json;

struct LoadContext {
  std::string file;
  LineMap lines;
  std::vector<Diagnostic>& errors;
  std::size_t error_count_at_start = errors.size();

  void error(const std::string& pointer, std::string message) {
    errors.push_back({file, line_of(lines, pointer), pointer_to_field(pointer), std::move(message)});
  }
  bool ok() const { return errors.size() == error_count_at_start; }

  // Complains about keys outside `allowed`: a misspelt key must not be ignored.
  void only_keys(const json& obj, const std::string& ptr, std::initializer_list<const char*> allowed);
  void only_keys(const json& obj, const std::string& ptr, const std::vector<std::string_view>& allowed);
  bool is_string(const json& v, const std::string& ptr);
  std::string string_at(const json& obj, const std::string& ptr, const char* key, bool required);
  std::vector<std::string> strings_at(const json& obj, const std::string& ptr, const char* key);
  int int_at(const json& obj, const std::string& ptr, const char* key, int fallback);
  bool bool_at(const json& obj, const std::string& ptr, const char* key, bool fallback);
};

// Step-level parsing lives in load_steps.cpp (driven by step_kinds.hpp), the
// values inside steps in load_values.cpp.
std::optional<Step> parse_step(LoadContext& ctx, const json& j, const std::string& ptr);
std::string idx(const std::string& ptr, std::size_t i);  // ptr + "/" + i
std::optional<BodySpec> parse_body(LoadContext& ctx, const json& j, const std::string& ptr);
std::optional<ValueMatcher> parse_value(LoadContext& ctx, const json& j, const std::string& ptr, bool body);
std::optional<FrameSpec> parse_frame_spec(LoadContext& ctx, const json& j, const std::string& ptr, bool connect);
std::optional<Expectation> parse_event(LoadContext& ctx, const json& j, const std::string& ptr);
std::optional<Outcome> parse_outcome(LoadContext& ctx, const json& j, const std::string& ptr);
std::optional<FrameMatcher> parse_frame_matcher(LoadContext& ctx, const json& j, const std::string& ptr);

}  // namespace stompspec::detail
