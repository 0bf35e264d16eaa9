// The parser as a stream: any split of the input gives the same events, the
// version can change between two frames of one chunk, end of stream, offsets.
#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "codec_test_support.hpp"

namespace stompspec {
namespace {

using namespace codec_test;
using Kind = ParseEvent::Kind;

struct Stream {
  const char* name;
  std::string bytes;
  Version v;
  Peer peer;
  Limits limits;
};

Limits tight() {
  Limits l;
  l.max_frame_size = 48;
  l.max_headers = 2;
  l.max_line_length = 20;
  return l;
}

std::vector<Stream> streams() {
  return {
      {"heartbeats-and-frames-1.2",
       "\n\r\nCONNECTED\r\nversion:1.2\r\nheart-beat:0,0\r\n\r\n\0\n"
       "MESSAGE\ndestination:/q\nmessage-id:1\nsubscription:s\ncontent-length:5\n\na\0b\0c\0\r\n"
       "MESSAGE\nk:a\\r\\n\\c\\\\\n\nbody\0\n\n"
       "RECEIPT\nreceipt-id:9\n\n\0"s,
       Version::v1_2, Peer::server, {}},
      {"violations-1.2",
       "SEND\n:x\nk:a:b\nq:\\t\nnocolon\n\nx\0"
       "SUBSCRIBE\nid:1\n\nbody\0"
       "FOO\ncontent-length:zz\n\nq\0"
       "SEND\ncontent-length:2\n\nabc\0MESSAGE\n\n\0"
       "\0\rX\n\n\0"s,
       Version::v1_2, Peer::client, {}},
      {"crlf-at-1.1",
       "\r\nMESSAGE\r\nfoo:bar\r\n\r\n\0\nERROR\nmessage:a\\nb\n\nbad\0"s, Version::v1_1,
       Peer::server, {}},
      {"plain-1.0",
       "CONNECTED\nsession: 1\n\n\0\n\nMESSAGE\nk:a\\tb\ncontent-length:3\n\n\0\0\0\0\n"
       "NACK\n\n\0"s,
       Version::v1_0, Peer::server, {}},
      {"limits-and-resync",
       "SEND\nk:0123456789abcdefghij\n\nx\0"
       "SEND\na:1\nb:2\nc:3\n\n\0"
       "SEND\n\n0123456789012345678901234567890123456789012345678901\0"
       "SEND\ncontent-length:60\n\n" + std::string(60, '\0') + "\0"s +
       "RECEIPT\n\n\0\n"s,
       Version::v1_2, Peer::any, tight()},
      {"truncated-tail", "\nMESSAGE\ncontent-length:4\n\nab"s, Version::v1_2, Peer::any, {}},
      {"truncated-command", "\nMESSA"s, Version::v1_1, Peer::any, {}},
      {"lone-cr-tail", "RECEIPT\n\n\0\r"s, Version::v1_2, Peer::any, {}},
  };
}

void PrintTo(const Stream& s, std::ostream* os) { *os << s.name; }

class Split : public ::testing::TestWithParam<Stream> {};

TEST_P(Split, EveryTwoPieceSplitGivesTheOnePieceEvents) {
  const auto& s = GetParam();
  const auto whole = parse_all(s.bytes, s.v, s.peer, s.limits);
  ASSERT_GE(whole.size(), 2u) << "the stream should say something";
  for (std::size_t cut = 0; cut <= s.bytes.size(); ++cut) {
    ASSERT_EQ(parse_pieces(s.bytes, {cut}, s.v, s.peer, s.limits), whole) << "cut at " << cut;
  }
}

TEST_P(Split, ByteByByteGivesTheOnePieceEvents) {
  const auto& s = GetParam();
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < s.bytes.size(); ++i) cuts.push_back(i);
  EXPECT_EQ(parse_pieces(s.bytes, cuts, s.v, s.peer, s.limits),
            parse_all(s.bytes, s.v, s.peer, s.limits));
}

TEST_P(Split, RandomMultiPieceSplitsGiveTheOnePieceEvents) {
  const auto& s = GetParam();
  const auto whole = parse_all(s.bytes, s.v, s.peer, s.limits);
  std::mt19937 rng(12345);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < s.bytes.size(); ++i) {
      if (rng() % 7 == 0) cuts.push_back(i);
    }
    ASSERT_EQ(parse_pieces(s.bytes, cuts, s.v, s.peer, s.limits), whole) << "round " << round;
  }
}

INSTANTIATE_TEST_SUITE_P(Streams, Split, ::testing::ValuesIn(streams()));

TEST(ParserStream, EventsTileTheStream) {
  for (const Stream& s : streams()) {
    std::string joined;
    std::size_t end = 0;
    for (const ParseEvent& e : parse_all(s.bytes, s.v, s.peer, s.limits)) {
      EXPECT_GE(e.offset, end) << s.name << ": events never overlap";
      EXPECT_EQ(e.raw, s.bytes.substr(e.offset, e.raw.size())) << s.name;
      joined += e.raw;
      end = e.offset + e.raw.size();
    }
    // Only a resync (a limit or a content-length mismatch) drops octets.
    const bool resyncs = s.name == std::string("limits-and-resync") || s.name == std::string("violations-1.2");
    if (resyncs) {
      EXPECT_LT(joined.size(), s.bytes.size()) << s.name;
    } else {
      EXPECT_EQ(joined, s.bytes) << s.name;
    }
  }
}

