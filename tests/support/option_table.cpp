// The broker options by name (--option NAME=VALUE); see fault_table.hpp.
#include <algorithm>
#include <charconv>

#include "fault_table.hpp"

namespace stompspec::testing {
namespace {

bool to_uint(const std::string& s, unsigned long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

bool to_bool(const std::string& s, bool& out) {
  if (s == "true" || s == "1" || s == "yes") return out = true, true;
  if (s == "false" || s == "0" || s == "no") return out = false, true;
  return false;
}

}  // namespace

const std::vector<OptionSpec>& option_table() {
  static const std::vector<OptionSpec> table{
    {"port", "TCP port to listen on (0: any free port)",
     [](Options& o, const std::string& v, std::string* why) {
       unsigned long n = 0;
       if (!to_uint(v, n) || n > 65535) return *why = "a port is 0..65535", false;
       o.tcp_port = static_cast<std::uint16_t>(n);
       return true;
     }},
    {"ws_port", "WebSocket port to listen on (0: any free port)",
     [](Options& o, const std::string& v, std::string* why) {
       unsigned long n = 0;
       if (!to_uint(v, n) || n > 65535) return *why = "a port is 0..65535", false;
       o.ws_port = static_cast<std::uint16_t>(n);
       return true;
     }},
    {"max_frame_size", "octets; larger frames get ERROR and close",
     [](Options& o, const std::string& v, std::string* why) {
       unsigned long n = 0;
       if (!to_uint(v, n) || n == 0) return *why = "a positive number of octets", false;
       o.max_frame_size = n;
       return true;
     }},
    {"heartbeat", "SX,SY declared in CONNECTED (ms)",
     [](Options& o, const std::string& v, std::string* why) {
       const auto comma = v.find(',');
       unsigned long sx = 0, sy = 0;
       if (comma == std::string::npos || !to_uint(v.substr(0, comma), sx) || !to_uint(v.substr(comma + 1), sy))
         return *why = "two numbers of milliseconds, e.g. 100,100", false;
       o.heartbeat_send_ms = static_cast<std::uint32_t>(sx);
       o.heartbeat_want_ms = static_cast<std::uint32_t>(sy);
       return true;
     }},
    {"versions", "comma-separated versions offered, e.g. 1.1,1.2",
     [](Options& o, const std::string& v, std::string* why) {
       std::vector<Version> out;
       std::size_t start = 0;
       while (start <= v.size()) {
         auto end = std::min(v.find(',', start), v.size());
         auto parsed = parse_version(v.substr(start, end - start));
         if (!parsed) return *why = "versions are 1.0, 1.1, 1.2", false;
         out.push_back(*parsed);
         start = end + 1;
       }
       o.versions = out;
       return true;
     }},
    {"login", "the login accepted", [](Options& o, const std::string& v, std::string*) { return o.login = v, true; }},
    {"passcode", "the passcode accepted",
     [](Options& o, const std::string& v, std::string*) { return o.passcode = v, true; }},
    {"server", "the CONNECTED server header",
     [](Options& o, const std::string& v, std::string*) { return o.server_header = v, true; }},
    {"receipts", "false: RECEIPT only for DISCONNECT, like Spring's simple broker (profile receipts:false)",
     [](Options& o, const std::string& v, std::string* why) {
       if (!to_bool(v, o.receipts)) return *why = "true or false", false;
       return true;
     }},
    {"queues", "false: topics only, every destination fans out (profile queues:false)",
     [](Options& o, const std::string& v, std::string* why) {
       if (!to_bool(v, o.queues)) return *why = "true or false", false;
       return true;
     }},
    {"linger_ms", "how long a closing connection drains (ms)",
     [](Options& o, const std::string& v, std::string* why) {
       unsigned long n = 0;
       if (!to_uint(v, n)) return *why = "a number of milliseconds", false;
       o.linger = std::chrono::milliseconds(n);
       return true;
     }},
  };
  return table;
}

}  // namespace stompspec::testing
