// next(ParseEvent&), which hands the caller's buffers back to the parser,
// and reset(): the events are those of the std::optional next() on a fresh
// parser, whatever the earlier events left in the buffers; the fast path for
// octets fed one at a time gives way to finish() and set_version().
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codec_test_support.hpp"

namespace stompspec {
namespace {

using namespace codec_test;
using Kind = ParseEvent::Kind;

// Frames whose shapes shrink and grow (6 headers, then 1, then 3, then none,
// long values, escapes), with heart-beats, violations and a malformed frame
// between them: every leftover of an earlier event must be gone.
const std::string kMixed =
    "MESSAGE\ndestination:/queue/a-long-destination-name\nmessage-id:0123456789abcdef0123\n"
    "subscription:sub-0\ncontent-type:application/json\nx:a\\cb\\\\c\\nd\ncontent-length:5\n\nhello\0"
    "\n\r\n"
    "RECEIPT\nreceipt-id:77\n\n\0"
    "MESSAGE\nk:\\t\nbad\nk2:v\n\nbody\0"
    "FOO\nk:v\n\n\0"
    "ERROR\nmessage:caf\xC3\xA9\n\nlong body of an error frame, longer than fifteen octets\0"
    "SEND\n\n\0"
    "MESSAGE\na:1\nb:2\ncontent-length:x\n\nabc\0"
    "\0"
    "MESSAGE\nk:v\n\npartial"s;

std::vector<ParseEvent> reused(std::string_view bytes, std::size_t piece, Limits limits = {}) {
  Parser p(Version::v1_2, Peer::server, limits);
  ParseEvent ev;
  std::vector<ParseEvent> out;
  auto drain = [&] {
    while (p.next(ev)) out.push_back(ev);  // a copy: `ev` goes back in
  };
  for (std::size_t i = 0; i < bytes.size(); i += piece) {
    p.feed(bytes.substr(i, piece));
    drain();
  }
  p.finish();
  drain();
  return out;
}

TEST(ParserReuse, OneReusedEventGivesTheEventsOfAFreshParser) {
  Limits tight;
  tight.max_line_length = 40;
  tight.max_headers = 4;
  for (const Limits& limits : {Limits{}, tight}) {
    const auto want = parse_all(kMixed, Version::v1_2, Peer::server, limits);
    ASSERT_GE(want.size(), 10u);
    for (std::size_t piece : {kMixed.size(), std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{64}}) {
      SCOPED_TRACE("pieces of " + std::to_string(piece));
      EXPECT_EQ(reused(kMixed, piece, limits), want);
    }
  }
}

TEST(ParserReuse, NothingToGiveLeavesTheEventAlone) {
  Parser p;
  ParseEvent ev;
  p.feed("RECEIPT\nreceipt-id:1\n\n\0"s);
  ASSERT_TRUE(p.next(ev));
  const ParseEvent before = ev;
  p.feed("MESSAGE\nk:v\n\nbo");
  EXPECT_FALSE(p.next(ev));
  p.feed("d");
  EXPECT_FALSE(p.next(ev));
  EXPECT_EQ(ev, before);
}

TEST(ParserReuse, ResetStartsANewStream) {
  Parser p(Version::v1_0, Peer::client, Limits{100, 3, 10});
  p.set_lenient_errors(true);
  p.feed("ERROR\nmessage:a:b\n\n\0MESSAGE\nk:v\n\nunfinis"s);
  ParseEvent ev;
  while (p.next(ev)) {
  }
  p.reset(Version::v1_1, Peer::server);
  EXPECT_EQ(p.consumed(), 0u);
  EXPECT_EQ(p.buffered(), 0u);
  EXPECT_EQ(p.version(), Version::v1_1);
  const std::string wire = "ERROR\nmessage:a:b\n\n\0MESSAGE\nk:v\n\nbody\0"s;
  p.feed(wire);
  p.finish();
  std::vector<ParseEvent> got;
  while (p.next(ev)) got.push_back(ev);
  // Lenient ERRORs are off again: the raw ':' is a violation at 1.1.
  EXPECT_EQ(got, parse_all(wire, Version::v1_1, Peer::server));
  ASSERT_FALSE(got.empty());
  EXPECT_TRUE(mentions(got[0], "unescaped ':'"));
}

// Octets fed one at a time take the fast path; end of stream and a version
// change must still reach the parser.
TEST(ParserReuse, FinishReachesAFrameFedOctetByOctet) {
  for (const std::string& wire : {"MESSAGE\nk:v"s, "MESSAGE\nk:v\n\nbody"s, "MESSAGE\ncontent-length:9\n\nbo"s, "MESS"s}) {
    SCOPED_TRACE(show(wire));
    Parser p;
    ParseEvent ev;
    for (char c : wire) {
      p.feed(std::string_view(&c, 1));
      EXPECT_FALSE(p.next(ev));
    }
    p.finish();
    ASSERT_TRUE(p.next(ev));
    EXPECT_EQ(ev.kind, Kind::malformed);
    EXPECT_TRUE(mentions(ev, "truncated frame")) << ev.violations.size();
    EXPECT_EQ(ev.raw, wire);
  }
}

TEST(ParserReuse, AVersionChangeReachesAFrameFedOctetByOctet) {
  // At 1.2 this is a frame with a 50-octet body, so a NUL two octets into it
  // is just a body octet; at 1.0, where CR LF is no EOL, the blank line never
  // came and the NUL ends a malformed frame at once.
  const std::string head = "SEND\r\ncontent-length:50\r\n\r\nab";
  Parser p(Version::v1_2);
  ParseEvent ev;
  for (char c : head) {
    p.feed(std::string_view(&c, 1));
    EXPECT_FALSE(p.next(ev));
  }
  p.set_version(Version::v1_0);
  p.feed("\0"s);
  ASSERT_TRUE(p.next(ev));
  EXPECT_EQ(ev.kind, Kind::malformed);
  EXPECT_EQ(ev.frame.command, "SEND\r");
  EXPECT_TRUE(mentions(ev, "NUL before the blank line"));
}

}  // namespace
}  // namespace stompspec
