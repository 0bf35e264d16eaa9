// Limits: an over-limit frame becomes one malformed event at once, the rest
// of it is dropped up to its NUL, and memory stays bounded by the limits.
#include <gtest/gtest.h>

#include "codec_test_support.hpp"

namespace stompspec {
namespace {

using namespace codec_test;
using Kind = ParseEvent::Kind;

Limits small_limits() {
  Limits l;
  l.max_frame_size = 64;
  l.max_headers = 3;
  l.max_line_length = 16;
  return l;
}

const std::string kNext = "RECEIPT\nreceipt-id:7\n\n\0"s;  // must survive every resync

void expect_next_frame_intact(const std::vector<ParseEvent>& events, std::size_t offset) {
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, Kind::frame);
  EXPECT_EQ(events.back().frame, (Frame{"RECEIPT", {{"receipt-id", "7"}}, ""}));
  EXPECT_EQ(events.back().offset, offset);
}

TEST(ParserLimits, LineAtTheLimitPassesAndOneOctetMoreDoesNot) {
  const std::string ok = "SEND\nk:" + std::string(14, 'v') + "\n\n\0"s;  // header line of 16
  EXPECT_TRUE(parse_all(ok, Version::v1_2, Peer::any, small_limits())[0].violations.empty());

  const std::string bad = "SEND\nk:" + std::string(15, 'v') + "\n\n\0"s;
  const auto events = parse_all(bad + kNext, Version::v1_2, Peer::any, small_limits());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::malformed);
  EXPECT_EQ(events[0].frame.command, "SEND");
  ASSERT_EQ(events[0].violations.size(), 1u);
  EXPECT_EQ(events[0].violations[0],
            (Violation{"line longer than 16 octets", 5 + 16, "STOMP 1.2 Size Limits"}));
  EXPECT_EQ(events[0].raw, bad.substr(0, 5 + 16)) << "raw stops at the offending octet";
  expect_next_frame_intact(events, bad.size());
}

TEST(ParserLimits, CrOfACrLfDoesNotCountTowardsTheLineIn12) {
  const std::string ok = "SEND\r\nk:" + std::string(14, 'v') + "\r\n\r\n\0"s;
  const auto events = parse_all(ok, Version::v1_2, Peer::any, small_limits());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::frame);
  EXPECT_TRUE(events[0].violations.empty());
  // In 1.1 the same CR is a line octet, so the line is one too long.
  const auto e11 = parse_all(ok, Version::v1_1, Peer::any, small_limits());
  ASSERT_FALSE(e11.empty());
  EXPECT_TRUE(mentions(e11[0], "line longer than 16"));
}

TEST(ParserLimits, CommandLineIsALineToo) {
  const std::string bad = std::string(17, 'X') + "\n\n\0"s;
  const auto events = parse_all(bad + kNext, Version::v1_1, Peer::any, small_limits());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].violations.at(0).offset, 16u);
  EXPECT_EQ(events[0].violations.at(0).rule, "STOMP 1.1 Size Limits");
  expect_next_frame_intact(events, bad.size());
}

TEST(ParserLimits, HeaderCount) {
  const std::string ok = "SEND\na:1\nb:2\nc:3\n\n\0"s;
  EXPECT_TRUE(parse_all(ok, Version::v1_2, Peer::any, small_limits())[0].violations.empty());

  const std::string bad = "SEND\na:1\nb:2\nc:3\nd:4\n\n\0"s;
  const auto events = parse_all(bad + kNext, Version::v1_0, Peer::any, small_limits());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::malformed);
  EXPECT_EQ(events[0].frame.headers.size(), 3u);
  ASSERT_EQ(events[0].violations.size(), 1u);
  EXPECT_EQ(events[0].violations[0].what, "more than 3 headers");
  EXPECT_EQ(events[0].violations[0].offset, bad.find("d:4"));
  EXPECT_EQ(events[0].violations[0].rule, "STOMP 1.0 (no size limits; harness Limits)");
  expect_next_frame_intact(events, bad.size());
}

