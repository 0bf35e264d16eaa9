// The one validator: the codec (header text), the WebSocket transport (text
// or binary message) and the reports all ask it, so its edges are tested here.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace stompspec {
namespace {

constexpr auto npos = std::string_view::npos;

TEST(Utf8, AcceptsAsciiAndEveryLength) {
  EXPECT_EQ(utf8::first_invalid(""), npos);
  EXPECT_EQ(utf8::first_invalid("plain\n\0text"), npos);
  EXPECT_EQ(utf8::first_invalid("\xC2\x80 \xDF\xBF"), npos);               // U+0080, U+07FF
  EXPECT_EQ(utf8::first_invalid("\xE0\xA0\x80 \xEF\xBF\xBF"), npos);       // U+0800, U+FFFF
  EXPECT_EQ(utf8::first_invalid("\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"), npos);  // U+10000, U+10FFFF
  EXPECT_TRUE(utf8::is_valid("é€𝄞"));
}

TEST(Utf8, RejectsOverlongForms) {
  EXPECT_EQ(utf8::first_invalid("a\xC0\xAF"), 1u);
  EXPECT_EQ(utf8::first_invalid("ab\xC1\xBF"), 2u);
  EXPECT_EQ(utf8::first_invalid("\xE0\x9F\xBF"), 0u);
  EXPECT_EQ(utf8::first_invalid("\xF0\x8F\xBF\xBF"), 0u);
}

TEST(Utf8, RejectsSurrogatesAndBeyondU10FFFF) {
  EXPECT_EQ(utf8::first_invalid("x\xED\xA0\x80"), 1u);   // U+D800
  EXPECT_EQ(utf8::first_invalid("x\xED\xBF\xBF"), 1u);   // U+DFFF
  EXPECT_EQ(utf8::first_invalid("\xED\x9F\xBF"), npos);  // U+D7FF is fine
  EXPECT_EQ(utf8::first_invalid("\xF4\x90\x80\x80"), 0u);
  EXPECT_EQ(utf8::first_invalid("\xF5\x80\x80\x80"), 0u);
}

TEST(Utf8, RejectsStrayContinuationsBadLeadsAndTruncation) {
  EXPECT_EQ(utf8::first_invalid("ok\x80"), 2u);
  EXPECT_EQ(utf8::first_invalid("\xFF"), 0u);
  EXPECT_EQ(utf8::first_invalid("\xFE"), 0u);
  EXPECT_EQ(utf8::first_invalid("ab\xE2\x82"), 2u);      // "€" cut short
  EXPECT_EQ(utf8::first_invalid("\xE2\x82z"), 0u);       // continuation missing
  EXPECT_EQ(utf8::first_invalid("\xF0\x9D\x84"), 0u);
  EXPECT_FALSE(utf8::is_valid("\xC2"));
}

TEST(Utf8, NextReportsTheCodePoint) {
  const auto seq = utf8::next("\xE2\x82\xAC", 0);
  EXPECT_EQ(seq.length, 3u);
  EXPECT_EQ(seq.code_point, U'\u20AC');
  EXPECT_EQ(utf8::next("\xE2\x82", 0).length, 0u);
}

}  // namespace
}  // namespace stompspec
