#include "scenario/matchers.hpp"

#include <charconv>
#include <regex>

#include <fmt/format.h>

#include "core/result.hpp"
#include "core/visible.hpp"

namespace stompspec {
namespace {

std::string shown(std::string_view v, std::size_t max = 120) {
  std::string s = visible(v.substr(0, max));
  if (v.size() > max) s += fmt::format("… ({} octets)", v.size());
  return "'" + s + "'";
}

MatchResult no(std::string why) { return {false, std::move(why), {}}; }
MatchResult oops(std::string why) { return {false, {}, std::move(why)}; }

}  // namespace

std::string hex_to_octets(std::string_view hex) {
  std::string out;
  auto nib = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(nib(hex[i]) * 16 + nib(hex[i + 1]));
  return out;
}

bool json_contains(const nlohmann::json& actual, const nlohmann::json& expected) {
  if (expected.is_object()) {
    if (!actual.is_object()) return false;
    for (const auto& [k, v] : expected.items()) {
      auto it = actual.find(k);
      if (it == actual.end() || !json_contains(*it, v)) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i)
      if (!json_contains(actual[i], expected[i])) return false;
    return true;
  }
  return actual == expected;
}

MatchResult match_value(const ValueMatcher& m, const std::string* value, Variables& vars,
                        std::map<std::string, std::string>& captures) {
  std::string err;
  if (m.present.has_value()) {
    if (*m.present && !value) return no("is missing");
    if (!*m.present && value) return no("is present (" + shown(*value) + ") but must be absent");
  }
  // A capture alone does not demand the header: it records it when present.
  bool wants_value = m.equals || m.not_equals || m.regex || m.contains || m.length || m.hex || m.json;
  if (!value) return wants_value ? no("is missing") : MatchResult{true, {}, {}};
  const std::string& v = *value;
  if (m.equals) {
    auto want = vars.expand(*m.equals, &err);
    if (!want) return oops(err);
    if (v != *want) return no(fmt::format("is {}, expected {}", shown(v), shown(*want)));
  }
  if (m.not_equals) {
    auto avoid = vars.expand(*m.not_equals, &err);
    if (!avoid) return oops(err);
    if (v == *avoid) return no(fmt::format("is {}, which it must not be", shown(v)));
  }
  if (m.contains) {
    auto part = vars.expand(*m.contains, &err);
    if (!part) return oops(err);
    if (v.find(*part) == std::string::npos) return no(fmt::format("is {}, which does not contain {}", shown(v), shown(*part)));
  }
  if (m.regex) {
    std::string pattern = *m.regex;
    if (!std::regex_match(v, std::regex(pattern))) return no(fmt::format("is {}, which does not match /{}/", shown(v), pattern));
  }
  if (m.length) {
    auto text = vars.expand(*m.length, &err);
    if (!text) return oops(err);
    std::size_t want = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), want);
    if (ec != std::errc() || end != text->data() + text->size())
      return oops(fmt::format("length '{}' (from '{}') is not a count of octets", *text, *m.length));
    if (v.size() != want) return no(fmt::format("has {} octets, expected {}", v.size(), want));
  }
  if (m.hex) {
    std::string want = hex_to_octets(*m.hex);
    if (v != want) return no(fmt::format("is {}, expected {}", shown(v), shown(want)));
  }
  if (m.json) {
    auto parsed = nlohmann::json::parse(v, nullptr, false);
    if (parsed.is_discarded()) return no(fmt::format("is {}, which is not JSON", shown(v)));
    if (!json_contains(parsed, *m.json)) return no(fmt::format("is {}, which does not contain {}", shown(v), m.json->dump()));
  }
  if (m.capture) captures[*m.capture] = v;
  return {true, {}, {}};
}

MatchResult match_frame(const FrameMatcher& m, const Frame& f, Variables& vars) {
  std::map<std::string, std::string> captures;
  MatchResult r = try_match_frame(m, f, vars, captures);
  if (r.matched)
    for (auto& [k, v] : captures) {
      if (k.starts_with(kAbsentCapture)) vars.set_absent(k.substr(1), v);
      else vars.set(k, v);
    }
  return r;
}

MatchResult try_match_frame(const FrameMatcher& m, const Frame& f, Variables& vars,
                            std::map<std::string, std::string>& captures) {
  if (m.command && f.command != *m.command)
    return no(fmt::format("got {} where {} was expected", f.command.empty() ? "an empty command" : f.command, *m.command));
  std::map<std::string, std::string> got;  // handed over only when the whole frame matches
  for (const auto& [name, vm] : m.headers) {
    const std::string* value = f.find(name);
    auto r = match_value(vm, value, vars, got);
    if (!r.matched) {
      if (!r.error.empty()) return r;
      return no(fmt::format("{} header '{}' {}", f.command, name, r.mismatch));
    }
    if (!value && vm.capture) got[std::string(kAbsentCapture) + *vm.capture] = fmt::format("the {} had no '{}' header", f.command, name);
  }
  if (m.body) {
    auto r = match_value(*m.body, &f.body, vars, got);
    if (!r.matched) {
      if (!r.error.empty()) return r;
      return no(fmt::format("{} body {}", f.command, r.mismatch));
    }
  }
  for (auto& [k, v] : got) captures[k] = std::move(v);
  return {true, {}, {}};
}

}  // namespace stompspec
