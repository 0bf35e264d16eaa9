#include "engine/profile.hpp"
#include "transport/url.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

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

namespace {
std::size_t read_limit(const Profile& p, const char* key, std::size_t fallback) {
  const long long v = p.limit(key, 0);
  return v > 0 ? static_cast<std::size_t>(v) : fallback;
}
}  // namespace

Limits Profile::read_limits() const {
  const Limits d;
  return {read_limit(*this, "read_max_frame_size", d.max_frame_size), read_limit(*this, "read_max_headers", d.max_headers),
          read_limit(*this, "read_max_line_length", d.max_line_length)};
}

std::size_t Profile::read_max_ws_message() const {
  return read_limit(*this, "read_max_ws_message", TransportOptions{}.max_read_message);
}

bool Deviation::covers(const std::string& id, const std::string& instance, const std::string& transport) const {
  if (!transports.empty() &&
      std::none_of(transports.begin(), transports.end(), [&](const auto& t) { return transport_covers(t, transport); }))
    return false;
  if (pattern == id || pattern == instance) return true;
  if (pattern.empty() || pattern.back() != '*') return false;
  return std::string_view(instance).starts_with(std::string_view(pattern.data(), pattern.size() - 1));
}

namespace {
const Deviation* first_covering(const std::vector<Deviation>& list, const std::string& id,
                                const std::string& instance, const std::string& transport) {
  for (const auto& d : list)
    if (d.covers(id, instance, transport)) return &d;
  return nullptr;
}
}  // namespace

const Deviation* Profile::deviation_for(const std::string& id, const std::string& instance,
                                        const std::string& transport) const {
  return first_covering(deviations, id, instance, transport);
}

const Deviation* Profile::exclusion_for(const std::string& id, const std::string& instance,
                                        const std::string& transport) const {
  return first_covering(excludes, id, instance, transport);
}

Profile default_profile() { return Profile{}; }

}  // namespace stompspec
