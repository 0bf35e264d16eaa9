// The table of step kinds (scenario/step_kinds.hpp) against the scenario
// schema (scenarios/case.schema.json) and the loader's messages: the kinds,
// and the step-level keys they read, are written down once in C++ and once
// in the schema, and must agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "scenario/loader.hpp"
#include "scenario/step_kinds.hpp"

namespace stompspec {
namespace {

nlohmann::json step_schema() {
  std::ifstream in(STOMPSPEC_SOURCE_DIR "/scenarios/case.schema.json");
  return nlohmann::json::parse(in).at("$defs").at("step");
}

std::set<std::string> table_kinds() {
  std::set<std::string> out;
  for (const auto& k : step_kinds()) out.emplace(k.key);
  return out;
}

TEST(StepKinds, TheSchemaListsExactlyTheTablesKinds) {
  const auto schema = step_schema();
  std::set<std::string> one_of;  // "oneOf": [{"required": ["open"]}, ...]
  for (const auto& alt : schema.at("oneOf")) one_of.insert(alt.at("required").at(0).get<std::string>());
  EXPECT_EQ(one_of, table_kinds());
}

TEST(StepKinds, TheSchemasStepKeysAreKindsCommonKeysAndFields) {
  std::set<std::string> expected = table_kinds();
  for (auto k : common_step_keys()) expected.emplace(k);
  for (const auto& k : step_kinds())
    for (auto f : k.fields) expected.emplace(f);
  const auto schema = step_schema();  // kept: items() does not extend a temporary's life
  std::set<std::string> schema_keys;
  for (const auto& item : schema.at("properties").items()) schema_keys.insert(item.key());
  EXPECT_EQ(schema_keys, expected);
}

TEST(StepKinds, EveryKindHasAParserAndWords) {
  for (const auto& k : step_kinds()) {
    EXPECT_NE(k.parse, nullptr) << k.key;
    EXPECT_FALSE(k.value.empty()) << k.key;
    EXPECT_FALSE(k.description.empty()) << k.key;
    EXPECT_EQ(find_step_kind(k.key), &k);
  }
  EXPECT_EQ(find_step_kind("hover"), nullptr);
}

std::string error_for(const std::string& step) {
  std::vector<Diagnostic> errors;
  const std::string text = R"({"id": "a/b/1", "title": "t", "spec": [{"version": "1.2", "section": "SEND",
    "level": "MUST", "requirement": "r"}], "versions": ["1.2"], "steps": [)" + step + "]}";
  EXPECT_FALSE(parse_case(text, "case.json", errors));
  return errors.empty() ? std::string("(no error)") : errors.front().str();
}

TEST(StepKinds, AStepWithoutAKindListsEveryKindOfTheTable) {
  const std::string e = error_for(R"({"client": "default"})");
  EXPECT_NE(e.find("a step needs one action: "), std::string::npos) << e;
  for (const auto& k : step_kinds()) EXPECT_NE(e.find(std::string(k.key)), std::string::npos) << k.key << ": " << e;
  EXPECT_NE(e.find(step_kind_list()), std::string::npos) << e;
}

TEST(StepKinds, AFieldOnAKindThatDoesNotReadItIsRefused) {
  const std::string e = error_for(R"({"wait": 10, "receipt": true})");
  EXPECT_NE(e.find("steps[0].receipt: 'receipt' does not apply to a 'wait' step (it applies to: send)"),
            std::string::npos) << e;
  EXPECT_NE(error_for(R"({"expect_silence": 10, "timeout_ms": 5})").find("does not apply to a 'expect_silence' step"),
            std::string::npos);
}

}  // namespace
}  // namespace stompspec
