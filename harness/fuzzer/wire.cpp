#include "fuzzer/wire.hpp"

#include "codec/escape.hpp"

namespace stompspec::fuzzer {

Header* WireFrame::find(std::string_view name) {
  for (auto& h : headers)
    if (h.name == name) return &h;
  return nullptr;
}

WireFrame to_wire(const Frame& f, Version v) {
  WireFrame w;
  w.command = f.command;
  const bool escape = escaping_applies(f.command, v);
  for (const auto& h : f.headers)
    w.headers.push_back({escape ? escape_header(h.name, v) : h.name, escape ? escape_header(h.value, v) : h.value});
  if (!f.body.empty() && !f.has("content-length")) w.headers.push_back({"content-length", std::to_string(f.body.size())});
  w.body = f.body;
  return w;
}

std::string render(const WireFrame& w) {
  std::string out;
  out.reserve(w.prefix.size() + w.command.size() + w.body.size() + 32 * (w.headers.size() + 2));
  out += w.prefix;
  out += w.command;
  out += w.eol_of(0);
  out += w.extra_lines;
  for (std::size_t i = 0; i < w.headers.size(); ++i) {
    out += w.headers[i].name;
    out += ':';
    out += w.headers[i].value;
    out += w.eol_of(i + 1);
  }
  out += w.eol_of(w.headers.size() + 1);
  out += w.body;
  out += w.terminator;
  return out;
}

}  // namespace stompspec::fuzzer
