#pragma once
// Command-line quantities of the fuzzer: run lengths ("30s", "10m", "8h",
// "1h30m", "250ms"; a bare number is seconds) and rates ("200", "200/s").
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace stompspec::fuzzer {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text, std::string* error = nullptr);
std::optional<double> parse_rate(std::string_view text, std::string* error = nullptr);  // per second, > 0
std::string format_elapsed(std::chrono::milliseconds d);  // "01:02:03"

}  // namespace stompspec::fuzzer
