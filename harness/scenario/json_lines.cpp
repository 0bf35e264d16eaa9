#include "scenario/json_lines.hpp"

#include <cctype>
#include <cstring>
#include <vector>

namespace stompspec {
namespace {

struct Scanner {
  std::string_view s;
  std::size_t i = 0;
  int line = 1;
  LineMap& out;
  bool stop = false;  // malformed or too deep: map no further

  void skip_ws() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) {
      if (s[i] == '\n') ++line;
      ++i;
    }
  }

  // Reads a JSON string starting at the quote; returns it decoded only as far
  // as pointer escaping needs (escapes other than \" and \\ are kept raw).
  std::string string() {
    std::string v;
    ++i;  // opening quote
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\' && i + 1 < s.size()) {
        ++i;
        v += (s[i] == '"' || s[i] == '\\' || s[i] == '/') ? s[i] : '?';
      } else {
        if (s[i] == '\n') ++line;
        v += s[i];
      }
      ++i;
    }
    ++i;  // closing quote
    return v;
  }

  static std::string escape_token(const std::string& key) {
    std::string t;
    for (char c : key) {
      if (c == '~') t += "~0";
      else if (c == '/') t += "~1";
      else t += c;
    }
    return t;
  }

  void value(const std::string& ptr, int depth) {
    skip_ws();
    if (depth > 200) stop = true;
    if (stop || i >= s.size()) return;
    out.emplace(ptr, line);
    char c = s[i];
    if (c == '{') {
      ++i;
      for (;;) {
        skip_ws();
        if (i >= s.size()) return;
        if (s[i] == '}') { ++i; return; }
        if (s[i] == ',') { ++i; continue; }
        if (s[i] != '"') return;
        int key_line = line;
        std::string child = ptr + "/" + escape_token(string());
        skip_ws();
        if (i >= s.size() || s[i] != ':') return;
        ++i;
        value(child, depth + 1);
        if (stop) return;
        // A key's own line is more helpful than its value's when they differ.
        out[child] = key_line;
      }
    } else if (c == '[') {
      ++i;
      for (int n = 0;; ++n) {
        skip_ws();
        if (i >= s.size()) return;
        if (s[i] == ']') { ++i; return; }
        if (s[i] == ',') { ++i; --n; continue; }
        std::size_t before = i;
        value(ptr + "/" + std::to_string(n), depth + 1);
        // Malformed text ("[}") or nesting past the cap leaves the scanner
        // where it was; stop rather than map the same spot forever.
        if (i == before) stop = true;
        if (stop) return;
      }
    } else if (c == '"') {
      string();
    } else {
      while (i < s.size() && !std::strchr(",]} \t\r\n", s[i])) ++i;
    }
  }
};

}  // namespace

LineMap map_json_lines(std::string_view text) {
  LineMap out;
  Scanner sc{text, 0, 1, out};
  sc.value("", 0);
  return out;
}

int line_of(const LineMap& lines, std::string pointer) {
  for (;;) {
    if (auto it = lines.find(pointer); it != lines.end()) return it->second;
    if (pointer.empty()) return 1;
    pointer.erase(pointer.rfind('/'));
  }
}

std::string pointer_to_field(std::string_view pointer) {
  std::string out;
  std::size_t i = 0;
  while (i < pointer.size()) {
    std::size_t j = pointer.find('/', i + 1);
    std::string tok(pointer.substr(i + 1, j == std::string_view::npos ? std::string_view::npos : j - i - 1));
    bool index = !tok.empty() && tok.find_first_not_of("0123456789") == std::string::npos;
    if (index) out += "[" + tok + "]";
    else out += (out.empty() ? "" : ".") + tok;
    if (j == std::string_view::npos) break;
    i = j;
  }
  return out;
}

}  // namespace stompspec
