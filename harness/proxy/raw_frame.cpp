#include "proxy/raw_frame.hpp"

namespace stompspec::proxy {
namespace {

std::string_view name_of(std::string_view line) {
  const auto colon = line.find(':');
  return colon == std::string_view::npos ? line : line.substr(0, colon);
}

// Reads one line starting at `pos`; false if no LF follows.
bool take_line(std::string_view s, std::size_t& pos, RawLine& line) {
  const auto lf = s.find('\n', pos);
  if (lf == std::string_view::npos) return false;
  std::size_t end = lf;
  if (end > pos && s[end - 1] == '\r') --end;
  line.text.assign(s.substr(pos, end - pos));
  line.eol.assign(s.substr(end, lf + 1 - end));
  pos = lf + 1;
  return true;
}

}  // namespace

std::optional<RawFrame> RawFrame::split(std::string_view octets) {
  if (octets.empty() || octets.back() != '\0') return std::nullopt;
  RawFrame f;
  std::size_t pos = 0;
  if (!take_line(octets, pos, f.command) || f.command.text.empty()) return std::nullopt;
  for (;;) {
    RawLine line;
    if (!take_line(octets, pos, line)) return std::nullopt;
    if (line.text.empty()) {
      f.blank_eol = std::move(line.eol);
      break;
    }
    f.headers.push_back(std::move(line));
  }
  f.body.assign(octets.substr(pos, octets.size() - 1 - pos));
  return f;
}

std::string RawFrame::join() const {
  std::string out = command.text + command.eol;
  for (const auto& h : headers) out += h.text + h.eol;
  out += blank_eol;
  out += body;
  out += '\0';
  return out;
}

std::optional<std::string> RawFrame::value(std::string_view name) const {
  for (const auto& h : headers) {
    if (name_of(h.text) == name && h.text.size() > name.size()) return h.text.substr(name.size() + 1);
  }
  return std::nullopt;
}

bool RawFrame::remove(std::string_view name) {
  const auto before = headers.size();
  std::erase_if(headers, [&](const RawLine& h) { return name_of(h.text) == name; });
  return headers.size() != before;
}

void RawFrame::set(std::string_view name, std::string_view value) {
  const std::string text = std::string(name) + ":" + std::string(value);
  for (auto& h : headers) {
    if (name_of(h.text) == name) {
      h.text = text;
      return;
    }
  }
  headers.push_back({text, command.eol});
}

bool RawFrame::unescape_headers() {
  bool changed = false;
  for (auto& h : headers) {
    std::string out;
    out.reserve(h.text.size());
    for (std::size_t i = 0; i < h.text.size(); ++i) {
      const char c = h.text[i];
      if (c == '\\' && i + 1 < h.text.size()) {
        const char n = h.text[i + 1];
        const char raw = n == 'c' ? ':' : n == 'n' ? '\n' : n == 'r' ? '\r' : n == '\\' ? '\\' : '\0';
        if (raw != '\0') {
          out += raw;
          ++i;
          changed = true;
          continue;
        }
      }
      out += c;
    }
    h.text = std::move(out);
  }
  return changed;
}

}  // namespace stompspec::proxy
