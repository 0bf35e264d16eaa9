#include "core/clock.hpp"

#include <ctime>

namespace stompspec::clock {

namespace {
std::string utc_now(const char* format) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);  // not std::gmtime: runs and the fuzzer stamp from several threads
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}
}  // namespace

std::string utc_timestamp() { return utc_now("%Y-%m-%dT%H:%M:%SZ"); }
std::string utc_date() { return utc_now("%Y-%m-%d"); }

double ms_since(Steady::time_point since) {
  return std::chrono::duration<double, std::milli>(Steady::now() - since).count();
}

}  // namespace stompspec::clock
