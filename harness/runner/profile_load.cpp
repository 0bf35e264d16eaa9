// Reads a profile and checks every key against the vocabulary in
// profile_keys.cpp: a misspelt feature ("transaction": false) silently
// ignored would run cases the broker cannot take, so it is an error that
// names the file, line, key and the keys allowed there.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "engine/profile.hpp"
#include "runner/profile_keys.hpp"
#include "runner/profile_load.hpp"
#include "scenario/load_context.hpp"
#include "transport/url.hpp"

namespace stompspec {
namespace {

using nlohmann::json;
using detail::LoadContext;

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

void only_keys(LoadContext& ctx, const json& obj, const std::string& ptr, const std::vector<std::string>& allowed,
               const char* what) {
  for (const auto& item : obj.items())
    if (!contains(allowed, item.key()))
      ctx.error(ptr + "/" + item.key(),
                fmt::format("unknown {} '{}' (allowed here: {})", what, item.key(), fmt::join(allowed, ", ")));
}

bool is_object(LoadContext& ctx, const json& v, const std::string& ptr) {
  if (v.is_object()) return true;
  ctx.error(ptr, fmt::format("expected an object, found {}", v.type_name()));
  return false;
}

// A string, or null / absent for "not sent" (login, passcode, host).
std::optional<std::string> optional_string(LoadContext& ctx, const json& obj, const std::string& key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    ctx.error("/" + key, fmt::format("expected a string or null, found {}", it->type_name()));
    return std::nullopt;
  }
  return it->get<std::string>();
}

void read_features(LoadContext& ctx, const json& f, Profile& p) {
  std::vector<std::string> names;
  for (const auto& k : profile_features()) names.push_back(k.name);
  only_keys(ctx, f, "/features", names, "feature");
  for (const auto& k : profile_features()) {
    auto it = f.find(k.name);
    if (it == f.end()) continue;
    const std::string ptr = "/features/" + k.name;
    if (k.values.empty()) {
      if (!it->is_boolean()) ctx.error(ptr, fmt::format("expected true or false, found {}", it->type_name()));
      continue;
    }
    if (!it->is_array()) {
      ctx.error(ptr, fmt::format("expected a list of {}", fmt::join(k.values, ", ")));
      continue;
    }
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& v = (*it)[i];
      const std::string item = v.is_string() ? v.get<std::string>() : v.dump();
      if (!v.is_string() || !contains(k.values, item))
        ctx.error(ptr + "/" + std::to_string(i),
                  fmt::format("unknown {} item '{}' (allowed: {})", k.name, item, fmt::join(k.values, ", ")));
      else if (contains(seen, item))
        ctx.error(ptr + "/" + std::to_string(i), fmt::format("'{}' is listed twice", item));
      seen.push_back(item);
    }
    if (k.name == "versions" && it->empty()) ctx.error(ptr, "a profile must offer at least one STOMP version");
  }
  p.features = f;
}

void read_limits(LoadContext& ctx, const json& l, Profile& p) {
  only_keys(ctx, l, "/limits", profile_limits(), "limit");
  for (const auto& item : l.items())
    if (!item.value().is_number_integer() || item.value().get<long long>() < 0)
      ctx.error("/limits/" + item.key(), "expected a whole number >= 0 (0: no limit)");
  p.limits = l;
}

void read_timeouts(LoadContext& ctx, const json& t, Profile& p) {
  std::vector<std::string> names;
  for (const auto& k : profile_timeouts()) names.push_back(k.name);
  only_keys(ctx, t, "/timeouts", names, "timeout");
  for (const auto& k : profile_timeouts()) {
    auto it = t.find(k.name);
    if (it == t.end()) continue;
    if (!it->is_number_integer() || it->get<long long>() <= 0 || it->get<long long>() > 3'600'000)
      ctx.error("/timeouts/" + k.name, "expected milliseconds: a whole number from 1 to 3600000");
    else
      p.*(k.field) = it->get<int>();
  }
}

// JSON Pointer escaping, as map_json_lines writes its keys ("a/b" -> "a~1b").
std::string pointer_token(const std::string& key) {
  std::string t;
  for (char c : key) t += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return t;
}

