// The serializer's exact output, and parse(serialize(f)) == f per version.
#include <gtest/gtest.h>

#include "codec/serializer.hpp"
#include "codec_test_support.hpp"

namespace stompspec {
namespace {

using namespace codec_test;
using Kind = ParseEvent::Kind;
using CL = SerializeOptions::ContentLength;

SerializeOptions opts(Eol eol, CL cl, bool trailing = false, bool escape = true) {
  SerializeOptions o;
  o.eol = eol;
  o.content_length = cl;
  o.trailing_eol = trailing;
  o.escape = escape;
  return o;
}

TEST(Serializer, PlainFrame) {
  const Frame f{"SEND", {{"destination", "/q"}}, "hi"};
  EXPECT_EQ(serialize(f, Version::v1_2), "SEND\ndestination:/q\ncontent-length:2\n\nhi\0"s);
  EXPECT_EQ(serialize(f, Version::v1_2, opts(Eol::lf, CL::never)), "SEND\ndestination:/q\n\nhi\0"s);
}

TEST(Serializer, CrLfAndTrailingEol) {
  const Frame f{"SEND", {{"a", "1"}}, ""};
  EXPECT_EQ(serialize(f, Version::v1_2, opts(Eol::crlf, CL::auto_, true)), "SEND\r\na:1\r\n\r\n\0\r\n"s);
  EXPECT_EQ(serialize(f, Version::v1_0, opts(Eol::lf, CL::auto_, true)), "SEND\na:1\n\n\0\n"s);
}

TEST(Serializer, ContentLengthModes) {
  const Frame empty{"SEND", {}, ""};
  EXPECT_EQ(serialize(empty, Version::v1_2, opts(Eol::lf, CL::auto_)), "SEND\n\n\0"s);
  EXPECT_EQ(serialize(empty, Version::v1_2, opts(Eol::lf, CL::always)),
            "SEND\ncontent-length:0\n\n\0"s);
  EXPECT_EQ(serialize(empty, Version::v1_2, opts(Eol::lf, CL::never)), "SEND\n\n\0"s);
  const Frame nuls{"SEND", {}, "a\0b"s};
  EXPECT_EQ(serialize(nuls, Version::v1_2), "SEND\ncontent-length:3\n\na\0b\0"s);
}

TEST(Serializer, AGivenContentLengthIsKeptAsGivenAndNotRepeated) {
  const Frame lying{"SEND", {{"content-length", "99"}, {"x", "y"}}, "ab"};
  for (CL mode : {CL::auto_, CL::always, CL::never}) {
    EXPECT_EQ(serialize(lying, Version::v1_2, opts(Eol::lf, mode)),
              "SEND\ncontent-length:99\nx:y\n\nab\0"s);
  }
}

TEST(Serializer, EscapesPerVersionAndNeverInConnectOrConnected) {
  const Frame f{"MESSAGE", {{"k:\\", "a\nb\rc:d"}}, ""};
  EXPECT_EQ(serialize(f, Version::v1_2), "MESSAGE\nk\\c\\\\:a\\nb\\rc\\cd\n\n\0"s);
  EXPECT_EQ(serialize(f, Version::v1_1), "MESSAGE\nk\\c\\\\:a\\nb\rc\\cd\n\n\0"s);
  EXPECT_EQ(serialize(f, Version::v1_0), "MESSAGE\nk:\\:a\nb\rc:d\n\n\0"s);
  EXPECT_EQ(serialize(f, Version::v1_2, opts(Eol::lf, CL::auto_, false, false)),
            "MESSAGE\nk:\\:a\nb\rc:d\n\n\0"s);
  const Frame c{"CONNECT", {{"host", "a:b\\"}}, ""};
  EXPECT_EQ(serialize(c, Version::v1_2), "CONNECT\nhost:a:b\\\n\n\0"s);
  const Frame cd{"CONNECTED", {{"server", "x:1"}}, ""};
  EXPECT_EQ(serialize(cd, Version::v1_1), "CONNECTED\nserver:x:1\n\n\0"s);
}

struct RoundTrip {
  Version v;
  Frame frame;
};

class RoundTrips : public ::testing::TestWithParam<RoundTrip> {};

// Every way of writing the frame must read back as the frame itself.
TEST_P(RoundTrips, ParseOfSerializeIsTheFrame) {
  const auto& c = GetParam();
  std::vector<SerializeOptions> ways{opts(Eol::lf, CL::never), opts(Eol::lf, CL::never, true)};
  if (c.v == Version::v1_2) ways.push_back(opts(Eol::crlf, CL::never, true));
  for (const SerializeOptions& o : ways) {
    const std::string wire = serialize(c.frame, c.v, o);
    const auto events = parse_all(wire, c.v);
    ASSERT_EQ(events.size(), o.trailing_eol ? 2u : 1u) << show(wire);
    EXPECT_EQ(events[0].kind, Kind::frame);
    EXPECT_TRUE(events[0].violations.empty()) << show(wire);
    EXPECT_EQ(events[0].frame, c.frame) << show(wire);
    EXPECT_EQ(events[0].raw.size() + (o.trailing_eol ? (o.eol == Eol::crlf ? 2 : 1) : 0), wire.size());
  }
  // With an added content-length, the frame gains exactly that header.
  if (!c.frame.has("content-length")) {
    Frame with = c.frame;
    with.add("content-length", std::to_string(with.body.size()));
    const auto events = parse_all(serialize(c.frame, c.v, opts(Eol::lf, CL::always)), c.v);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].frame, with);
  }
}

