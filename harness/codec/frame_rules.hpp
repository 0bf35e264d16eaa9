#pragma once
// Internal to the codec: the per-version grammar rules the parser applies to
// one complete line at a time, and how a violation cites its rule.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frame.hpp"
#include "parser.hpp"

namespace stompspec::detail {

// Spec sections a violation can cite; rule() maps them to each version's title.
enum class Section {
  grammar,         // "Augmented BNF"
  value_encoding,  // escaping, UTF-8
  body,            // which frames may carry a body
  content_length,
  size_limits,
  client_frames,
  server_frames,
};

// "STOMP 1.2 Value Encoding". `command` picks the 1.0 section that describes
// content-length (SEND, MESSAGE or ERROR each carry their own paragraph).
std::string rule(Version v, Section s, std::string_view command = {});

// Octets made readable for a message: CR, LF, NUL, backslash and other
// control or non-ASCII octets escaped; cut after `max` input octets.
std::string printable(std::string_view s, std::size_t max = 64);

// Is this command in the grammar of version v? (1.0 has no NACK or STOMP.)
bool command_defined(std::string_view command, Version v);

// Checks a command line (its EOL removed) that starts at stream `offset`.
void check_command(std::string_view line, std::size_t offset, Version v, Peer peer,
                   std::vector<Violation>& out);

// Parses one header line (its EOL removed) that starts at stream `offset`
// into `h` (its strings are assigned, so they keep their buffers), decoding
// escapes if `escaping` (escaping_applies to the frame's command). Returns
// false, `h` untouched, if the line is not a header at all (no colon), which
// makes the frame malformed; every other problem is a violation on a frame
// that still stands.
bool parse_header_line(std::string_view line, std::size_t offset, Version v, bool escaping, Header& h,
                       std::vector<Violation>& out);

// A content-length value: 1*DIGIT that fits in size_t, nothing else. No sign
// and no padding: 1.1 and 1.2 forbid trimming, so " 5" is not a number.
std::optional<std::size_t> parse_content_length(std::string_view value);

}  // namespace stompspec::detail
