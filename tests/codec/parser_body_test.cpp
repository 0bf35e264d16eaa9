// Bodies: content-length (1.2 "Header content-length"), NUL termination, and
// which frames may carry one (1.2 "Body", 1.1 "Value Encoding").
#include <gtest/gtest.h>

#include "codec_test_support.hpp"

namespace stompspec {
namespace {

using namespace codec_test;
using Kind = ParseEvent::Kind;

TEST(ParserBody, WithoutContentLengthTheBodyEndsAtTheFirstNul) {
  const auto events = parse_all("SEND\n\nab\ncd\r\n\0ef\n\n\0"s);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].frame.body, "ab\ncd\r\n");
  // What follows is a new frame, whose command is "ef".
  EXPECT_EQ(events[1].frame.command, "ef");
}

TEST(ParserBody, ContentLengthReadsNulsInTheBody) {
  const std::string body = "a\0b\0\0c"s;
  for (Version v : kAll) {
    const std::string first = "MESSAGE\ncontent-length:6\n\n" + body + "\0"s;
    const auto events = parse_all(first + "RECEIPT\n\n\0"s, v);
    ASSERT_EQ(events.size(), 2u) << to_string(v);
    EXPECT_EQ(events[0].kind, Kind::frame);
    EXPECT_TRUE(events[0].violations.empty());
    EXPECT_EQ(events[0].frame.body, body);
    EXPECT_EQ(events[0].raw, first);
    EXPECT_EQ(events[1].frame.command, "RECEIPT");
    EXPECT_EQ(events[1].offset, first.size());
  }
}

TEST(ParserBody, ZeroContentLength) {
  const ParseEvent e = only_event("SEND\ncontent-length:0\n\n\0"s);
  EXPECT_EQ(e.kind, Kind::frame);
  EXPECT_TRUE(e.violations.empty());
  EXPECT_EQ(e.frame.body, "");
}

TEST(ParserBody, ContentLengthMayAppearOnAnyFrame) {
  const ParseEvent e = only_event("SUBSCRIBE\nid:1\ncontent-length:0\n\n\0"s);
  EXPECT_TRUE(e.violations.empty());
}

TEST(ParserBody, ContentLengthShortOfTheNulIsAMismatchAndResyncs) {
  const std::string wire = "SEND\ncontent-length:3\n\nabcd\0MESSAGE\n\n\0"s;
  const auto events = parse_all(wire);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::malformed);
  EXPECT_EQ(events[0].frame.body, "abc");
  ASSERT_EQ(events[0].violations.size(), 1u);
  EXPECT_NE(events[0].violations[0].what.find("content-length mismatch"), std::string::npos);
  EXPECT_EQ(events[0].violations[0].offset, wire.find('d'));
  EXPECT_EQ(events[0].violations[0].rule, "STOMP 1.2 Header content-length");
  // The octets from the misplaced one to the real NUL are dropped.
  EXPECT_EQ(events[1].kind, Kind::frame);
  EXPECT_EQ(events[1].frame.command, "MESSAGE");
  EXPECT_EQ(events[1].offset, wire.find("MESSAGE"));
}

TEST(ParserBody, ContentLengthBeyondTheStreamIsTruncated) {
  const ParseEvent e = only_event("SEND\ncontent-length:10\n\nabc\0"s);
  EXPECT_EQ(e.kind, Kind::malformed);
  EXPECT_TRUE(mentions(e, "truncated"));
}

TEST(ParserBody, TheFirstContentLengthCounts) {
  const ParseEvent e = only_event("SEND\ncontent-length:2\ncontent-length:zz\n\na\0\0"s);
  EXPECT_EQ(e.kind, Kind::frame);
  EXPECT_TRUE(e.violations.empty()) << "a later repeat is history, not checked";
  EXPECT_EQ(e.frame.body, "a\0"s);
}

struct BadLength {
  Version v;
  std::string command;
  std::string value;
  std::string rule;
};

void PrintTo(const BadLength& c, std::ostream* os) {
  *os << to_string(c.v) << " " << c.command << " '" << c.value << "'";
}

class InvalidContentLength : public ::testing::TestWithParam<BadLength> {};

