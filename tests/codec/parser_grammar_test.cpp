// Commands, peers, EOLs and heart-beats: the frame grammar of each version
// ("Augmented BNF" of 1.0, 1.1 and 1.2).
#include <gtest/gtest.h>

#include "codec_test_support.hpp"

namespace stompspec {
namespace {

using namespace codec_test;
using Kind = ParseEvent::Kind;

std::string rule_of(Version v, const char* section) {
  return "STOMP " + std::string(to_string(v)) + " " + section;
}

TEST(ParserGrammar, MinimalFrameInEveryVersion) {
  const std::string wire = "SEND\ndestination:/queue/a\n\nhello\0"s;
  for (Version v : kAll) {
    const ParseEvent e = only_event(wire, v);
    EXPECT_EQ(e.kind, Kind::frame);
    EXPECT_TRUE(e.violations.empty());
    EXPECT_EQ(e.frame, (Frame{"SEND", {{"destination", "/queue/a"}}, "hello"}));
    EXPECT_EQ(e.offset, 0u);
    EXPECT_EQ(e.raw, wire);
  }
}

TEST(ParserGrammar, FrameWithoutHeadersOrBody) {
  const ParseEvent e = only_event("DISCONNECT\n\n\0"s);
  EXPECT_EQ(e.kind, Kind::frame);
  EXPECT_TRUE(e.violations.empty());
  EXPECT_EQ(e.frame, (Frame{"DISCONNECT", {}, ""}));
}

struct CommandCase {
  Version v;
  Peer peer;
  std::string command;
  std::string what;  // empty: accepted
  std::string rule;
};

class Commands : public ::testing::TestWithParam<CommandCase> {};

TEST_P(Commands, AreCheckedAgainstVersionAndPeer) {
  const auto& c = GetParam();
  const ParseEvent e = only_event(c.command + "\n\n\0"s, c.v, c.peer);
  EXPECT_EQ(e.kind, Kind::frame) << "an odd command is still shown as a frame";
  EXPECT_EQ(e.frame.command, c.command);
  if (c.what.empty()) {
    EXPECT_TRUE(e.violations.empty());
    return;
  }
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_NE(e.violations[0].what.find(c.what), std::string::npos) << e.violations[0].what;
  EXPECT_EQ(e.violations[0].offset, 0u);
  EXPECT_EQ(e.violations[0].rule, c.rule);
}

std::vector<CommandCase> command_cases() {
  std::vector<CommandCase> out;
  const char* client[] = {"SEND",   "SUBSCRIBE", "UNSUBSCRIBE", "BEGIN",   "COMMIT", "ABORT",
                          "ACK",    "DISCONNECT", "CONNECT"};
  const char* server[] = {"CONNECTED", "MESSAGE", "RECEIPT", "ERROR"};
  for (Version v : kAll) {
    for (const char* c : client) {
      out.push_back({v, Peer::client, c, "", ""});
      out.push_back({v, Peer::any, c, "", ""});
      out.push_back({v, Peer::server, c, std::string("client command ") + c + " sent by the server",
                     rule_of(v, "Server Frames")});
    }
    for (const char* c : server) {
      out.push_back({v, Peer::server, c, "", ""});
      out.push_back({v, Peer::any, c, "", ""});
      out.push_back({v, Peer::client, c, std::string("server command ") + c + " sent by the client",
                     rule_of(v, v == Version::v1_0 ? "Client Commands" : "Client Frames")});
    }
    for (const char* c : {"FOO", "send", "SEND ", " SEND", "MESSAGES"}) {
      out.push_back({v, Peer::any, c, "unknown command", rule_of(v, "Augmented BNF")});
    }
  }
  // NACK and STOMP arrived with 1.1.
  for (const char* c : {"NACK", "STOMP"}) {
    out.push_back({Version::v1_0, Peer::client, c, "(added in STOMP 1.1)", "STOMP 1.0 Augmented BNF"});
    out.push_back({Version::v1_1, Peer::client, c, "", ""});
    out.push_back({Version::v1_2, Peer::client, c, "", ""});
  }
  return out;
}

void PrintTo(const CommandCase& c, std::ostream* os) {
  static constexpr const char* kPeers[] = {"server", "client", "any"};
  *os << to_string(c.v) << " from " << kPeers[static_cast<int>(c.peer)] << " '" << show(c.command) << "'";
}

INSTANTIATE_TEST_SUITE_P(Table, Commands, ::testing::ValuesIn(command_cases()));

TEST(ParserEol, CrLfIsAnEolIn12) {
  const ParseEvent e = only_event("SEND\r\ndestination:/q\r\nx:y\n\r\nbody\0"s, Version::v1_2);
  EXPECT_EQ(e.kind, Kind::frame);
  EXPECT_TRUE(e.violations.empty());
  EXPECT_EQ(e.frame, (Frame{"SEND", {{"destination", "/q"}, {"x", "y"}}, "body"}));
}

TEST(ParserEol, CrBeforeLfStaysInAHeaderValueBefore12) {
  // 1.0 and 1.1 end lines with LF only, and their header-value admits CR.
  for (Version v : {Version::v1_0, Version::v1_1}) {
    const ParseEvent e = only_event("SEND\nfoo:bar\r\n\n\0"s, v);
    EXPECT_EQ(e.kind, Kind::frame);
    EXPECT_TRUE(e.violations.empty()) << to_string(v);
    EXPECT_EQ(e.frame.headers, (std::vector<Header>{{"foo", "bar\r"}}));
  }
  const ParseEvent e12 = only_event("SEND\nfoo:bar\r\n\n\0"s, Version::v1_2);
  EXPECT_EQ(e12.frame.headers, (std::vector<Header>{{"foo", "bar"}}));
}

TEST(ParserEol, CrLfFrameBefore12IsMalformedAndSaysWhy) {
  const std::string wire = "MESSAGE\r\nfoo:bar\r\n\r\n\0"s;
  for (Version v : {Version::v1_0, Version::v1_1}) {
    const ParseEvent e = only_event(wire, v);
    EXPECT_EQ(e.kind, Kind::malformed);
    EXPECT_EQ(e.frame.command, "MESSAGE\r");
    EXPECT_EQ(e.frame.headers, (std::vector<Header>{{"foo", "bar\r"}}));
    const std::vector<std::size_t> offsets{0, wire.find("\r\n\r\n") + 2, wire.size() - 1};
    ASSERT_EQ(e.violations.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(e.violations[i].offset, offsets[i]) << i;
      EXPECT_EQ(e.violations[i].rule, rule_of(v, "Augmented BNF"));
    }
    EXPECT_NE(e.violations[0].what.find("unknown command 'MESSAGE\\r'"), std::string::npos);
    EXPECT_NE(e.violations[0].what.find("CR before LF is not an EOL"), std::string::npos);
    EXPECT_NE(e.violations[1].what.find("header line without ':'"), std::string::npos);
    EXPECT_NE(e.violations[2].what.find("NUL before the blank line"), std::string::npos);
    EXPECT_EQ(e.raw, wire);
  }
}

TEST(ParserEol, BareCrInAHeaderIsAViolationOnlyIn12) {
  const std::string wire = "SEND\nfoo:a\rb\n\n\0"s;
  const ParseEvent e = only_event(wire, Version::v1_2);
  EXPECT_EQ(e.kind, Kind::frame);
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_NE(e.violations[0].what.find("bare CR in header 'foo'"), std::string::npos);
  EXPECT_EQ(e.violations[0].offset, wire.find('\r'));
  EXPECT_EQ(e.violations[0].rule, "STOMP 1.2 Augmented BNF");
  EXPECT_EQ(e.frame.headers, (std::vector<Header>{{"foo", "a\rb"}}));
  for (Version v : {Version::v1_0, Version::v1_1}) {
    const ParseEvent old = only_event(wire, v);
    EXPECT_TRUE(old.violations.empty()) << to_string(v);
    EXPECT_EQ(old.frame.headers, (std::vector<Header>{{"foo", "a\rb"}}));
  }
}

TEST(ParserEol, ConnectAndConnectedMayCarryARawColonButNotABareCrIn12) {
  // Their exemption from escaping lets ':' through; a CR stays outside the
  // 1.2 grammar, as one ending a value would read back as part of the EOL.
  for (const char* c : {"CONNECT", "CONNECTED"}) {
    const std::string wire = std::string(c) + "\npasscode:a\rb:c\n\n\0"s;
    const ParseEvent e = only_event(wire, Version::v1_2);
    EXPECT_EQ(e.frame.headers, (std::vector<Header>{{"passcode", "a\rb:c"}}));
    ASSERT_EQ(e.violations.size(), 1u) << c;
    EXPECT_NE(e.violations[0].what.find("bare CR"), std::string::npos);
    EXPECT_EQ(e.violations[0].offset, wire.find('\r'));
  }
}

TEST(ParserEol, CrNotFollowedByLfStartsAFrameIn12) {
  const ParseEvent e = only_event("\rSEND\n\n\0"s, Version::v1_2);
  EXPECT_EQ(e.kind, Kind::frame);
  EXPECT_EQ(e.frame.command, "\rSEND");
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_NE(e.violations[0].what.find("unknown command '\\rSEND'"), std::string::npos);
}

TEST(ParserHeartbeat, EveryEolBetweenFramesIsOneEvent) {
  const std::string frame = "MESSAGE\n\n\0"s;
  const std::string wire = "\n\r\n" + frame + "\n\r\n\n";
  const auto events = parse_all(wire, Version::v1_2);
  ASSERT_EQ(events.size(), 6u);
  const std::vector<std::pair<Kind, std::string>> want{
      {Kind::heartbeat, "\n"}, {Kind::heartbeat, "\r\n"}, {Kind::frame, frame},
      {Kind::heartbeat, "\n"}, {Kind::heartbeat, "\r\n"}, {Kind::heartbeat, "\n"}};
  std::size_t offset = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(events[i].kind, want[i].first) << i;
    EXPECT_EQ(events[i].raw, want[i].second) << i;
    EXPECT_EQ(events[i].offset, offset) << i;
    EXPECT_TRUE(events[i].violations.empty()) << i;
    offset += want[i].second.size();
  }
}

TEST(ParserHeartbeat, LfAfterNulIsAcceptedInEveryVersion) {
  for (Version v : kAll) {
    const auto events = parse_all("RECEIPT\nreceipt-id:1\n\n\0\nRECEIPT\nreceipt-id:2\n\n\0\n\n"s, v);
    ASSERT_EQ(events.size(), 5u) << to_string(v);
    EXPECT_EQ(events[0].kind, Kind::frame);
    EXPECT_EQ(events[1].kind, Kind::heartbeat);
    EXPECT_EQ(events[2].kind, Kind::frame);
    EXPECT_EQ(*events[2].frame.find("receipt-id"), "2");
    EXPECT_EQ(events[3].kind, Kind::heartbeat);
    EXPECT_EQ(events[4].kind, Kind::heartbeat);
    for (const auto& e : events) EXPECT_TRUE(e.violations.empty());
  }
}

TEST(ParserHeartbeat, CrLfHeartbeatBefore12IsMalformedAndTheNextFrameSurvives) {
  for (Version v : {Version::v1_0, Version::v1_1}) {
    const auto events = parse_all("\r\nMESSAGE\n\n\0"s, v);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].kind, Kind::malformed);
    EXPECT_EQ(events[0].raw, "\r\n");
    ASSERT_EQ(events[0].violations.size(), 1u);
    EXPECT_EQ(events[0].violations[0].offset, 0u);
    EXPECT_EQ(events[0].violations[0].rule, rule_of(v, "Augmented BNF"));
    EXPECT_NE(events[0].violations[0].what.find("CR before LF is not an EOL"), std::string::npos);
    EXPECT_EQ(events[1].kind, Kind::frame);
    EXPECT_EQ(events[1].offset, 2u);
    EXPECT_EQ(events[1].frame.command, "MESSAGE");
  }
}

