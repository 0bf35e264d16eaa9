#include "parser.hpp"

#include <algorithm>
#include <cstring>

#include "frame_rules.hpp"

// Decisions where the specs are silent or loose (each test in tests/codec
// pins one down):
// - EOL is LF; CR LF only from 1.2 ("Augmented BNF" of each version). Before
//   1.2 a CR before LF is an ordinary octet of the line, so "MESSAGE\r" is an
//   unknown command and a "\r" line where the blank line should be is a header
//   line without a colon. A CR inside a 1.1 header is legal (1.1's header-value
//   excludes only LF and ':'), so it is kept without a violation.
// - Between frames, CR LF before 1.2 is a malformed two-octet event rather than
//   the start of a frame named "\r": that keeps the next frame intact.
// - A NUL ends the frame wherever it is. Before the blank line that makes the
//   frame malformed (every broker reads it that way; the grammar would make it
//   a header octet, and resync on NUL depends on it).
// - Over a limit, the malformed event is returned at once (the harness learns
//   of a runaway peer without waiting for its NUL); the rest of that frame is
//   then dropped silently up to its NUL (after its declared body, if a valid
//   content-length was read), so memory stays bounded by the limits.
// - Frame size counts the octets from the command through the NUL.

namespace stompspec {

using detail::rule;
using detail::Section;
using Kind = ParseEvent::Kind;

namespace {
constexpr std::size_t kRawCap = 64 * 1024;  // ParseEvent::raw keeps this much of a frame
}  // namespace

Parser::Parser(Version v, Peer peer, Limits limits)
    : version_(v), peer_(peer), limits_(limits) {}

void Parser::reset(Version v, Peer peer, Limits limits) {
  version_ = v;
  peer_ = peer;
  limits_ = limits;
  if (buf_.capacity() > 1024 * 1024) {
    std::string().swap(buf_);
  } else {
    buf_.clear();
  }
  pos_ = base_offset_ = skip_ = 0;
  finished_ = lenient_errors_ = discarding_ = false;
  quiet_end_ = 0;
  quiet_scan_ = std::string::npos;
  st_.reset();
}

void Parser::State::reset() {
  phase = Phase::idle;
  version = Version::v1_2;
  scan = line_start = body_start = header_lines = length_offset = headers_used = 0;
  malformed = length_seen = escaping = false;
  content_length.reset();
  frame.command.clear();
  // A huge body's buffer is given back, not kept for the next frame.
  if (frame.body.capacity() > 1024 * 1024) {
    std::string().swap(frame.body);
  } else {
    frame.body.clear();
  }
  violations.clear();
}

std::size_t Parser::buffered() const { return buf_.size() - pos_; }

std::optional<ParseEvent> Parser::next() {
  if (quiet()) return std::nullopt;
  std::optional<ParseEvent> ev(std::in_place);
  if (!next_event(*ev)) ev.reset();
  return ev;
}

bool Parser::next_event(ParseEvent& out) {
  // What quiet() scanned holds no LF or NUL: the scan resumes after it.
  if (quiet_scan_ != std::string::npos && st_.phase != State::Phase::idle) {
    st_.scan = std::max(st_.scan, quiet_scan_ - pos_);
  }
  quiet_end_ = 0;
  quiet_scan_ = std::string::npos;
  const bool got = parse_one(out);
  compact();
  if (!got) arm_quiet();
  return got;
}

namespace {
std::size_t add_capped(std::size_t a, std::size_t b) {
  return b > std::string::npos - a ? std::string::npos : a + b;
}
}  // namespace

// After next_event() found nothing in a frame begun: the octets up to the
// end of the buffer are scanned (only a 1.2 CR at the line limit may wait
// unscanned, and then the end below is already passed). Until an LF or NUL
// comes, only growing past these ends can give an event: the frame limit,
// the line limit, or the NUL after a counted body.
void Parser::arm_quiet() {
  if (discarding_ || finished_ || st_.phase == State::Phase::idle) return;
  const std::size_t frame_end = add_capped(limits_.max_frame_size, 1);  // relative to pos_
  std::size_t end = frame_end;
  if (st_.phase == State::Phase::body) {
    if (st_.content_length) {
      end = st_.body_start + *st_.content_length + 1;  // under the frame limit, checked
    } else {
      quiet_scan_ = pos_ + std::max(st_.scan, st_.body_start);
    }
  } else {
    end = std::min(end, add_capped(st_.line_start, limits_.max_line_length));
    quiet_scan_ = pos_ + st_.scan;
  }
  quiet_end_ = add_capped(pos_, end);
}

void Parser::compact() {
  if (pos_ == 0) return;
  if (pos_ == buf_.size()) {
    base_offset_ += pos_;
    pos_ = 0;
    if (buf_.capacity() > 1024 * 1024) {
      std::string().swap(buf_);  // give back what a huge frame took
    } else {
      buf_.clear();
    }
  } else if (pos_ >= buf_.size() - pos_) {
    // Moving no more than was consumed keeps the total work linear.
    buf_.erase(0, pos_);
    base_offset_ += pos_;
    pos_ = 0;
  }
}

bool Parser::parse_one(ParseEvent& out) {
  if (discarding_ && !discard()) return false;
  if (st_.phase != State::Phase::idle && st_.version != version_) {
    st_.reset();  // the version changed under a partial frame: parse it again
  }
  if (st_.phase == State::Phase::idle) {
    if (buffered() == 0) return false;
    if (parse_start(out)) return true;
    if (st_.phase == State::Phase::idle) return false;  // waiting after a CR
  }
  if (st_.phase != State::Phase::body) {
    if (parse_lines(out)) return true;
    if (st_.phase != State::Phase::body) return false;
  }
  return parse_body(out);
}

// Drops octets of an over-limit frame; true once its NUL has gone too.
bool Parser::discard() {
  const std::size_t n = std::min(skip_, buffered());
  pos_ += n;
  skip_ -= n;
  if (skip_ > 0) return false;
  const char* begin = buf_.data() + pos_;
  const void* nul = std::memchr(begin, '\0', buffered());
  if (nul == nullptr) {
    pos_ = buf_.size();
    return false;
  }
  pos_ += static_cast<std::size_t>(static_cast<const char*>(nul) - begin) + 1;
  discarding_ = false;
  return true;
}

// Between frames: heart-beat EOLs, stray octets, or the first octet of a frame.
bool Parser::parse_start(ParseEvent& out) {
  const char c = buf_[pos_];
  if (c == '\n') return take(Kind::heartbeat, 1, out);
  if (c == '\0') {
    st_.violations.push_back(
        {"NUL without a frame (no command before it)", stream_offset(0), rule(version_, Section::grammar)});
    return take(Kind::malformed, 1, out);
  }
  if (c == '\r') {
    if (buffered() < 2) {
      if (finished_) return truncated(out);
      return false;
    }
    if (buf_[pos_ + 1] == '\n') {
      if (version_ == Version::v1_2) return take(Kind::heartbeat, 2, out);
      st_.violations.push_back({"CR LF between frames: CR before LF is not an EOL before STOMP 1.2",
                                stream_offset(0), rule(version_, Section::grammar)});
      return take(Kind::malformed, 2, out);
    }
  }
  // st_ is fresh here: take() and a version change reset it, and nothing
  // else leaves the idle phase.
  st_.phase = State::Phase::command;
  st_.version = version_;
  return false;
}

bool Parser::truncated(ParseEvent& out) {
  const std::size_t end = buffered();
  if (st_.phase == State::Phase::command) {
    st_.frame.command.assign(buf_.data() + pos_ + st_.line_start, end - st_.line_start);
  }
  st_.violations.push_back({st_.phase == State::Phase::idle ? "truncated frame: the stream ended after a lone CR"
                                                            : "truncated frame: the stream ended before its NUL",
                            stream_offset(end), rule(version_, Section::grammar)});
  return take(Kind::malformed, end, out);
}

bool Parser::over_limit(std::string what, std::size_t offset, std::size_t consume, std::size_t skip,
                        ParseEvent& out) {
  st_.violations.push_back({std::move(what), offset, rule(version_, Section::size_limits)});
  take(Kind::malformed, consume, out);
  discarding_ = true;
  skip_ = skip;
  return true;
}

// Hands out the parsed state as an event covering `length` octets. The
// buffers `out` held come back to st_, for the frames after it.
bool Parser::take(Kind kind, std::size_t length, ParseEvent& out) {
  st_.frame.headers.resize(st_.headers_used);
  out.kind = kind;
  out.frame.command.swap(st_.frame.command);
  out.frame.headers.swap(st_.frame.headers);
  out.frame.body.swap(st_.frame.body);
  out.violations.swap(st_.violations);
  out.offset = stream_offset(0);
  out.raw.assign(buf_.data() + pos_, std::min(length, kRawCap));
  pos_ += length;
  st_.reset();
  return true;
}

}  // namespace stompspec