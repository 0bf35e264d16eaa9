#pragma once
// A frame as octets-to-be: what the structural mutations work on. Unlike
// stompspec::Frame its header names and values are already encoded for the
// wire, so a mutation can plant an undefined escape or a raw colon, and every
// line end and the terminator are explicit, so one can be CR LF, a bare CR,
// or missing.
#include <string>
#include <vector>

#include "codec/frame.hpp"

namespace stompspec::fuzzer {

struct WireFrame {
  std::string prefix;             // octets before the command (heart-beat EOLs)
  std::string command;
  std::string extra_lines;        // verbatim after the command line: lines no Header can express (no colon)
  std::vector<Header> headers;    // names and values exactly as they go out
  std::string body;
  std::vector<std::string> eols;  // line ends: the command line, each header, the blank line; missing ones are LF
  std::string terminator = std::string(1, '\0');

  std::string eol_of(std::size_t line) const { return line < eols.size() ? eols[line] : "\n"; }
  std::size_t lines() const { return headers.size() + 2; }
  Header* find(std::string_view name);
};

// Encodes f as version v does: header escaping (never for CONNECT/CONNECTED,
// none at 1.0) and a content-length for a non-empty body.
WireFrame to_wire(const Frame& f, Version v);
std::string render(const WireFrame& w);

}  // namespace stompspec::fuzzer
