#pragma once
// Header value escaping by version: none in 1.0; \n \c \\ in 1.1; plus \r in 1.2.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "frame.hpp"

namespace stompspec {

// Encodes a header name or value for the wire.
std::string escape_header(std::string_view raw, Version v);
// The same, appended to `out` (no string of its own).
void append_escaped_header(std::string& out, std::string_view raw, Version v);

struct UnescapeError {
  std::size_t position;  // index in the escaped input of the offending backslash
  std::string what;      // e.g. "undefined escape sequence \\t"
};

// Decodes a header name or value; an undefined escape (or a trailing lone
// backslash) is an error, never silently passed through.
std::optional<std::string> unescape_header(std::string_view wire, Version v,
                                           UnescapeError* error = nullptr);

// The same, decoding `text` where it stands (the decoded text is never
// longer); on an error `text` is left as it was.
bool unescape_header_in_place(std::string& text, Version v, UnescapeError* error = nullptr);

}  // namespace stompspec
