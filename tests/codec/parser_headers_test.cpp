// Header lines: the split at the first colon, repeats, escaping and octet
// rules of each version ("Value Encoding", "Augmented BNF").
#include <gtest/gtest.h>

#include "codec_test_support.hpp"

namespace stompspec {
namespace {

using namespace codec_test;
using Kind = ParseEvent::Kind;

TEST(ParserHeaders, RepeatsAreKeptInOrderAndFindReturnsTheFirst) {
  for (Version v : kAll) {
    const ParseEvent e = only_event("MESSAGE\nfoo:World\nbar:1\nfoo:Hello\n\n\0"s, v);
    EXPECT_EQ(e.kind, Kind::frame);
    EXPECT_TRUE(e.violations.empty());
    EXPECT_EQ(e.frame.headers,
              (std::vector<Header>{{"foo", "World"}, {"bar", "1"}, {"foo", "Hello"}}));
    EXPECT_EQ(*e.frame.find("foo"), "World");
  }
}

TEST(ParserHeaders, ValuesAreNeverTrimmed) {
  for (Version v : kAll) {
    const ParseEvent e = only_event("SEND\nfoo: bar \n\n\0"s, v);
    EXPECT_EQ(*e.frame.find("foo"), " bar ") << to_string(v);
  }
}

TEST(ParserHeaders, EmptyHeaderNameIsAViolationButTheFrameStands) {
  for (Version v : kAll) {
    const ParseEvent e = only_event("SEND\n:value\n\n\0"s, v);
    EXPECT_EQ(e.kind, Kind::frame);
    EXPECT_EQ(e.frame.headers, (std::vector<Header>{{"", "value"}}));
    ASSERT_EQ(e.violations.size(), 1u);
    EXPECT_EQ(e.violations[0].what, "empty header name");
    EXPECT_EQ(e.violations[0].offset, 5u);
    EXPECT_EQ(e.violations[0].rule, "STOMP " + std::string(to_string(v)) + " Augmented BNF");
  }
}

TEST(ParserHeaders, LineWithoutColonMakesTheFrameMalformedButParsingGoesOn) {
  const std::string wire = "SEND\na:1\nnocolon\nb:2\n\nbody\0MESSAGE\n\n\0"s;
  const auto events = parse_all(wire, Version::v1_2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, Kind::malformed);
  EXPECT_EQ(events[0].frame, (Frame{"SEND", {{"a", "1"}, {"b", "2"}}, "body"}));
  ASSERT_EQ(events[0].violations.size(), 1u);
  EXPECT_EQ(events[0].violations[0].what, "header line without ':' ('nocolon')");
  EXPECT_EQ(events[0].violations[0].offset, wire.find("nocolon"));
  EXPECT_EQ(events[1].kind, Kind::frame);
}

// One header line in a SEND (or the given) frame, checked at every version.
struct HeaderCase {
  Version v;
  std::string command;
  std::string line;       // wire text of the header line
  Header want;            // as the frame holds it
  std::string what;       // empty: no violation
  std::string at;         // the violation's offset is where this last occurs in `line`
  std::string rule;
  std::size_t shift = 0;  // ... plus this
};

void PrintTo(const HeaderCase& c, std::ostream* os) {
  *os << to_string(c.v) << " " << c.command << " '" << show(c.line) << "'";
}

class HeaderLines : public ::testing::TestWithParam<HeaderCase> {};

TEST_P(HeaderLines, ParseAsTheVersionSays) {
  const auto& c = GetParam();
  const std::string head = c.command + "\n";
  const ParseEvent e = only_event(head + c.line + "\n\n\0"s, c.v);
  EXPECT_EQ(e.kind, Kind::frame);
  ASSERT_EQ(e.frame.headers.size(), 1u);
  EXPECT_EQ(e.frame.headers[0], c.want);
  if (c.what.empty()) {
    EXPECT_TRUE(e.violations.empty());
    return;
  }
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_NE(e.violations[0].what.find(c.what), std::string::npos) << e.violations[0].what;
  ASSERT_NE(c.line.rfind(c.at), std::string::npos) << "bad test case";
  EXPECT_EQ(e.violations[0].offset, head.size() + c.line.rfind(c.at) + c.shift);
  EXPECT_EQ(e.violations[0].rule, c.rule);
}

const std::string k10 = "STOMP 1.0 Augmented BNF";
const std::string k11 = "STOMP 1.1 Value Encoding";
const std::string k12 = "STOMP 1.2 Value Encoding";

INSTANTIATE_TEST_SUITE_P(
    Split, HeaderLines,
    ::testing::Values(
        // The first colon splits; later ones are value octets in 1.0 ...
        HeaderCase{Version::v1_0, "SEND", "a:b:c", {"a", "b:c"}, "", "", ""},
        // ... and in CONNECT/CONNECTED, which 1.1 and 1.2 leave unescaped ...
        HeaderCase{Version::v1_1, "CONNECT", "host:a:b", {"host", "a:b"}, "", "", ""},
        HeaderCase{Version::v1_2, "CONNECTED", "server:x:1", {"server", "x:1"}, "", "", ""},
        HeaderCase{Version::v1_2, "CONNECT", "passcode:a\\nb", {"passcode", "a\\nb"}, "", "", ""},
        // ... but elsewhere a raw colon must have been sent as \c.
        HeaderCase{Version::v1_1, "SEND", "a:b:c", {"a", "b:c"}, "unescaped ':' in value of header 'a'",
                   ":c", k11},
        HeaderCase{Version::v1_2, "MESSAGE", "a:b:c", {"a", "b:c"}, "unescaped ':'", ":c", k12},
        HeaderCase{Version::v1_2, "STOMP", "a:b:c", {"a", "b:c"}, "unescaped ':'", ":c", k12},
        HeaderCase{Version::v1_2, "SEND", "empty:", {"empty", ""}, "", "", ""},
        HeaderCase{Version::v1_1, "SEND", "empty:", {"empty", ""}, "", "", ""}));

INSTANTIATE_TEST_SUITE_P(
    Escapes, HeaderLines,
    ::testing::Values(
        // 1.0 has no escapes: a backslash is an octet like any other.
        HeaderCase{Version::v1_0, "SEND", "a\\cb:x\\ty\\", {"a\\cb", "x\\ty\\"}, "", "", ""},
        // 1.1: \n \c \\ in names and values.
        HeaderCase{Version::v1_1, "SEND", "a\\cb:1\\n2\\c3\\\\4", {"a:b", "1\n2:3\\4"}, "", "", ""},
        HeaderCase{Version::v1_1, "SEND", "k:a\\rb", {"k", "a\\rb"}, "undefined escape sequence \\r", "\\r",
                   k11},
        HeaderCase{Version::v1_1, "SEND", "k:a\\tb", {"k", "a\\tb"}, "undefined escape sequence \\t", "\\t",
                   k11},
        HeaderCase{Version::v1_1, "SEND", "k\\x:v", {"k\\x", "v"}, "in header name 'k\\\\x'", "\\x", k11},
        // 1.2 adds \r.
        HeaderCase{Version::v1_2, "SEND", "k:a\\rb\\n\\c\\\\", {"k", "a\rb\n:\\"}, "", "", ""},
        HeaderCase{Version::v1_2, "SEND", "k:a\\tb", {"k", "a\\tb"}, "undefined escape sequence \\t", "\\t",
                   k12},
        HeaderCase{Version::v1_2, "SEND", "k:ab\\", {"k", "ab\\"}, "trailing lone backslash", "\\", k12},
        HeaderCase{Version::v1_2, "MESSAGE", "k:\\\\\\", {"k", "\\\\\\"}, "trailing lone backslash", "\\", k12},
        // Never in CONNECT or CONNECTED.
        HeaderCase{Version::v1_2, "CONNECTED", "k:a\\tb", {"k", "a\\tb"}, "", "", ""},
        HeaderCase{Version::v1_1, "CONNECT", "k:a\\nb", {"k", "a\\nb"}, "", "", ""}));

INSTANTIATE_TEST_SUITE_P(
    Octets, HeaderLines,
    ::testing::Values(
        // 1.0 headers are US-ASCII CHARs and a value has at least one octet.
        HeaderCase{Version::v1_0, "SEND", "k:caf\xC3\xA9", {"k", "caf\xC3\xA9"}, "non-ASCII octet", "\xC3",
                   k10},
        HeaderCase{Version::v1_0, "SEND", "k:", {"k", ""}, "empty value for header 'k'", ":", k10, 1},
        // 1.1 and 1.2 headers are UTF-8.
        HeaderCase{Version::v1_2, "SEND", "k:caf\xC3\xA9 \xF0\x9F\x98\x80", {"k", "caf\xC3\xA9 \xF0\x9F\x98\x80"}, "", "",
                   ""},
        HeaderCase{Version::v1_2, "SEND", "k:ab\xC3", {"k", "ab\xC3"}, "not valid UTF-8", "\xC3", k12},
        HeaderCase{Version::v1_1, "SEND", "k:\xC0\xAF", {"k", "\xC0\xAF"}, "not valid UTF-8", "\xC0", k11},
        HeaderCase{Version::v1_2, "SEND", "k:\xED\xA0\x80", {"k", "\xED\xA0\x80"}, "not valid UTF-8", "\xED",
                   k12},
        HeaderCase{Version::v1_2, "SEND", "k\xFF:v", {"k\xFF", "v"}, "not valid UTF-8", "\xFF", k12},
        HeaderCase{Version::v1_1, "SEND", "k:a\rb", {"k", "a\rb"}, "", "", ""}));

TEST(ParserHeaders, UndefinedEscapeKeepsTheWireValueAndOtherHeadersDecode) {
  const std::string wire = "MESSAGE\ngood:a\\cb\nbad:x\\ty\n\n\0"s;
  const ParseEvent e = only_event(wire, Version::v1_2);
  EXPECT_EQ(e.kind, Kind::frame);
  EXPECT_EQ(e.frame.headers, (std::vector<Header>{{"good", "a:b"}, {"bad", "x\\ty"}}));
  ASSERT_EQ(e.violations.size(), 1u);
  EXPECT_EQ(e.violations[0],
            (Violation{"undefined escape sequence \\t in value of header 'bad'", wire.find("\\t"),
                       "STOMP 1.2 Value Encoding"}));
}

TEST(ParserHeaders, SeveralProblemsOnOneLineAreAllReported) {
  const std::string wire = "SEND\n:a:b\\q\n\n\0"s;
  const ParseEvent e = only_event(wire, Version::v1_2);
  ASSERT_EQ(e.violations.size(), 3u);
  EXPECT_EQ(e.violations[0].what, "empty header name");
  EXPECT_NE(e.violations[1].what.find("unescaped ':'"), std::string::npos);
  EXPECT_EQ(e.violations[1].offset, wire.find(":b"));
  EXPECT_NE(e.violations[2].what.find("\\q"), std::string::npos);
  EXPECT_EQ(e.violations[2].offset, wire.find("\\q"));
}

}  // namespace
}  // namespace stompspec
