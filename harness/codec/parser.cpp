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

// The first LF or NUL in data[from, to), or `to`.
std::size_t find_eol_or_nul(const char* data, std::size_t from, std::size_t to) {
  if (to - from < 16) {  // a few octets, e.g. fed one at a time: two calls cost more
    while (from < to && data[from] != '\n' && data[from] != '\0') ++from;
    return from;
  }
  const void* lf = std::memchr(data + from, '\n', to - from);
  const std::size_t until = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - data) : to;
  const void* nul = std::memchr(data + from, '\0', until - from);
  return nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - data) : until;
}
}  // namespace

Parser::Parser(Version v, Peer peer, Limits limits)
    : version_(v), peer_(peer), limits_(limits) {}

void Parser::feed(std::string_view bytes) { buf_.append(bytes); }

void Parser::finish() { finished_ = true; }

std::size_t Parser::buffered() const { return buf_.size() - pos_; }

std::optional<ParseEvent> Parser::next() {
  std::optional<ParseEvent> ev = parse_one();
  compact();
  return ev;
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

std::optional<ParseEvent> Parser::parse_one() {
  if (discarding_ && !discard()) return std::nullopt;
  if (st_.phase != State::Phase::idle && st_.version != version_) {
    st_ = State{};  // the version changed under a partial frame: parse it again
  }
  if (st_.phase == State::Phase::idle) {
    if (buffered() == 0) return std::nullopt;
    if (auto ev = parse_start()) return ev;
    if (st_.phase == State::Phase::idle) return std::nullopt;  // waiting after a CR
  }
  if (st_.phase != State::Phase::body) {
    if (auto ev = parse_lines()) return ev;
    if (st_.phase != State::Phase::body) return std::nullopt;
  }
  return parse_body();
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
std::optional<ParseEvent> Parser::parse_start() {
  const char c = buf_[pos_];
  if (c == '\n') return take(Kind::heartbeat, 1);
  if (c == '\0') {
    st_.violations.push_back(
        {"NUL without a frame (no command before it)", stream_offset(0), rule(version_, Section::grammar)});
    return take(Kind::malformed, 1);
  }
  if (c == '\r') {
    if (buffered() < 2) {
      if (finished_) return truncated();
      return std::nullopt;
    }
    if (buf_[pos_ + 1] == '\n') {
      if (version_ == Version::v1_2) return take(Kind::heartbeat, 2);
      st_.violations.push_back({"CR LF between frames: CR before LF is not an EOL before STOMP 1.2",
                                stream_offset(0), rule(version_, Section::grammar)});
      return take(Kind::malformed, 2);
    }
  }
  // st_ is fresh here: take() and a version change reset it, and nothing
  // else leaves the idle phase.
  st_.phase = State::Phase::command;
  st_.version = version_;
  return std::nullopt;
}

// The command and header lines, each ended by an EOL, up to the blank line.
std::optional<ParseEvent> Parser::parse_lines() {
  const bool v12 = version_ == Version::v1_2;
  while (st_.phase != State::Phase::body) {
    const std::size_t end = buffered();
    const char* data = buf_.data() + pos_;
    std::size_t i = st_.scan;
    bool wait_for_lf = false;
    // Up to `stop` no limit can be crossed, so the EOL or NUL is found with
    // memchr (ASan checks it once, not per octet); at `stop` itself a limit
    // is checked as an octet-by-octet scan would: frame size first, then the
    // line length, where only the CR of a 1.2 CR LF may stand.
    const std::size_t line_end = limits_.max_line_length > end - st_.line_start
                                     ? end
                                     : st_.line_start + limits_.max_line_length;
    const std::size_t stop = std::min({end, limits_.max_frame_size, line_end});
    if (i < stop) i = find_eol_or_nul(data, i, stop);
    if (i == stop && i < end) {
      if (i >= limits_.max_frame_size) {
        return over_limit("frame longer than " + std::to_string(limits_.max_frame_size) + " octets",
                          stream_offset(i), i, 0);
      }
      const char c = data[i];
      if (c != '\n' && c != '\0') {
        // One octet past the limit: only the CR of a 1.2 CR LF may stand here.
        const bool maybe_eol = v12 && c == '\r' && (i + 1 == end || data[i + 1] == '\n');
        if (!maybe_eol) {
          return over_limit("line longer than " + std::to_string(limits_.max_line_length) + " octets",
                            stream_offset(i), i, 0);
        }
        if (i + 1 == end) {
          wait_for_lf = true;
        } else if (++i >= limits_.max_frame_size) {  // the LF after that CR
          return over_limit("frame longer than " + std::to_string(limits_.max_frame_size) + " octets",
                            stream_offset(i), i, 0);
        }
      }
    }
    st_.scan = i;
    if (i == end || wait_for_lf) {
      if (finished_) return truncated();
      return std::nullopt;
    }
    if (data[i] == '\0') {
      st_.malformed = true;
      if (st_.phase == State::Phase::command) {
        st_.frame.command.assign(data + st_.line_start, i - st_.line_start);
      }
      st_.violations.push_back({"NUL before the blank line that ends the headers",
                                stream_offset(i), rule(version_, Section::grammar)});
      return take(Kind::malformed, i + 1);
    }
    if (auto ev = on_line(i)) return ev;
  }
  return std::nullopt;
}

// A complete line ends with the LF at `eol`.
std::optional<ParseEvent> Parser::on_line(std::size_t eol) {
  std::string_view line(buf_.data() + pos_ + st_.line_start, eol - st_.line_start);
  if (version_ == Version::v1_2 && !line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::size_t line_start = st_.line_start;
  const std::size_t line_offset = stream_offset(line_start);
  st_.line_start = st_.scan = eol + 1;

  if (st_.phase == State::Phase::command) {
    st_.frame.command.assign(line);
    detail::check_command(line, line_offset, version_, peer_, st_.violations);
    st_.phase = State::Phase::headers;
    return std::nullopt;
  }
  if (line.empty()) {  // the blank line: the body follows
    st_.phase = State::Phase::body;
    st_.body_start = eol + 1;
    if (st_.content_length) {
      const std::size_t max = limits_.max_frame_size, len = *st_.content_length;
      if (st_.body_start >= max || len > max - st_.body_start - 1) {
        return over_limit("content-length " + std::to_string(len) + " makes the frame longer than " +
                              std::to_string(max) + " octets",
                          st_.length_offset, st_.body_start, len);
      }
    }
    return std::nullopt;
  }
  if (st_.header_lines == limits_.max_headers) {
    return over_limit("more than " + std::to_string(limits_.max_headers) + " headers", line_offset,
                      line_start, 0);
  }
  ++st_.header_lines;
  if (!parse_header(line, line_offset)) {
    st_.malformed = true;
    return std::nullopt;
  }
  const Header& h = st_.frame.headers.back();
  if (h.name == "content-length" && !st_.length_seen) {
    st_.length_seen = true;  // later repeats are history (Repeated Header Entries)
    const std::size_t value_offset = line_offset + line.find(':') + 1;
    st_.content_length = detail::parse_content_length(h.value);
    st_.length_offset = value_offset;
    if (!st_.content_length) {
      st_.violations.push_back({"invalid content-length '" + detail::printable(h.value) +
                                    "' (not a decimal octet count); the body ends at the first NUL",
                                value_offset, rule(version_, Section::content_length, st_.frame.command)});
    }
  }
  return std::nullopt;
}

bool Parser::parse_header(std::string_view line, std::size_t line_offset) {
  if (!lenient_errors_ || st_.frame.command != "ERROR")
    return detail::parse_header_line(line, line_offset, version_, st_.frame, st_.violations);
  // Before a version is agreed an ERROR is read by the offered version's
  // rules when it keeps them, else in 1.0 form: the value as it stands.
  Frame probe{"ERROR", {}, {}};
  std::vector<Violation> strict;
  if (detail::parse_header_line(line, line_offset, version_, probe, strict) && strict.empty()) {
    st_.frame.headers.push_back(std::move(probe.headers.back()));
    return true;
  }
  Frame raw{"ERROR", {}, {}};
  std::vector<Violation> loose;
  if (!detail::parse_header_line(line, line_offset, Version::v1_0, raw, loose)) {
    st_.violations.insert(st_.violations.end(), strict.begin(), strict.end());
    return false;
  }
  st_.frame.headers.push_back(std::move(raw.headers.back()));
  return true;
}

std::optional<ParseEvent> Parser::parse_body() {
  const std::size_t end = buffered();
  const char* data = buf_.data() + pos_;
  if (st_.content_length) {
    const std::size_t len = *st_.content_length;
    const std::size_t nul_at = st_.body_start + len;  // within max_frame_size, checked
    if (end <= nul_at) {
      if (finished_) return truncated();
      return std::nullopt;
    }
    st_.frame.body.assign(data + st_.body_start, len);
    if (data[nul_at] != '\0') {
      st_.violations.push_back({"content-length mismatch: no NUL after the " + std::to_string(len) +
                                    " body octets it declares (found " +
                                    detail::printable(std::string_view(data + nul_at, 1)) + ")",
                                stream_offset(nul_at),
                                rule(version_, Section::content_length, st_.frame.command)});
      ParseEvent ev = take(Kind::malformed, nul_at);
      discarding_ = true;
      skip_ = 0;
      return ev;
    }
    return complete(nul_at + 1);
  }
  const std::size_t from = std::max(st_.scan, st_.body_start);
  const std::size_t limit = std::min(end, limits_.max_frame_size);
  if (from < limit) {
    if (const void* nul = std::memchr(data + from, '\0', limit - from)) {
      const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - data);
      st_.frame.body.assign(data + st_.body_start, at - st_.body_start);
      return complete(at + 1);
    }
  }
  if (end > limits_.max_frame_size) {
    return over_limit("frame longer than " + std::to_string(limits_.max_frame_size) + " octets",
                      stream_offset(limits_.max_frame_size), limits_.max_frame_size, 0);
  }
  st_.scan = end;
  if (finished_) return truncated();
  return std::nullopt;
}

ParseEvent Parser::complete(std::size_t length) {
  const std::string& cmd = st_.frame.command;
  // 1.0 lets any frame carry content; 1.1 and 1.2 allow it on three only.
  if (!st_.frame.body.empty() && version_ != Version::v1_0 && !may_have_body(cmd) &&
      detail::command_defined(cmd, version_)) {
    st_.violations.push_back({"body on a " + cmd + " frame (only SEND, MESSAGE and ERROR may have one)",
                              stream_offset(st_.body_start), rule(version_, Section::body)});
  }
  return take(st_.malformed ? Kind::malformed : Kind::frame, length);
}

ParseEvent Parser::truncated() {
  const std::size_t end = buffered();
  if (st_.phase == State::Phase::command) {
    st_.frame.command.assign(buf_.data() + pos_ + st_.line_start, end - st_.line_start);
  }
  st_.violations.push_back({st_.phase == State::Phase::idle ? "truncated frame: the stream ended after a lone CR"
                                                            : "truncated frame: the stream ended before its NUL",
                            stream_offset(end), rule(version_, Section::grammar)});
  return take(Kind::malformed, end);
}

ParseEvent Parser::over_limit(std::string what, std::size_t offset, std::size_t consume,
                              std::size_t skip) {
  st_.violations.push_back({std::move(what), offset, rule(version_, Section::size_limits)});
  ParseEvent ev = take(Kind::malformed, consume);
  discarding_ = true;
  skip_ = skip;
  return ev;
}

// Hands out the parsed state as an event covering `length` octets.
ParseEvent Parser::take(Kind kind, std::size_t length) {
  ParseEvent ev;
  ev.kind = kind;
  ev.frame = std::move(st_.frame);
  ev.violations = std::move(st_.violations);
  ev.offset = stream_offset(0);
  ev.raw.assign(buf_.data() + pos_, std::min(length, kRawCap));
  pos_ += length;
  st_ = State{};
  return ev;
}

}  // namespace stompspec
