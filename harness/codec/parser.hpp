#pragma once
// A strict, incremental, version-aware STOMP frame parser. It never aborts and
// never throws on input: every departure from the grammar becomes a Violation
// naming what, where (byte offset in the stream) and which rule.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frame.hpp"

namespace stompspec {

struct Violation {
  std::string what;          // "undefined escape sequence \\t in header 'foo'"
  std::size_t offset = 0;    // absolute stream offset of the offending octet
  std::string rule;          // "STOMP 1.2 Value Encoding"
  bool operator==(const Violation&) const = default;
};

// Whose bytes are parsed: selects which commands are legal.
enum class Peer { server, client, any };

struct Limits {
  std::size_t max_frame_size = 64 * 1024 * 1024;  // whole frame, headers + body
  std::size_t max_headers = 1000;
  std::size_t max_line_length = 64 * 1024;        // command or header line
};

struct ParseEvent {
  enum class Kind {
    frame,      // a complete frame; `violations` holds non-fatal problems
    heartbeat,  // one EOL between frames
    malformed,  // bytes that could not form a frame; `violations` says why
  };
  Kind kind = Kind::frame;
  Frame frame;                       // for malformed: what was parsed so far
  std::vector<Violation> violations;
  std::size_t offset = 0;            // stream offset of the first octet
  std::string raw;                   // the exact octets of this event (capped for huge frames)
};

class Parser {
 public:
  explicit Parser(Version v = Version::v1_2, Peer peer = Peer::any, Limits limits = {});

  // The version can change mid-stream (after CONNECTED); it applies to every
  // event not yet returned by next().
  void set_version(Version v) { version_ = v; }
  Version version() const { return version_; }
  const Limits& limits() const { return limits_; }

  // Appends octets. No parsing happens here: next() parses lazily, one event
  // at a time, so a caller can switch version between two frames of one chunk.
  void feed(std::string_view bytes);

  // The next complete event, or nothing if more octets are needed.
  std::optional<ParseEvent> next();

  // End of stream: an incomplete frame left in the buffer comes out of
  // next() as a malformed event ("truncated frame").
  void finish();

  std::size_t buffered() const;        // octets fed but not yet consumed
  std::size_t consumed() const { return base_offset_ + pos_; }

 private:
  struct State;
  std::optional<ParseEvent> parse_one();
  void compact();

  Version version_;
  Peer peer_;
  Limits limits_;
  std::string buf_;
  std::size_t pos_ = 0;              // next unconsumed octet in buf_
  std::size_t base_offset_ = 0;      // stream offset of buf_[0]
  bool finished_ = false;
  bool discarding_ = false;          // skipping an over-limit frame up to its NUL
};

}  // namespace stompspec
