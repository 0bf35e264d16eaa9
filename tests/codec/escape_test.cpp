// Header escaping per version (1.1 and 1.2 "Value Encoding"; none in 1.0).
#include <gtest/gtest.h>

#include "codec/escape.hpp"
#include "codec_test_support.hpp"

namespace stompspec {
namespace {

struct EscapeCase {
  Version v;
  std::string raw;
  std::string wire;
};

void PrintTo(const EscapeCase& c, std::ostream* os) {
  *os << to_string(c.v) << " '" << codec_test::show(c.raw) << "'";
}

class EscapeTable : public ::testing::TestWithParam<EscapeCase> {};

TEST_P(EscapeTable, EncodesAndDecodes) {
  const auto& c = GetParam();
  EXPECT_EQ(escape_header(c.raw, c.v), c.wire);
  UnescapeError err{99, ""};
  auto back = unescape_header(c.wire, c.v, &err);
  ASSERT_TRUE(back.has_value()) << err.what;
  EXPECT_EQ(*back, c.raw);
}

INSTANTIATE_TEST_SUITE_P(
    Versions, EscapeTable,
    ::testing::Values(
        // 1.0: nothing is escaped, a backslash is an ordinary octet.
        EscapeCase{Version::v1_0, "a:b", "a:b"}, EscapeCase{Version::v1_0, "a\\b", "a\\b"},
        EscapeCase{Version::v1_0, "\\n\\c", "\\n\\c"}, EscapeCase{Version::v1_0, "", ""},
        // 1.1: LF, colon and backslash; CR has no escape and travels raw.
        EscapeCase{Version::v1_1, "a\nb", "a\\nb"}, EscapeCase{Version::v1_1, "a:b", "a\\cb"},
        EscapeCase{Version::v1_1, "a\\b", "a\\\\b"}, EscapeCase{Version::v1_1, "a\rb", "a\rb"},
        EscapeCase{Version::v1_1, "\\\\", "\\\\\\\\"},
        EscapeCase{Version::v1_1, ":\n\\", "\\c\\n\\\\"},
        // 1.2: the same plus CR.
        EscapeCase{Version::v1_2, "a\rb", "a\\rb"}, EscapeCase{Version::v1_2, "a\nb", "a\\nb"},
        EscapeCase{Version::v1_2, "a:b", "a\\cb"}, EscapeCase{Version::v1_2, "a\\b", "a\\\\b"},
        EscapeCase{Version::v1_2, "\r\n:\\", "\\r\\n\\c\\\\"},
        EscapeCase{Version::v1_2, "plain-\xC3\xA9t\xC3\xA9", "plain-\xC3\xA9t\xC3\xA9"},
        EscapeCase{Version::v1_2, "", ""}));

struct BadEscape {
  Version v;
  std::string wire;
  std::size_t position;
  std::string what_part;
};

void PrintTo(const BadEscape& c, std::ostream* os) {
  *os << to_string(c.v) << " '" << codec_test::show(c.wire) << "'";
}

class UndefinedEscapes : public ::testing::TestWithParam<BadEscape> {};

TEST_P(UndefinedEscapes, AreRejectedWithThePositionOfTheBackslash) {
  const auto& c = GetParam();
  UnescapeError err{999, ""};
  EXPECT_FALSE(unescape_header(c.wire, c.v, &err).has_value());
  EXPECT_EQ(err.position, c.position);
  EXPECT_NE(err.what.find(c.what_part), std::string::npos) << err.what;
  EXPECT_FALSE(unescape_header(c.wire, c.v).has_value()) << "also without an error sink";
}

INSTANTIATE_TEST_SUITE_P(
    Versions, UndefinedEscapes,
    ::testing::Values(BadEscape{Version::v1_1, "a\\tb", 1, "\\t"},
                      BadEscape{Version::v1_1, "a\\rb", 1, "\\r"},  // \r is 1.2 only
                      BadEscape{Version::v1_2, "\\t", 0, "\\t"},
                      BadEscape{Version::v1_2, "ok\\", 2, "trailing lone backslash"},
                      BadEscape{Version::v1_1, "\\", 0, "trailing lone backslash"},
                      BadEscape{Version::v1_2, "\\\\\\x", 2, "\\x"},
                      BadEscape{Version::v1_2, "a\\C", 1, "\\C"},  // escapes are case sensitive
                      BadEscape{Version::v1_2, "a\\N", 1, "\\N"},
                      BadEscape{Version::v1_2, std::string("a\\\0", 3), 1, "0x00"},
                      BadEscape{Version::v1_2, "a\\\n", 1, "0x0A"},
                      BadEscape{Version::v1_2, "a\\ ", 1, "0x20"}));

TEST(Unescape, DoubleBackslashBeforeALetterIsABackslashThenTheLetter) {
  EXPECT_EQ(unescape_header("\\\\n", Version::v1_2), std::optional<std::string>("\\n"));
  EXPECT_EQ(unescape_header("\\\\c\\c", Version::v1_1), std::optional<std::string>("\\c:"));
}

TEST(Unescape, VersionOneZeroPassesEverythingThrough) {
  EXPECT_EQ(unescape_header("\\t\\", Version::v1_0), std::optional<std::string>("\\t\\"));
}

}  // namespace
}  // namespace stompspec
