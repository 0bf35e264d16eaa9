// The line-by-line part of the parser: finding EOLs within the limits, the
// command and header lines, the body (see parser.cpp for the decisions).
#include <algorithm>
#include <bit>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "frame_rules.hpp"
#include "parser.hpp"

namespace stompspec {

using detail::rule;
using detail::Section;
using Kind = ParseEvent::Kind;

namespace {

// The first LF or NUL in data[from, to), or `to`.
std::size_t find_eol_or_nul(const char* data, std::size_t from, std::size_t to) {
  if (to - from < 16) {  // a few octets, e.g. fed one at a time: two calls cost more
    while (from < to && data[from] != '\n' && data[from] != '\0') ++from;
    return from;
  }
#if defined(__SSE2__)
  // One pass for both octets, sixteen at a time (a line is short: two
  // memchr calls cost more than they save).
  const __m128i lf = _mm_set1_epi8('\n'), nul = _mm_setzero_si128();
  auto marks16 = [&](std::size_t at) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, nul))));
  };
  for (; to - from >= 16; from += 16) {
    if (const unsigned m = marks16(from)) return from + static_cast<std::size_t>(std::countr_zero(m));
  }
  if (from < to) {  // the last 16 octets, minus those already seen
    if (const unsigned m = marks16(to - 16) & (~0u << (16 - (to - from)))) {
      return to - 16 + static_cast<std::size_t>(std::countr_zero(m));
    }
  }
  return to;
#else
  const void* lf = std::memchr(data + from, '\n', to - from);
  const std::size_t until = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - data) : to;
  const void* nul = std::memchr(data + from, '\0', until - from);
  return nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - data) : until;
#endif
}

}  // namespace

// The command and header lines, each ended by an EOL, up to the blank line.
bool Parser::parse_lines(ParseEvent& out) {
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
                          stream_offset(i), i, 0, out);
      }
      const char c = data[i];
      if (c != '\n' && c != '\0') {
        // One octet past the limit: only the CR of a 1.2 CR LF may stand here.
        const bool maybe_eol = v12 && c == '\r' && (i + 1 == end || data[i + 1] == '\n');
        if (!maybe_eol) {
          return over_limit("line longer than " + std::to_string(limits_.max_line_length) + " octets",
                            stream_offset(i), i, 0, out);
        }
        if (i + 1 == end) {
          wait_for_lf = true;
        } else if (++i >= limits_.max_frame_size) {  // the LF after that CR
          return over_limit("frame longer than " + std::to_string(limits_.max_frame_size) + " octets",
                            stream_offset(i), i, 0, out);
        }
      }
    }
    st_.scan = i;
    if (i == end || wait_for_lf) {
      if (finished_) return truncated(out);
      return false;
    }
    if (data[i] == '\0') {
      st_.malformed = true;
      if (st_.phase == State::Phase::command) {
        st_.frame.command.assign(data + st_.line_start, i - st_.line_start);
      }
      st_.violations.push_back({"NUL before the blank line that ends the headers",
                                stream_offset(i), rule(version_, Section::grammar)});
      return take(Kind::malformed, i + 1, out);
    }
    if (on_line(i, out)) return true;
  }
  return false;
}

