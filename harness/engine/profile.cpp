#include "engine/profile.hpp"


#include <fmt/format.h>

#include "scenario/json_lines.hpp"

namespace stompspec {

using nlohmann::json;

std::vector<std::string> Profile::versions() const {
  if (auto it = features.find("versions"); it != features.end() && it->is_array())
    return it->get<std::vector<std::string>>();
  return {"1.0", "1.1", "1.2"};
}

bool Profile::offers(const std::string& feature, std::string* why) const {
  auto colon = feature.find(':');
  bool ok;
  if (feature.starts_with("limit:")) {
    // A case built around a limit shows nothing without one: skip it rather
    // than pass it on an empty test.
    const std::string key = feature.substr(colon + 1);
    if (limit(key, 0) > 0) return true;
    if (why) *why = fmt::format("profile '{}' gives no limits.{} (the case needs a known limit)", name, key);
    return false;
  }
  if (colon != std::string::npos) {
    // "ack:client" looks in ack_modes; "version:1.1" in versions.
    std::string key = feature.substr(0, colon), value = feature.substr(colon + 1);
    std::string list = key == "ack" ? "ack_modes" : key == "version" ? "versions" : key;
    auto it = features.find(list);
    ok = it == features.end() ||
         (it->is_array() && std::find(it->begin(), it->end(), json(value)) != it->end());
  } else {
    auto it = features.find(feature);
    ok = it == features.end() || (it->is_boolean() && it->get<bool>());
  }
  if (!ok && why) *why = fmt::format("profile '{}' does not offer '{}'", name, feature);
  return ok;
}

long long Profile::limit(const std::string& key, long long fallback) const {
  auto it = limits.find(key);
  return it != limits.end() && it->is_number_integer() ? it->get<long long>() : fallback;
}

const Deviation* Profile::deviation_for(const std::string& id, const std::string& instance,
                                        const std::string& transport) const {
  for (const auto& d : deviations) {
    if (!d.transports.empty() && std::find(d.transports.begin(), d.transports.end(), transport) == d.transports.end())
      continue;
    bool hit = d.pattern == id || d.pattern == instance;
    if (!hit && !d.pattern.empty() && d.pattern.back() == '*') {
      std::string_view prefix(d.pattern.data(), d.pattern.size() - 1);
      hit = std::string_view(instance).starts_with(prefix);
    }
    if (hit) return &d;
  }
  return nullptr;
}

Profile default_profile() { return Profile{}; }

std::optional<Profile> load_profile(const std::string& path, std::vector<Diagnostic>& errors) {
  auto contents = read_text_file(path);
  if (!contents) {
    errors.push_back({path, 0, "", "cannot read the profile"});
    return std::nullopt;
  }
  const std::string& text = *contents;
  LineMap lines = map_json_lines(text);
  auto err = [&](const std::string& ptr, std::string msg) {
    errors.push_back({path, line_of(lines, ptr), pointer_to_field(ptr), std::move(msg)});
  };
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    errors.push_back({path, 0, "", "not a JSON object"});
    return std::nullopt;
  }
  std::size_t before = errors.size();
  Profile p;
  p.file = path;
  static const std::vector<std::string> known{"$schema", "name", "description", "urls", "login", "passcode", "host",
                                              "destinations", "features", "limits", "timeouts", "deviations"};
  for (const auto& [k, v] : j.items())
    if (std::find(known.begin(), known.end(), k) == known.end()) err("/" + k, fmt::format("unknown key '{}'", k));
  auto str = [&](const json& o, const char* key, const std::string& ptr) -> std::optional<std::string> {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
      err(ptr + "/" + key, "expected a string");
      return std::nullopt;
    }
    return it->get<std::string>();
  };
  p.name = str(j, "name", "").value_or("unnamed");
  p.description = str(j, "description", "").value_or("");
  p.login = str(j, "login", "");
  p.passcode = str(j, "passcode", "");
  p.host = str(j, "host", "");
  if (auto u = j.find("urls"); u != j.end() && u->is_object())
    for (const auto& [k, v] : u->items()) {
      if (v.is_string()) p.urls[k] = v.get<std::string>();
      else err("/urls/" + k, "expected a URL string");
    }
  if (auto d = j.find("destinations"); d != j.end() && d->is_object()) {
    p.queue_prefix = str(*d, "queue", "/destinations").value_or(p.queue_prefix);
    p.topic_prefix = str(*d, "topic", "/destinations").value_or(p.topic_prefix);
  }
  if (auto f = j.find("features"); f != j.end()) p.features = *f;
  if (auto l = j.find("limits"); l != j.end()) p.limits = *l;
  if (auto t = j.find("timeouts"); t != j.end() && t->is_object()) {
    p.expect_ms = t->value("expect_ms", p.expect_ms);
    p.silence_ms = t->value("silence_ms", p.silence_ms);
    p.settle_ms = t->value("settle_ms", p.settle_ms);
    p.after_error_ms = t->value("after_error_ms", p.after_error_ms);
    p.max_wait_ms = t->value("max_wait_ms", p.max_wait_ms);
  }
  if (auto d = j.find("deviations"); d != j.end()) {
    if (!d->is_object()) err("/deviations", "expected an object: case id -> {reason, transports}");
    else
      for (const auto& [k, v] : d->items()) {
        std::string ptr = "/deviations/" + k;
        Deviation dev{k, {}, {}};
        if (v.is_string()) dev.reason = v.get<std::string>();
        else if (v.is_object()) {
          dev.reason = str(v, "reason", ptr).value_or("");
          if (auto t = v.find("transports"); t != v.end() && t->is_array())
            for (const auto& x : *t) if (x.is_string()) dev.transports.push_back(x.get<std::string>());
        }
        if (dev.reason.empty()) err(ptr, "a known deviation needs a reason");
        p.deviations.push_back(std::move(dev));
      }
  }
  if (errors.size() != before) return std::nullopt;
  return p;
}

}  // namespace stompspec