// A case id holds '/', which a dotted field path would mangle: name the
// entry as exclude["stomp12/send/2"].transports[0].
struct EntryErrors {
  LoadContext& ctx;
  std::string key, pattern;
  void operator()(const std::string& sub, std::string message) const {
    std::string ptr = "/" + key + "/" + pointer_token(pattern) + sub;
    ctx.errors.push_back({ctx.file, line_of(ctx.lines, ptr),
                          fmt::format("{}[\"{}\"]{}", key, pattern, pointer_to_field(sub).insert(0, sub.empty() ? "" : ".")),
                          std::move(message)});
  }
};

// deviations and exclude share one shape: pattern -> reason, or {reason, transports}.
std::vector<Deviation> read_patterns(LoadContext& ctx, const json& d, const std::string& key) {
  std::vector<Deviation> out;
  for (const auto& [pattern, v] : d.items()) {
    const EntryErrors err{ctx, key, pattern};
    Deviation dev{pattern, {}, {}};
    if (auto star = pattern.find('*'); star != std::string::npos && star + 1 != pattern.size())
      err("", "'*' may only end a pattern (a prefix of case ids)");
    if (v.is_string()) {
      dev.reason = v.get<std::string>();
    } else if (v.is_object()) {
      for (const auto& item : v.items())
        if (item.key() != "reason" && item.key() != "transports")
          err("/" + item.key(), fmt::format("unknown key '{}' (allowed here: reason, transports)", item.key()));
      if (auto r = v.find("reason"); r != v.end()) {
        if (r->is_string()) dev.reason = r->get<std::string>();
        else err("/reason", fmt::format("expected a string, found {}", r->type_name()));
      }
      if (auto t = v.find("transports"); t != v.end()) {
        if (!t->is_array()) err("/transports", "expected a list of transports: tcp, ws, tls, wss");
        else
          for (std::size_t i = 0; i < t->size(); ++i) {
            const json& x = (*t)[i];
            if (x.is_string() && (x == "tcp" || x == "ws" || x == "tls" || x == "wss" || x == "sockjs" || x == "sockjs-xhr")) dev.transports.push_back(x.get<std::string>());
            else err("/transports/" + std::to_string(i), fmt::format("unknown transport {} (allowed: tcp, ws, tls, wss, sockjs, sockjs-xhr; ws covers wss, tcp covers tls, sockjs covers sockjs-xhr)", x.dump()));
          }
      }
    } else {
      err("", "expected a reason, or an object {\"reason\": ..., \"transports\": [...]}");
      continue;
    }
    if (dev.reason.empty()) err("", fmt::format("every entry of '{}' needs a reason", key));
    out.push_back(std::move(dev));
  }
  return out;
}

// Files are relative to the profile's folder, so a profile travels with its CA.
void read_tls(LoadContext& ctx, const json& t, const std::string& path, Profile& p) {
  only_keys(ctx, t, "/tls", {"ca", "cert", "key", "server_name", "insecure"}, "key");
  auto file = [&](const char* key) -> std::string {
    auto it = t.find(key);
    if (it == t.end() || !ctx.is_string(*it, std::string("/tls/") + key)) return "";
    std::filesystem::path f(it->get<std::string>());
    if (f.is_relative() && !path.empty()) f = std::filesystem::path(path).parent_path() / f;
    return f.lexically_normal().string();
  };
  p.tls.ca_file = file("ca");
  p.tls.cert_file = file("cert");
  p.tls.key_file = file("key");
  if (auto n = t.find("server_name"); n != t.end() && ctx.is_string(*n, "/tls/server_name")) p.tls.server_name = n->get<std::string>();
  if (auto i = t.find("insecure"); i != t.end()) {
    if (i->is_boolean()) p.tls.insecure = i->get<bool>();
    else ctx.error("/tls/insecure", "expected true or false");
  }
  if (p.tls.cert_file.empty() != p.tls.key_file.empty()) ctx.error("/tls", "a client certificate needs both 'cert' and 'key'");
}

}  // namespace

