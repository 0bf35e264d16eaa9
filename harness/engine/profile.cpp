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

std::string Profile::barrier() const {
  if (!barrier_choice.empty()) return barrier_choice;
  if (offers("receipts", nullptr)) return "receipt";
  return offers("topics", nullptr) ? "subscription" : "settle";
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

wire::TranscriptCaps Profile::transcript_caps() const {
  const wire::TranscriptCaps d;
  return {read_limit(*this, "transcript_max_entry", d.max_entry), read_limit(*this, "transcript_max_entries", d.max_entries),
          read_limit(*this, "transcript_max_bytes", d.max_bytes)};
}

Profile default_profile() { return Profile{}; }

}  // namespace stompspec
