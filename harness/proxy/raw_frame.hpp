#pragma once
// One complete frame as its octets, split into lines so that a fault can
// edit a header without re-serialising the rest: the untouched lines, their
// EOLs (LF or CR LF) and the body stay exactly as the sender wrote them.
// Header text stays as on the wire (escaped), names compare as written.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stompspec::proxy {

struct RawLine {
  std::string text;  // without its EOL
  std::string eol;   // "\n" or "\r\n"
};

struct RawFrame {
  RawLine command;
  std::vector<RawLine> headers;
  std::string blank_eol;  // the empty line before the body
  std::string body;       // up to, not including, the closing NUL

  // Nullopt unless `octets` is command EOL, header lines, an empty line,
  // a body and a NUL at the very end (what the codec's Parser calls a frame).
  static std::optional<RawFrame> split(std::string_view octets);
  std::string join() const;

  // The first header with this name, as written (still escaped).
  std::optional<std::string> value(std::string_view name) const;
  bool remove(std::string_view name);  // every line with that name; false if none
  void set(std::string_view name, std::string_view value);  // the first, or append one
  // Replaces \c \n \r \\ in every header line by the octets they stand for;
  // false if there was nothing to undo.
  bool unescape_headers();
};

}  // namespace stompspec::proxy