TEST(ParserStream, VersionSwitchesBetweenTwoFramesOfOneChunk) {
  // The client side reads CONNECTED at 1.0, then the negotiated version
  // applies to the MESSAGE already sitting in the same chunk.
  const std::string chunk = "CONNECTED\nversion:1.2\n\n\0MESSAGE\nk:a\\rb\n\n\0"s;
  for (Version negotiated : {Version::v1_0, Version::v1_1, Version::v1_2}) {
    Parser p(Version::v1_0, Peer::server);
    p.feed(chunk);
    auto connected = p.next();
    ASSERT_TRUE(connected.has_value());
    EXPECT_EQ(connected->frame.command, "CONNECTED");
    p.set_version(negotiated);
    auto message = p.next();
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(message->kind, Kind::frame);
    switch (negotiated) {
      case Version::v1_0:
        EXPECT_EQ(*message->frame.find("k"), "a\\rb");
        EXPECT_TRUE(message->violations.empty());
        break;
      case Version::v1_1:
        EXPECT_EQ(*message->frame.find("k"), "a\\rb");
        ASSERT_EQ(message->violations.size(), 1u);
        EXPECT_EQ(message->violations[0].rule, "STOMP 1.1 Value Encoding");
        break;
      case Version::v1_2:
        EXPECT_EQ(*message->frame.find("k"), "a\rb");
        EXPECT_TRUE(message->violations.empty());
        break;
    }
  }
}

TEST(ParserStream, VersionSwitchReparsesAPartialFrame) {
  Parser p(Version::v1_1);
  p.feed("MESSAGE\nk:a\\rb\n");
  EXPECT_FALSE(p.next().has_value());
  p.set_version(Version::v1_2);
  p.feed("\n\0"s);
  auto e = p.next();
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->violations.empty());
  EXPECT_EQ(*e->frame.find("k"), "a\rb");
}

TEST(ParserStream, FinishTurnsAPartialFrameIntoATruncatedOne) {
  Parser p(Version::v1_2);
  const std::string wire = "\nSEND\ndestination:/q\n\npartial body";
  p.feed(wire);
  ASSERT_TRUE(p.next().has_value());  // the heart-beat
  EXPECT_FALSE(p.next().has_value());
  EXPECT_EQ(p.buffered(), wire.size() - 1);
  p.finish();
  auto e = p.next();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->kind, Kind::malformed);
  EXPECT_EQ(e->frame.command, "SEND");
  EXPECT_EQ(*e->frame.find("destination"), "/q");
  EXPECT_EQ(e->offset, 1u);
  ASSERT_EQ(e->violations.size(), 1u);
  EXPECT_EQ(e->violations[0],
            (Violation{"truncated frame: the stream ended before its NUL", wire.size(),
                       "STOMP 1.2 Augmented BNF"}));
  EXPECT_FALSE(p.next().has_value());
  EXPECT_EQ(p.consumed(), wire.size());
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(ParserStream, NothingComesOutOfAnEmptyOrCleanStream) {
  Parser p;
  EXPECT_FALSE(p.next().has_value());
  p.finish();
  EXPECT_FALSE(p.next().has_value());
  Parser q;
  q.feed("ACK\nid:1\n\n\0"s);
  q.finish();
  ASSERT_TRUE(q.next().has_value());
  EXPECT_FALSE(q.next().has_value());
}

TEST(ParserStream, OffsetsStayAbsoluteAcrossManyFeeds) {
  Parser p(Version::v1_2);
  const std::string frame = "MESSAGE\nk:v\n\nbody\0"s;
  std::size_t expected = 0;
  for (int i = 0; i < 2000; ++i) {
    p.feed(frame);
    p.feed("\n");
    auto f = p.next();
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->offset, expected);
    auto hb = p.next();
    ASSERT_TRUE(hb.has_value());
    EXPECT_EQ(hb->offset, expected + frame.size());
    expected += frame.size() + 1;
  }
  p.feed("MESSAGE\nk:\\t\n\n\0"s);
  auto bad = p.next();
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->violations.at(0).offset, expected + 10);
  EXPECT_EQ(p.consumed(), expected + 15);
}

TEST(ParserStream, ByteByByteFeedingIsLinear) {
  // A rescan from the frame start on every octet would take ~10^12 steps here.
  const std::string body(2 * 1024 * 1024, 'b');
  const std::string wire = "SEND\ncontent-length:" + std::to_string(body.size()) + "\n\n" + body +
                           "\0SEND\n\n"s + body + "\0"s;
  const auto start = std::chrono::steady_clock::now();
  Parser p;
  std::size_t frames = 0;
  for (char c : wire) {
    p.feed(std::string_view(&c, 1));
    while (p.next()) ++frames;
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(frames, 2u);
  EXPECT_LT(took, std::chrono::seconds(30));
}

}  // namespace
}  // namespace stompspec
