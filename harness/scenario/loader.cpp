#include "scenario/loader.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "scenario/load_context.hpp"

namespace stompspec {

using detail::json;
using detail::LoadContext;
namespace fs = std::filesystem;

std::string Diagnostic::str() const {
  std::string where = line > 0 ? fmt::format("{}:{}", file, line) : file;
  return field.empty() ? fmt::format("{}: {}", where, message)
                       : fmt::format("{}: {}: {}", where, field, message);
}

namespace detail {

void LoadContext::only_keys(const json& obj, const std::string& ptr,
                            std::initializer_list<const char*> allowed) {
  only_keys(obj, ptr, std::vector<std::string_view>(allowed.begin(), allowed.end()));
}

void LoadContext::only_keys(const json& obj, const std::string& ptr, const std::vector<std::string_view>& allowed) {
  for (const auto& item : obj.items()) {
    // Not a structured binding: clang 14 cannot capture one in a lambda.
    const std::string& key = item.key();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      error(ptr + "/" + key, fmt::format("unknown key '{}' (allowed here: {})", key, list));
    }
  }
}

bool LoadContext::is_string(const json& v, const std::string& ptr) {
  if (v.is_string()) return true;
  error(ptr, fmt::format("expected a string, found {}", v.type_name()));
  return false;
}

std::string LoadContext::string_at(const json& obj, const std::string& ptr, const char* key, bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) error(ptr, fmt::format("missing required key '{}'", key));
    return {};
  }
  return is_string(*it, ptr + "/" + key) ? it->get<std::string>() : std::string{};
}

std::vector<std::string> LoadContext::strings_at(const json& obj, const std::string& ptr, const char* key) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  std::string p = ptr + "/" + key;
  if (!it->is_array()) {
    error(p, fmt::format("expected an array of strings, found {}", it->type_name()));
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i)
    if (is_string((*it)[i], p + "/" + std::to_string(i))) out.push_back((*it)[i].get<std::string>());
  return out;
}

int LoadContext::int_at(const json& obj, const std::string& ptr, const char* key, int fallback) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 86'400'000) {
    error(ptr + "/" + key, "expected a whole number of milliseconds from 0 to 86400000");
    return fallback;
  }
  return it->get<int>();
}

bool LoadContext::bool_at(const json& obj, const std::string& ptr, const char* key, bool fallback) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (!it->is_boolean()) {
    error(ptr + "/" + key, fmt::format("expected true or false, found {}", it->type_name()));
    return fallback;
  }
  return it->get<bool>();
}

}  // namespace detail

namespace {

const std::set<std::string> kLevels{"MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY"};
const std::set<std::string> kVersions{"1.0", "1.1", "1.2"};

int level_rank(const std::string& l) {
  if (l.rfind("MUST", 0) == 0) return 3;
  if (l.rfind("SHOULD", 0) == 0) return 2;
  return 1;
}

void parse_refs(LoadContext& ctx, const json& j, Case& c) {
  auto it = j.find("spec");
  if (it == j.end() || !it->is_array() || it->empty()) {
    ctx.error("/spec", "every case needs a non-empty 'spec' array of {version, section, level, requirement}");
    return;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    std::string p = "/spec/" + std::to_string(i);
    const json& r = (*it)[i];
    if (!r.is_object()) { ctx.error(p, "expected an object"); continue; }
    ctx.only_keys(r, p, {"version", "section", "level", "requirement"});
    SpecRef ref{ctx.string_at(r, p, "version", true), ctx.string_at(r, p, "section", true),
                ctx.string_at(r, p, "level", true), ctx.string_at(r, p, "requirement", true)};
    if (!ref.version.empty() && !kVersions.count(ref.version))
      ctx.error(p + "/version", fmt::format("unknown STOMP version '{}' (use 1.0, 1.1 or 1.2)", ref.version));
    if (!ref.level.empty() && !kLevels.count(ref.level))
      ctx.error(p + "/level", fmt::format("unknown level '{}' (use MUST, MUST NOT, SHOULD, SHOULD NOT or MAY)", ref.level));
    c.refs.push_back(std::move(ref));
  }
}

}  // namespace

namespace {
std::optional<Case> parse_case_unguarded(std::string_view text, const std::string& file,
                                         std::vector<Diagnostic>& errors);
}

std::optional<Case> parse_case(std::string_view text, const std::string& file, std::vector<Diagnostic>& errors) {
  // The loader checks types before reading values; this is the net under it,
  // so no file can end the process (the fuzz_scenario_load target's promise).
  try {
    return parse_case_unguarded(text, file, errors);
  } catch (const std::exception& e) {
    errors.push_back({file, 0, "", std::string("cannot read the case: ") + e.what()});
    return std::nullopt;
  }
}

