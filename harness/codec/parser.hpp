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
  // Before a version is agreed: an ERROR's headers in 1.0 form (a raw ':',
  // no escapes) are accepted as they stand, alongside the version's own form.
  void set_lenient_errors(bool on) { lenient_errors_ = on; }
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
  // The frame being parsed; kept across next() calls so that feeding one
  // octet at a time rescans nothing. Positions are relative to pos_.
  struct State {
    enum class Phase { idle, command, headers, body } phase = Phase::idle;
    Version version = Version::v1_2;  // what the partial frame was parsed with
    std::size_t scan = 0;             // where scanning resumes
    std::size_t line_start = 0;
    std::size_t body_start = 0;
    std::size_t header_lines = 0;
    bool malformed = false;
    bool length_seen = false;                   // the first content-length counts
    std::optional<std::size_t> content_length;  // valid value, if any
    std::size_t length_offset = 0;              // stream offset of its value
    Frame frame;
    std::vector<Violation> violations;
  };

  std::optional<ParseEvent> parse_one();
  std::optional<ParseEvent> parse_start();
  std::optional<ParseEvent> parse_lines();
  std::optional<ParseEvent> parse_body();
  std::optional<ParseEvent> on_line(std::size_t eol);
  bool parse_header(std::string_view line, std::size_t line_offset);
  bool discard();
  ParseEvent take(ParseEvent::Kind kind, std::size_t length);
  ParseEvent over_limit(std::string what, std::size_t offset, std::size_t consume,
                        std::size_t skip);
  ParseEvent complete(std::size_t length);
  ParseEvent truncated();
  std::size_t stream_offset(std::size_t rel) const { return base_offset_ + pos_ + rel; }
  void compact();

  Version version_;
  Peer peer_;
  Limits limits_;
  std::string buf_;
  std::size_t pos_ = 0;              // next unconsumed octet in buf_
  std::size_t base_offset_ = 0;      // stream offset of buf_[0]
  bool finished_ = false;
  bool lenient_errors_ = false;
  bool discarding_ = false;          // skipping an over-limit frame up to its NUL
  std::size_t skip_ = 0;             // while discarding: body octets to pass before the NUL
  State st_;
};

}  // namespace stompspec
