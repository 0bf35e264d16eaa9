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
  void set_version(Version v) {
    version_ = v;
    quiet_end_ = 0;
  }
  Version version() const { return version_; }
  // Before a version is agreed: an ERROR's headers in 1.0 form (a raw ':',
  // no escapes) are accepted as they stand, alongside the version's own form.
  void set_lenient_errors(bool on) { lenient_errors_ = on; }
  const Limits& limits() const { return limits_; }

  // Starts over on a new stream, as a new Parser(v, peer, limits) would
  // (lenient ERRORs off), but keeps the buffers it has grown.
  void reset(Version v = Version::v1_2, Peer peer = Peer::any, Limits limits = {});

  // Appends octets. No parsing happens here: next() parses lazily, one event
  // at a time, so a caller can switch version between two frames of one chunk.
  void feed(std::string_view bytes) {
    // One octet (a byte-at-a-time reader) without the library's append call.
    if (bytes.size() == 1) {
      buf_.push_back(bytes[0]);
    } else {
      buf_.append(bytes);
    }
  }

  // The next complete event into `out`, replacing all it held; false (and
  // `out` untouched) if more octets are needed. The strings and vectors `out`
  // held are kept for the events after it, so a caller that passes the same
  // event again and again parses without allocating once they have grown.
  bool next(ParseEvent& out) { return !quiet() && next_event(out); }
  // The same, in an event of its own.
  std::optional<ParseEvent> next();

  // End of stream: an incomplete frame left in the buffer comes out of
  // next() as a malformed event ("truncated frame").
  void finish() {
    finished_ = true;
    quiet_end_ = 0;
  }

  std::size_t buffered() const;        // octets fed but not yet consumed
  std::size_t consumed() const { return base_offset_ + pos_; }

 private:
  // The frame being parsed; kept across next() calls so that feeding one
  // octet at a time rescans nothing. Positions are relative to pos_.
  // frame.headers may hold more entries than the frame has (headers_used):
  // the rest are buffers of an earlier event, filled again before they count.
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
    bool escaping = false;                      // escaping_applies(command, version)
    std::size_t headers_used = 0;               // entries of frame.headers parsed
    Frame frame;
    std::vector<Violation> violations;
    void reset();  // a fresh state that keeps the buffers
  };

  // The fast path of next() for a reader fed a few octets at a time: true
  // when the octets fed since the last call cannot complete an event (set up
  // by arm_quiet(), when next() found nothing: none is an LF or NUL, and the
  // buffer stays below where a limit or a counted body's NUL would be). It
  // then skips what next_event() would only scan past.
  bool quiet() {
    const std::size_t size = buf_.size();
    if (size >= quiet_end_) return false;
    std::size_t i = quiet_scan_;
    if (i >= size) return true;  // nothing new, or a counted body (npos)
    if (size - i > 16) return false;  // more than a few octets: memchr does better
    const char* data = buf_.data();
    for (; i < size; ++i) {
      if (data[i] == '\n' || data[i] == '\0') return false;
    }
    quiet_scan_ = size;
    return true;
  }
  void arm_quiet();

  // Each returns true once it has put an event into `out`.
  bool next_event(ParseEvent& out);
  bool parse_one(ParseEvent& out);
  bool parse_start(ParseEvent& out);
  bool parse_lines(ParseEvent& out);
  bool parse_body(ParseEvent& out);
  bool on_line(std::size_t eol, ParseEvent& out);
  bool parse_header(std::string_view line, std::size_t line_offset, Header& h);
  bool discard();
  bool take(ParseEvent::Kind kind, std::size_t length, ParseEvent& out);
  bool over_limit(std::string what, std::size_t offset, std::size_t consume, std::size_t skip,
                  ParseEvent& out);
  bool complete(std::size_t length, ParseEvent& out);
  bool truncated(ParseEvent& out);
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
  // quiet(): while buf_.size() < quiet_end_, octets from buf_[quiet_scan_]
  // on need only be checked for LF and NUL (quiet_scan_ npos: not even that).
  // 0 turns it off: finish(), set_version() and next_event() do.
  std::size_t quiet_end_ = 0;
  std::size_t quiet_scan_ = std::string::npos;
  State st_;
};

}  // namespace stompspec