TEST_P(InvalidContentLength, IsReportedAndTheBodyEndsAtTheNul) {
  const auto& c = GetParam();
  const std::string wire = c.command + "\ncontent-length:" + c.value + "\n\nhi\0"s;
  const ParseEvent e = only_event(wire, c.v);
  EXPECT_EQ(e.kind, Kind::frame);
  EXPECT_EQ(e.frame.body, "hi");
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_NE(e.violations[0].what.find("invalid content-length"), std::string::npos);
  EXPECT_EQ(e.violations[0].offset, wire.find("content-length:") + 15);
  EXPECT_EQ(e.violations[0].rule, c.rule);
}

INSTANTIATE_TEST_SUITE_P(
    Table, InvalidContentLength,
    ::testing::Values(BadLength{Version::v1_2, "SEND", "abc", "STOMP 1.2 Header content-length"},
                      BadLength{Version::v1_2, "SEND", "-1", "STOMP 1.2 Header content-length"},
                      BadLength{Version::v1_2, "SEND", "+2", "STOMP 1.2 Header content-length"},
                      BadLength{Version::v1_2, "SEND", " 2", "STOMP 1.2 Header content-length"},
                      BadLength{Version::v1_2, "SEND", "2 ", "STOMP 1.2 Header content-length"},
                      BadLength{Version::v1_2, "SEND", "", "STOMP 1.2 Header content-length"},
                      BadLength{Version::v1_2, "SEND", "0x2", "STOMP 1.2 Header content-length"},
                      BadLength{Version::v1_2, "SEND", "2\\c", "STOMP 1.2 Header content-length"},
                      BadLength{Version::v1_1, "ERROR", "99999999999999999999999",
                                "STOMP 1.1 Header content-length"},
                      BadLength{Version::v1_1, "ERROR", "18446744073709551616",
                                "STOMP 1.1 Header content-length"},
                      BadLength{Version::v1_0, "MESSAGE", "2.0", "STOMP 1.0 MESSAGE"},
                      BadLength{Version::v1_0, "SEND", "two", "STOMP 1.0 SEND"}));

TEST(ParserBody, LeadingZerosAreStillADecimalCount) {
  const ParseEvent e = only_event("SEND\ncontent-length:002\n\nhi\0"s);
  EXPECT_TRUE(e.violations.empty());
  EXPECT_EQ(e.frame.body, "hi");
}

TEST(ParserBody, BodyOnAFrameThatMayNotHaveOne) {
  const std::string wire = "SUBSCRIBE\nid:1\n\nxyz\0"s;
  const ParseEvent e12 = only_event(wire, Version::v1_2);
  EXPECT_EQ(e12.kind, Kind::frame);
  EXPECT_EQ(e12.frame.body, "xyz");
  ASSERT_EQ(e12.violations.size(), 1u);
  EXPECT_EQ(e12.violations[0].offset, wire.find("xyz"));
  EXPECT_EQ(e12.violations[0].rule, "STOMP 1.2 Body");
  const ParseEvent e11 = only_event(wire, Version::v1_1);
  ASSERT_EQ(e11.violations.size(), 1u);
  EXPECT_EQ(e11.violations[0].rule, "STOMP 1.1 Value Encoding");
  // 1.0 lets any frame carry content.
  EXPECT_TRUE(only_event(wire, Version::v1_0).violations.empty());
}

TEST(ParserBody, EveryBodylessCommandIsCheckedAndTheThreeOthersAreNot) {
  for (const char* c : {"SUBSCRIBE", "UNSUBSCRIBE", "BEGIN", "COMMIT", "ABORT", "ACK", "NACK",
                        "DISCONNECT", "CONNECT", "STOMP", "CONNECTED", "RECEIPT"}) {
    const ParseEvent e = only_event(std::string(c) + "\ncontent-length:1\n\nx\0"s, Version::v1_2);
    EXPECT_TRUE(mentions(e, "body on a")) << c;
  }
  for (const char* c : {"SEND", "MESSAGE", "ERROR"}) {
    EXPECT_TRUE(only_event(std::string(c) + "\n\nx\0"s, Version::v1_2).violations.empty()) << c;
  }
}

TEST(ParserBody, UnknownCommandGetsNoBodyViolationOnTopOfItsOwn) {
  const ParseEvent e = only_event("FOO\n\nx\0"s, Version::v1_2);
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_TRUE(mentions(e, "unknown command"));
}

TEST(ParserBody, EmptyBodyOnABodylessFrameIsFine) {
  EXPECT_TRUE(only_event("BEGIN\ntransaction:t\n\n\0"s, Version::v1_2).violations.empty());
}

}  // namespace
}  // namespace stompspec