std::optional<Profile> parse_profile(const std::string& text, const std::string& path, std::vector<Diagnostic>& errors) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    errors.push_back({path, 0, "", "not a JSON object"});
    return std::nullopt;
  }
  LoadContext ctx{path, map_json_lines(text), errors};
  Profile p;
  p.file = path;
  only_keys(ctx, j, "",
            {"$schema", "name", "description", "urls", "login", "passcode", "host", "destinations", "features",
             "limits", "timeouts", "deviations", "exclude", "commands", "tls", "evidence", "barrier",
             "accept_version_1_0"},
            "key");
  if (auto n = j.find("name"); n != j.end()) p.name = ctx.is_string(*n, "/name") ? n->get<std::string>() : p.name;
  else p.name = "unnamed";
  if (auto d = j.find("description"); d != j.end() && ctx.is_string(*d, "/description")) p.description = d->get<std::string>();
  p.login = optional_string(ctx, j, "login");
  p.passcode = optional_string(ctx, j, "passcode");
  p.host = optional_string(ctx, j, "host");
  if (auto u = j.find("urls"); u != j.end() && is_object(ctx, *u, "/urls"))
    for (const auto& [k, v] : u->items()) {
      std::string why;
      if (!v.is_string()) ctx.error("/urls/" + k, "expected a URL string (tcp://host:port or ws://host:port/path)");
      else if (!Url::parse(v.get<std::string>(), &why)) ctx.error("/urls/" + k, fmt::format("bad URL: {}", why));
      else p.urls[k] = v.get<std::string>();
    }
  if (auto d = j.find("destinations"); d != j.end() && is_object(ctx, *d, "/destinations")) {
    only_keys(ctx, *d, "/destinations", {"queue", "topic"}, "key");
    if (auto q = d->find("queue"); q != d->end() && ctx.is_string(*q, "/destinations/queue")) p.queue_prefix = q->get<std::string>();
    if (auto t = d->find("topic"); t != d->end() && ctx.is_string(*t, "/destinations/topic")) p.topic_prefix = t->get<std::string>();
  }
  if (auto f = j.find("features"); f != j.end() && is_object(ctx, *f, "/features")) read_features(ctx, *f, p);
  if (auto l = j.find("limits"); l != j.end() && is_object(ctx, *l, "/limits")) read_limits(ctx, *l, p);
  if (auto t = j.find("timeouts"); t != j.end() && is_object(ctx, *t, "/timeouts")) read_timeouts(ctx, *t, p);
  if (auto d = j.find("deviations"); d != j.end() && is_object(ctx, *d, "/deviations"))
    p.deviations = read_patterns(ctx, *d, "deviations");
  if (auto x = j.find("exclude"); x != j.end() && is_object(ctx, *x, "/exclude"))
    p.excludes = read_patterns(ctx, *x, "exclude");
  if (auto t = j.find("tls"); t != j.end() && is_object(ctx, *t, "/tls")) read_tls(ctx, *t, path, p);
  if (auto c = j.find("commands"); c != j.end() && is_object(ctx, *c, "/commands")) {
    only_keys(ctx, *c, "/commands", {"start"}, "key");
    if (auto st = c->find("start"); st != c->end() && ctx.is_string(*st, "/commands/start")) p.start_command = st->get<std::string>();
  }
  if (auto b = j.find("barrier"); b != j.end() && ctx.is_string(*b, "/barrier")) {
    const auto& allowed = profile_barriers();
    std::string v = b->get<std::string>();
    if (!contains(allowed, v))
      ctx.error("/barrier", fmt::format("unknown barrier '{}' (allowed: {})", v, fmt::join(allowed, ", ")));
    else if (v == "receipt" && !p.offers("receipts", nullptr))
      ctx.error("/barrier", "barrier 'receipt' needs features.receipts (the profile says the broker sends none)");
    else if (v == "subscription" && !p.offers("topics", nullptr))
      ctx.error("/barrier", "barrier 'subscription' needs features.topics (its markers go through a private topic)");
    else p.barrier_choice = v;
  }
  if (auto a = j.find("accept_version_1_0"); a != j.end()) {
    if (!a->is_boolean()) ctx.error("/accept_version_1_0", fmt::format("expected true or false, found {}", a->type_name()));
    else p.accept_version_1_0 = a->get<bool>();
  }
  if (!ctx.ok()) return std::nullopt;
  return p;
}

std::optional<Profile> load_profile(const std::string& path, std::vector<Diagnostic>& errors) {
  auto contents = read_text_file(path);
  if (!contents) {
    errors.push_back({path, 0, "", "cannot read the profile"});
    return std::nullopt;
  }
  return parse_profile(*contents, path, errors);
}

}  // namespace stompspec