TEST(ParserHeartbeat, StrayNulBetweenFramesIsMalformed) {
  const auto events = parse_all("ERROR\n\n\0\0\n"s, Version::v1_2);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, Kind::frame);
  EXPECT_EQ(events[1].kind, Kind::malformed);
  EXPECT_EQ(events[1].raw, "\0"s);
  ASSERT_EQ(events[1].violations.size(), 1u);
  EXPECT_EQ(events[1].violations[0].offset, 8u);
  EXPECT_EQ(events[2].kind, Kind::heartbeat);
}

TEST(ParserHeartbeat, LoneCrAtEndOfStreamIsTruncated) {
  for (Version v : kAll) {
    Parser p(v);
    p.feed("\n\r");
    auto hb = p.next();
    ASSERT_TRUE(hb.has_value());
    EXPECT_EQ(hb->kind, Kind::heartbeat);
    EXPECT_FALSE(p.next().has_value()) << "a CR alone cannot be judged yet";
    p.finish();
    auto e = p.next();
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->kind, Kind::malformed);
    EXPECT_EQ(e->raw, "\r");
    ASSERT_EQ(e->violations.size(), 1u);
    EXPECT_NE(e->violations[0].what.find("truncated"), std::string::npos);
    EXPECT_EQ(e->violations[0].offset, 2u) << "the end of the stream";
    EXPECT_FALSE(p.next().has_value());
  }
}

TEST(ParserNul, NulInsideTheHeadersEndsAMalformedFrame) {
  const std::string wire = "SEND\ndestination:/q\0MESSAGE\n\n\0"s;
  const auto events = parse_all(wire);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::malformed);
  EXPECT_EQ(events[0].frame.command, "SEND");
  EXPECT_TRUE(events[0].frame.headers.empty()) << "the unfinished line is not a header";
  ASSERT_EQ(events[0].violations.size(), 1u);
  EXPECT_EQ(events[0].violations[0].offset, wire.find('\0'));
  EXPECT_EQ(events[1].kind, Kind::frame);
  EXPECT_EQ(events[1].frame.command, "MESSAGE");
}

TEST(ParserNul, NulOnTheCommandLineKeepsThePartialCommand) {
  const ParseEvent e = only_event("SEND\0"s);
  EXPECT_EQ(e.kind, Kind::malformed);
  EXPECT_EQ(e.frame.command, "SEND");
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_EQ(e.violations[0].offset, 4u);
}

}  // namespace
}  // namespace stompspec