TEST(ParserLimits, FrameSizeCountsFromCommandThroughNul) {
  const std::string head = "SEND\n\n"s;
  const std::string ok = head + std::string(64 - head.size() - 1, 'b') + "\0"s;  // 64 octets
  ASSERT_EQ(ok.size(), 64u);
  EXPECT_TRUE(parse_all(ok, Version::v1_2, Peer::any, small_limits())[0].violations.empty());

  const std::string bad = head + std::string(64 - head.size(), 'b') + "\0"s;  // 65
  const auto events = parse_all(bad + kNext, Version::v1_2, Peer::any, small_limits());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::malformed);
  ASSERT_EQ(events[0].violations.size(), 1u);
  EXPECT_EQ(events[0].violations[0],
            (Violation{"frame longer than 64 octets", 64, "STOMP 1.2 Size Limits"}));
  expect_next_frame_intact(events, bad.size());
}

TEST(ParserLimits, FrameSizeAlsoBoundsTheHeaderSection) {
  Limits l = small_limits();
  l.max_headers = 100;
  std::string bad = "SEND\n";
  while (bad.size() < 80) bad += "h:123456\n";
  bad += "\n\0"s;
  const auto events = parse_all(bad + kNext, Version::v1_2, Peer::any, l);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].violations.at(0).offset, 64u);
  expect_next_frame_intact(events, bad.size());
}

TEST(ParserLimits, OversizedContentLengthIsCaughtAtTheHeaderAndItsBodySkipped) {
  // The body holds NULs: only skipping the declared length resyncs exactly.
  const std::string body = std::string(40, 'x') + "\0\0"s + std::string(40, 'y');
  const std::string bad = "MESSAGE\ncontent-length:82\n\n" + body + "\0"s;
  Limits l = small_limits();
  l.max_line_length = 64;
  Parser p(Version::v1_2, Peer::any, l);
  p.feed(bad.substr(0, 30));  // the headers and a little body
  auto first = p.next();
  ASSERT_TRUE(first.has_value()) << "reported before the body arrives";
  EXPECT_EQ(first->kind, Kind::malformed);
  ASSERT_EQ(first->violations.size(), 1u);
  EXPECT_EQ(first->violations[0].offset, bad.find("82"));
  EXPECT_NE(first->violations[0].what.find("content-length 82"), std::string::npos);
  p.feed(bad.substr(30));
  p.feed(kNext);
  p.finish();
  std::vector<ParseEvent> rest;
  while (auto e = p.next()) rest.push_back(std::move(*e));
  ASSERT_EQ(rest.size(), 1u) << "nothing of the skipped body comes out";
  expect_next_frame_intact(rest, bad.size());
}

TEST(ParserLimits, RawIsCappedButTheBodyIsWhole) {
  const std::string body(100 * 1024, 'z');
  const ParseEvent e = only_event("SEND\n\n" + body + "\0"s);
  EXPECT_EQ(e.kind, Kind::frame);
  EXPECT_EQ(e.frame.body.size(), body.size());
  EXPECT_EQ(e.raw.size(), 64u * 1024);
  EXPECT_EQ(e.raw.substr(0, 6), "SEND\n\n");
}

TEST(ParserLimits, EndlessFrameKeepsTheBufferBoundedAndResyncsOnItsNul) {
  Limits l;
  l.max_frame_size = 4096;
  Parser p(Version::v1_2, Peer::any, l);
  const std::string chunk(1000, 'g');
  std::vector<ParseEvent> events;
  p.feed("SEND\n\n");
  for (int i = 0; i < 10000; ++i) {  // ten megabytes without a NUL
    p.feed(chunk);
    while (auto e = p.next()) events.push_back(std::move(*e));
    ASSERT_LE(p.buffered(), l.max_frame_size + chunk.size()) << "at chunk " << i;
  }
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::malformed);
  EXPECT_EQ(events[0].violations.at(0).offset, 4096u);
  EXPECT_EQ(p.buffered(), 0u) << "discarded octets are not kept";
  p.feed("tail\0"s + kNext);
  while (auto e = p.next()) events.push_back(std::move(*e));
  expect_next_frame_intact(events, 6 + 10000 * chunk.size() + 5);
  EXPECT_EQ(p.consumed(), 6 + 10000 * chunk.size() + 5 + kNext.size());
}

TEST(ParserLimits, EndlessHeaderLineIsBoundedToo) {
  Limits l;
  l.max_line_length = 128;
  Parser p(Version::v1_2, Peer::any, l);
  p.feed("SEND\nk:");
  std::size_t events = 0;
  for (int i = 0; i < 1000; ++i) {
    p.feed(std::string(1000, 'v'));
    while (p.next()) ++events;
    ASSERT_LE(p.buffered(), 128u + 1000u);
  }
  EXPECT_EQ(events, 1u);
}

}  // namespace
}  // namespace stompspec
