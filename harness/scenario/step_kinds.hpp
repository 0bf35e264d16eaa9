#pragma once
// The step kinds in one table: the JSON key naming each, the step-level
// fields it reads, what its value is, and its parser. The loader finds a
// step's kind, checks its keys and words its errors from this table, and
// tests/scenario/step_kinds_test.cpp checks it against case.schema.json.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/model.hpp"

namespace stompspec {
namespace detail {
struct LoadContext;
}

// What a step parser gets: the whole step object, its action value and the
// JSON pointers of both.
struct StepInput {
  detail::LoadContext& ctx;
  const nlohmann::json& step;   // {"send": {...}, "client": "a", "receipt": true}
  const nlohmann::json& value;  // the value under the kind's key
  const std::string& ptr;       // of the step
  const std::string& vptr;      // of the value
};

struct StepKind {
  std::string_view key;                  // "expect_closed"
  std::vector<std::string_view> fields;  // step-level keys it reads besides client, level, note
  std::string_view value;                // what the value is, for people
  std::string_view description;
  std::optional<StepAction> (*parse)(StepInput& in);
};

// In the order the reference documentation lists them.
const std::vector<StepKind>& step_kinds();
const StepKind* find_step_kind(std::string_view key);
// Keys every step may carry whatever its kind.
const std::vector<std::string_view>& common_step_keys();
// "open, connect, ... or close": the known kinds, for messages.
std::string step_kind_list();

}  // namespace stompspec
