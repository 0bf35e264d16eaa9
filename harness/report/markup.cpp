#include "report/markup.hpp"

#include "core/utf8.hpp"

namespace stompspec::markup {

namespace {

enum class Context { xml_text, xml_attr, html };

bool allowed_in_xml(char32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
  return cp != 0xFFFE && cp != 0xFFFF;
}

std::string escape(std::string_view s, Context ctx) {
  std::string out;
  out.reserve(s.size() + s.size() / 16);
  for (std::size_t i = 0; i < s.size();) {
    // Plain printable ASCII needs no decision per character: copy the run.
    std::size_t plain = i;
    while (plain < s.size()) {
      const auto c = static_cast<unsigned char>(s[plain]);
      if (c < 0x20U || c >= 0x7FU || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') break;
      ++plain;
    }
    if (plain > i) {
      out.append(s, i, plain - i);
      i = plain;
      continue;
    }
    const auto seq = utf8::next(s, i);
    if (seq.length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const char32_t cp = seq.code_point;
    const std::string_view raw = s.substr(i, seq.length);
    i += seq.length;
    if (!allowed_in_xml(cp)) continue;  // HTML forbids the same controls
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += ctx == Context::xml_text ? "\"" : "&quot;"; break;
      case '\'': out += ctx == Context::xml_text ? "'" : "&#39;"; break;
      case '\t': out += ctx == Context::xml_attr ? "&#9;" : "\t"; break;
      case '\n': out += ctx == Context::xml_attr ? "&#10;" : "\n"; break;
      case '\r': out += ctx == Context::xml_attr ? "&#13;" : "\r"; break;
      default: out += raw;
    }
  }
  return out;
}

}  // namespace

std::string xml_text(std::string_view s) { return escape(s, Context::xml_text); }
std::string xml_attr(std::string_view s) { return escape(s, Context::xml_attr); }
std::string html(std::string_view s) { return escape(s, Context::html); }

}  // namespace stompspec::markup