// A complete line ends with the LF at `eol`.
bool Parser::on_line(std::size_t eol, ParseEvent& out) {
  std::string_view line(buf_.data() + pos_ + st_.line_start, eol - st_.line_start);
  if (version_ == Version::v1_2 && !line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::size_t line_start = st_.line_start;
  const std::size_t line_offset = stream_offset(line_start);
  st_.line_start = st_.scan = eol + 1;

  if (st_.phase == State::Phase::command) {
    st_.frame.command.assign(line);
    detail::check_command(line, line_offset, version_, peer_, st_.violations);
    st_.escaping = escaping_applies(line, version_);
    st_.phase = State::Phase::headers;
    return false;
  }
  if (line.empty()) {  // the blank line: the body follows
    st_.phase = State::Phase::body;
    st_.body_start = eol + 1;
    if (st_.content_length) {
      const std::size_t max = limits_.max_frame_size, len = *st_.content_length;
      if (st_.body_start >= max || len > max - st_.body_start - 1) {
        return over_limit("content-length " + std::to_string(len) + " makes the frame longer than " +
                              std::to_string(max) + " octets",
                          st_.length_offset, st_.body_start, len, out);
      }
    }
    return false;
  }
  if (st_.header_lines == limits_.max_headers) {
    return over_limit("more than " + std::to_string(limits_.max_headers) + " headers", line_offset,
                      line_start, 0, out);
  }
  ++st_.header_lines;
  // The next entry of frame.headers: a buffer of an earlier event if there
  // is one (its strings keep their size), else a new one.
  std::vector<Header>& headers = st_.frame.headers;
  if (st_.headers_used == headers.size()) {
    if (headers.capacity() == 0) headers.reserve(8);  // not 1, 2, 4, 8 for a usual frame
    headers.emplace_back();
  }
  Header& h = headers[st_.headers_used];
  if (!parse_header(line, line_offset, h)) {
    st_.malformed = true;
    return false;
  }
  ++st_.headers_used;
  if (!st_.length_seen && h.name == "content-length") {
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
  return false;
}

bool Parser::parse_header(std::string_view line, std::size_t line_offset, Header& h) {
  if (!lenient_errors_ || st_.frame.command != "ERROR")
    return detail::parse_header_line(line, line_offset, version_, st_.escaping, h, st_.violations);
  // Before a version is agreed an ERROR is read by the offered version's
  // rules when it keeps them, else in 1.0 form: the value as it stands.
  std::vector<Violation> strict;
  if (detail::parse_header_line(line, line_offset, version_, st_.escaping, h, strict) && strict.empty()) {
    return true;
  }
  std::vector<Violation> loose;
  if (!detail::parse_header_line(line, line_offset, Version::v1_0, escaping_applies("ERROR", Version::v1_0),
                                 h, loose)) {
    st_.violations.insert(st_.violations.end(), strict.begin(), strict.end());
    return false;
  }
  return true;
}

bool Parser::parse_body(ParseEvent& out) {
  const std::size_t end = buffered();
  const char* data = buf_.data() + pos_;
  if (st_.content_length) {
    const std::size_t len = *st_.content_length;
    const std::size_t nul_at = st_.body_start + len;  // within max_frame_size, checked
    if (end <= nul_at) {
      if (finished_) return truncated(out);
      return false;
    }
    st_.frame.body.assign(data + st_.body_start, len);
    if (data[nul_at] != '\0') {
      st_.violations.push_back({"content-length mismatch: no NUL after the " + std::to_string(len) +
                                    " body octets it declares (found " +
                                    detail::printable(std::string_view(data + nul_at, 1)) + ")",
                                stream_offset(nul_at),
                                rule(version_, Section::content_length, st_.frame.command)});
      take(Kind::malformed, nul_at, out);
      discarding_ = true;
      skip_ = 0;
      return true;
    }
    return complete(nul_at + 1, out);
  }
  const std::size_t from = std::max(st_.scan, st_.body_start);
  const std::size_t limit = std::min(end, limits_.max_frame_size);
  if (from < limit) {
    if (const void* nul = std::memchr(data + from, '\0', limit - from)) {
      const auto at = static_cast<std::size_t>(static_cast<const char*>(nul) - data);
      st_.frame.body.assign(data + st_.body_start, at - st_.body_start);
      return complete(at + 1, out);
    }
  }
  if (end > limits_.max_frame_size) {
    return over_limit("frame longer than " + std::to_string(limits_.max_frame_size) + " octets",
                      stream_offset(limits_.max_frame_size), limits_.max_frame_size, 0, out);
  }
  st_.scan = end;
  if (finished_) return truncated(out);
  return false;
}

bool Parser::complete(std::size_t length, ParseEvent& out) {
  const std::string& cmd = st_.frame.command;
  // 1.0 lets any frame carry content; 1.1 and 1.2 allow it on three only.
  if (!st_.frame.body.empty() && version_ != Version::v1_0 && !may_have_body(cmd) &&
      detail::command_defined(cmd, version_)) {
    st_.violations.push_back({"body on a " + cmd + " frame (only SEND, MESSAGE and ERROR may have one)",
                              stream_offset(st_.body_start), rule(version_, Section::body)});
  }
  return take(st_.malformed ? Kind::malformed : Kind::frame, length, out);
}

}  // namespace stompspec