std::vector<RoundTrip> round_trips() {
  std::vector<RoundTrip> out;
  for (Version v : {Version::v1_0, Version::v1_1, Version::v1_2}) {
    out.push_back({v, {"SEND", {{"destination", "/queue/a"}, {"receipt", "r-1"}}, "hello"}});
    out.push_back({v, {"MESSAGE", {{"a", "1"}, {"a", "2"}, {"b", "x y"}}, ""}});
    out.push_back({v, {"DISCONNECT", {}, ""}});
    out.push_back({v, {"ERROR", {{"content-length", "5"}, {"message", "bad"}}, "a\0\0b\n"s}});
    out.push_back({v, {"CONNECT", {{"accept-version", "1.0,1.1,1.2"}, {"host", "h:1"}}, ""}});
    out.push_back({v, {"SEND", {{"destination", "/q"}}, "line\nline\r\n"}});
  }
  for (Version v : {Version::v1_1, Version::v1_2}) {
    out.push_back({v, {"MESSAGE", {{"k:e\\y", "v\nal:ue\\"}, {"empty", ""}}, ""}});
    out.push_back({v, {"SEND", {{"utf8", "caf\xC3\xA9"}, {"\\", "\\\\"}}, "x"}});
    out.push_back({v, {"CONNECTED", {{"version", v == Version::v1_1 ? "1.1" : "1.2"}, {"server", "s:1"}}, ""}});
  }
  out.push_back({Version::v1_1, {"SEND", {{"cr", "a\rb\r"}}, ""}});  // a raw CR is legal in 1.1
  out.push_back({Version::v1_2, {"SEND", {{"cr\r", "\ra\r\nb\r"}}, ""}});
  out.push_back({Version::v1_0, {"SEND", {{"path", "a\\b:c"}}, ""}});
  return out;
}

void PrintTo(const RoundTrip& c, std::ostream* os) {
  *os << to_string(c.v) << " " << c.frame.command << " [";
  for (const Header& h : c.frame.headers) *os << show(h.name) << ";";
  *os << "] body " << c.frame.body.size();
}

INSTANTIATE_TEST_SUITE_P(Frames, RoundTrips, ::testing::ValuesIn(round_trips()));

}  // namespace
}  // namespace stompspec
