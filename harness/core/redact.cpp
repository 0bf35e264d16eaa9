#include "core/redact.hpp"

namespace stompspec {

namespace {

bool starts_with_passcode(std::string_view s, std::size_t i) {
  static constexpr std::string_view name = "passcode:";
  if (s.size() - i < name.size()) return false;
  for (std::size_t k = 0; k < name.size(); ++k) {
    char c = s[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != name[k]) return false;
  }
  return true;
}

}  // namespace

std::string redact_passcodes(std::string_view octets) {
  static constexpr std::size_t name_length = 9;  // "passcode:"
  std::string out;
  out.reserve(octets.size());
  bool line_start = true;
  std::size_t i = 0;
  while (i < octets.size()) {
    // Letter case is ignored: a scenario probing header-name case may still
    // carry the real secret.
    if (line_start && starts_with_passcode(octets, i)) {
      out.append(octets, i, name_length);
      i += name_length;
      const std::size_t end = octets.find_first_of(std::string_view("\r\n\0", 3), i);
      const std::size_t stop = end == std::string_view::npos ? octets.size() : end;
      if (stop > i) out += "********";
      i = stop;
      line_start = false;
      continue;
    }
    // Copy up to and including the next line end in one go: bodies are long.
    std::size_t end = i;
    while (end < octets.size() && octets[end] != '\n' && octets[end] != '\0') ++end;
    line_start = end < octets.size();
    const std::size_t stop = line_start ? end + 1 : end;
    out.append(octets, i, stop - i);
    i = stop;
  }
  return out;
}

}  // namespace stompspec
