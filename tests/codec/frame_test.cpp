// Frame model: versions, header lookup with repeats, command classes.
#include <gtest/gtest.h>

#include "codec/frame.hpp"

namespace stompspec {
namespace {

TEST(Version, ToStringAndParseAreInverse) {
  for (Version v : {Version::v1_0, Version::v1_1, Version::v1_2}) {
    ASSERT_EQ(parse_version(to_string(v)), v);
  }
  EXPECT_EQ(to_string(Version::v1_0), "1.0");
  EXPECT_EQ(to_string(Version::v1_1), "1.1");
  EXPECT_EQ(to_string(Version::v1_2), "1.2");
}

TEST(Version, ParseRejectsAnythingElse) {
  for (const char* s : {"", "1", "1.3", "1.2 ", " 1.2", "v1.2", "12", "1.2.0", "1,2"}) {
    EXPECT_FALSE(parse_version(s).has_value()) << s;
  }
}

TEST(FrameHeaders, FindReturnsTheFirstOfRepeatedEntries) {
  Frame f{"MESSAGE", {{"foo", "World"}, {"foo", "Hello"}, {"bar", ""}}, ""};
  ASSERT_NE(f.find("foo"), nullptr);
  EXPECT_EQ(*f.find("foo"), "World");
  ASSERT_NE(f.find("bar"), nullptr);
  EXPECT_EQ(*f.find("bar"), "");  // present but empty is not absent
  EXPECT_EQ(f.find("baz"), nullptr);
  EXPECT_EQ(f.find("Foo"), nullptr);  // header names are case sensitive
  EXPECT_TRUE(f.has("bar"));
  EXPECT_FALSE(f.has("FOO"));
}

TEST(FrameHeaders, SetReplacesOnlyTheFirstEntryAndKeepsItsPlace) {
  Frame f{"MESSAGE", {{"a", "1"}, {"foo", "World"}, {"foo", "Hello"}}, ""};
  f.set("foo", "Moon");
  const std::vector<Header> want{{"a", "1"}, {"foo", "Moon"}, {"foo", "Hello"}};
  EXPECT_EQ(f.headers, want);
}

TEST(FrameHeaders, SetAppendsWhenAbsent) {
  Frame f{"SEND", {{"a", "1"}}, ""};
  f.set("b", "2");
  const std::vector<Header> want{{"a", "1"}, {"b", "2"}};
  EXPECT_EQ(f.headers, want);
}

TEST(FrameHeaders, AddKeepsRepeats) {
  Frame f{"SEND", {}, ""};
  f.add("x", "1");
  f.add("x", "2");
  ASSERT_EQ(f.headers.size(), 2u);
  EXPECT_EQ(*f.find("x"), "1");
}

TEST(FrameHeaders, EraseRemovesEveryEntryWithThatName) {
  Frame f{"SEND", {{"x", "1"}, {"y", "2"}, {"x", "3"}}, ""};
  f.erase("x");
  const std::vector<Header> want{{"y", "2"}};
  EXPECT_EQ(f.headers, want);
  f.erase("absent");
  EXPECT_EQ(f.headers, want);
}

TEST(Commands, ClientAndServerSetsAreExactAndDisjoint) {
  for (const char* c : {"SEND", "SUBSCRIBE", "UNSUBSCRIBE", "BEGIN", "COMMIT", "ABORT", "ACK",
                        "NACK", "DISCONNECT", "CONNECT", "STOMP"}) {
    EXPECT_TRUE(is_client_command(c)) << c;
    EXPECT_FALSE(is_server_command(c)) << c;
  }
  for (const char* c : {"CONNECTED", "MESSAGE", "RECEIPT", "ERROR"}) {
    EXPECT_TRUE(is_server_command(c)) << c;
    EXPECT_FALSE(is_client_command(c)) << c;
  }
  for (const char* c : {"", "send", "SEND ", " SEND", "CONNECTED\r", "MESSAGES", "HEARTBEAT"}) {
    EXPECT_FALSE(is_client_command(c)) << c;
    EXPECT_FALSE(is_server_command(c)) << c;
  }
}

TEST(Commands, OnlySendMessageAndErrorMayHaveABody) {
  for (const char* c : {"SEND", "MESSAGE", "ERROR"}) EXPECT_TRUE(may_have_body(c)) << c;
  for (const char* c : {"SUBSCRIBE", "UNSUBSCRIBE", "BEGIN", "COMMIT", "ABORT", "ACK", "NACK",
                        "DISCONNECT", "CONNECT", "STOMP", "CONNECTED", "RECEIPT", "send"}) {
    EXPECT_FALSE(may_have_body(c)) << c;
  }
}

TEST(Commands, EscapingAppliesFrom11ExceptConnectAndConnected) {
  for (const char* c : {"SEND", "MESSAGE", "CONNECT", "CONNECTED", "STOMP", "ERROR"}) {
    EXPECT_FALSE(escaping_applies(c, Version::v1_0)) << c;
  }
  for (Version v : {Version::v1_1, Version::v1_2}) {
    EXPECT_FALSE(escaping_applies("CONNECT", v));
    EXPECT_FALSE(escaping_applies("CONNECTED", v));
    for (const char* c : {"SEND", "MESSAGE", "ERROR", "STOMP", "SUBSCRIBE", "UNKNOWN"}) {
      EXPECT_TRUE(escaping_applies(c, v)) << c;
    }
  }
}

}  // namespace
}  // namespace stompspec