namespace {
std::optional<Case> parse_case_unguarded(std::string_view text, const std::string& file,
                                         std::vector<Diagnostic>& errors) {
  LoadContext ctx{file, map_json_lines(text), errors};
  json j;
  try {
    j = json::parse(text);
  } catch (const json::out_of_range& e) {
    // nlohmann reports a number it cannot hold (1e999) this way, not as a parse error.
    errors.push_back({file, 0, "", std::string("not usable JSON: ") + e.what()});
    return std::nullopt;
  } catch (const json::parse_error& e) {
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + std::min(e.byte, text.size()), '\n'));
    std::string what = e.what();
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    errors.push_back({file, line, "", "not valid JSON: " + what});
    return std::nullopt;
  }
  if (!j.is_object()) {
    ctx.error("", "a scenario file holds one JSON object (a case)");
    return std::nullopt;
  }
  ctx.only_keys(j, "", {"$schema", "id", "title", "spec", "level", "requirements", "versions", "features",
                        "keywords", "transports", "clients", "subprotocols", "alone", "steps", "notes"});
  Case c;
  c.src = {file, 1};
  c.id = ctx.string_at(j, "", "id", true);
  if (!c.id.empty() && c.id.find_first_of(" \t@") != std::string::npos)
    ctx.error("/id", "an id has no spaces and no '@' (the runner adds @version)");
  if (!c.id.empty() && std::count(c.id.begin(), c.id.end(), '/') < 2)
    ctx.error("/id", fmt::format("id '{}' should read <suite>/<section>/<n>, e.g. stomp12/send/1", c.id));
  c.title = ctx.string_at(j, "", "title", true);
  parse_refs(ctx, j, c);
  c.level = ctx.string_at(j, "", "level", false);
  if (!c.level.empty() && !kLevels.count(c.level))
    ctx.error("/level", fmt::format("unknown level '{}'", c.level));
  if (c.level.empty())
    for (const auto& r : c.refs)
      if (c.level.empty() || level_rank(r.level) > level_rank(c.level)) c.level = r.level;
  c.requirements = ctx.strings_at(j, "", "requirements");
  c.versions = ctx.strings_at(j, "", "versions");
  if (!j.contains("versions")) ctx.error("", "missing required key 'versions' (the STOMP versions the case applies to)");
  for (std::size_t i = 0; i < c.versions.size(); ++i)
    if (!kVersions.count(c.versions[i]))
      ctx.error("/versions/" + std::to_string(i), fmt::format("unknown STOMP version '{}'", c.versions[i]));
  c.features = ctx.strings_at(j, "", "features");
  c.keywords = ctx.strings_at(j, "", "keywords");
  c.transports = ctx.strings_at(j, "", "transports");
  for (std::size_t i = 0; i < c.transports.size(); ++i)
    if (c.transports[i] != "tcp" && c.transports[i] != "ws" && c.transports[i] != "sockjs")
      ctx.error("/transports/" + std::to_string(i), fmt::format("unknown transport '{}' (tcp, ws or sockjs)", c.transports[i]));
  c.clients = ctx.strings_at(j, "", "clients");
  if (c.clients.empty()) c.clients = {"c"};
  c.notes = ctx.string_at(j, "", "notes", false);
  c.alone = ctx.bool_at(j, "", "alone", false);
  if (auto sp = j.find("subprotocols"); sp != j.end()) {
    c.subprotocols = ctx.strings_at(j, "", "subprotocols");
    c.offer_subprotocols = !c.subprotocols.empty();  // [] offers none
  }

  auto steps = j.find("steps");
  if (steps == j.end() || !steps->is_array() || steps->empty()) {
    ctx.error("/steps", "every case needs a non-empty 'steps' array");
  } else {
    for (std::size_t i = 0; i < steps->size(); ++i) {
      std::string p = "/steps/" + std::to_string(i);
      if (auto s = detail::parse_step(ctx, (*steps)[i], p)) {
        if (s->client.empty()) s->client = c.clients.front();
        auto declared = [&](const std::string& name) {
          return std::find(c.clients.begin(), c.clients.end(), name) != c.clients.end();
        };
        // A ${variable} (set by expect_one_client's capture_client) is resolved when the step runs.
        if (s->client.find("${") == std::string::npos && !declared(s->client))
          ctx.error(p + "/client", fmt::format("client '{}' is not declared in 'clients'", s->client));
        if (const auto* one = s->as<steps::OneClient>())
          for (std::size_t k = 0; k < one->clients.size(); ++k)
            if (!declared(one->clients[k]))
              ctx.error(p + "/expect_one_client/clients/" + std::to_string(k),
                        fmt::format("client '{}' is not declared in 'clients'", one->clients[k]));
        c.steps.push_back(std::move(*s));
      }
    }
  }
  if (!ctx.ok()) return std::nullopt;
  return c;
}
}  // namespace

std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<Case> load_case_file(const std::string& path, std::vector<Diagnostic>& errors) {
  auto text = read_text_file(path);
  if (!text) {
    errors.push_back({path, 0, "", "cannot read the file"});
    return std::nullopt;
  }
  return parse_case(*text, path, errors);
}

bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = std::isdigit(static_cast<unsigned char>(a[i])), db = std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      std::size_t ei = a.find_first_not_of("0123456789", i), ej = b.find_first_not_of("0123456789", j);
      if (ei == std::string_view::npos) ei = a.size();
      if (ej == std::string_view::npos) ej = b.size();
      std::string_view na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
      while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

CaseSet load_cases(const std::vector<std::string>& paths) {
  CaseSet set;
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (!it->is_regular_file() || it->path().extension() != ".json") continue;
        // Files the tool writes itself beside cases: `stompspec run --report`
        // (results.json) and `stompspec fuzz` (summary.json, finding.json), so
        // a findings folder can be replayed as it is.
        static const std::set<std::string> not_cases{"requirements.json", "kill-matrix.json", "results.json", "summary.json",
                                                     "finding.json"};
        if (not_cases.contains(name) || name.ends_with(".schema.json")) continue;
        files.push_back(it->path().string());
      }
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      set.errors.push_back({p, 0, "", "no such file or folder"});
    }
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> seen;
  for (const auto& f : files) {
    auto c = load_case_file(f, set.errors);
    if (!c) continue;
    if (auto [it, fresh] = seen.emplace(c->id, f); !fresh) {
      set.errors.push_back({f, 1, "id", fmt::format("duplicate id '{}' (also in {})", c->id, it->second)});
      continue;
    }
    set.cases.push_back(std::move(*c));
  }
  std::sort(set.cases.begin(), set.cases.end(), [](const Case& a, const Case& b) { return natural_less(a.id, b.id); });
  return set;
}

}  // namespace stompspec
