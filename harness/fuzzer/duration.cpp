#include "fuzzer/duration.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace stompspec::fuzzer {
namespace {

std::nullopt_t fail(std::string* error, std::string why) {
  if (error) *error = std::move(why);
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::string* error) {
  const std::string original(text);
  if (text.empty()) return fail(error, "empty duration (use e.g. 30s, 10m, 8h)");
  long long total_ms = 0;
  while (!text.empty()) {
    unsigned long long n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || p == text.data() || n > 1'000'000'000ULL) {
      return fail(error, "bad duration '" + original + "' (use e.g. 30s, 10m, 8h, 1h30m)");
    }
    text.remove_prefix(static_cast<std::size_t>(p - text.data()));
    std::size_t unit_len = 0;
    while (unit_len < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_len]))) ++unit_len;
    const std::string_view unit = text.substr(0, unit_len);
    text.remove_prefix(unit_len);
    long long scale = 0;
    if (unit == "ms") scale = 1;
    else if (unit == "s" || (unit.empty() && text.empty())) scale = 1000;
    else if (unit == "m" || unit == "min") scale = 60'000;
    else if (unit == "h") scale = 3'600'000;
    else if (unit == "d") scale = 86'400'000;
    if (scale == 0) {
      return fail(error, "unknown unit '" + std::string(unit) + "' in duration '" + original + "' (ms, s, m, h, d)");
    }
    total_ms += static_cast<long long>(n) * scale;
  }
  if (total_ms <= 0) return fail(error, "duration '" + original + "' must be positive");
  return std::chrono::milliseconds(total_ms);
}

std::optional<double> parse_rate(std::string_view text, std::string* error) {
  const std::string original(text);
  if (text.ends_with("/s")) text.remove_suffix(2);
  double r = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), r);
  if (ec != std::errc{} || p != text.data() + text.size() || !(r > 0)) {
    return fail(error, "bad rate '" + original + "' (frames per second, e.g. 200 or 200/s)");
  }
  return r;
}

std::string format_elapsed(std::chrono::milliseconds d) {
  const long long s = d.count() / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

}  // namespace stompspec::fuzzer
