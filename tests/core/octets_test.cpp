// visible(), redact_passcodes() and the UTF-8 helpers every report relies on.
#include <gtest/gtest.h>

#include <string>

#include "core/redact.hpp"
#include "core/result.hpp"
#include "core/utf8.hpp"
#include "core/visible.hpp"

namespace stompspec {
namespace {

std::string nul() { return std::string(1, '\0'); }

TEST(Visible, MarksCrLfNulAndKeepsLineBreaks) {
  EXPECT_EQ(visible("SEND\r\nx:y\n\n" + nul()), "SEND␍␊\nx:y␊\n␊\n␀");
}

TEST(Visible, LeavesPrintableAsciiAndUtf8Alone) {
  EXPECT_EQ(visible("héllo wörld ✓ 𝄞"), "héllo wörld ✓ 𝄞");
}

TEST(Visible, EscapesOtherControlOctets) {
  EXPECT_EQ(visible("a\tb\x1b[2J\x7f"), "a\\x09b\\x1B[2J\\x7F");
}

TEST(Visible, EscapesInvalidUtf8OctetByOctet) {
  // A lone continuation byte, a truncated sequence, an overlong '/', a surrogate.
  EXPECT_EQ(visible("\x80"), "\\x80");
  EXPECT_EQ(visible("x\xE2\x82"), "x\\xE2\\x82");
  EXPECT_EQ(visible("\xC0\xAF"), "\\xC0\\xAF");
  EXPECT_EQ(visible("\xED\xA0\x80"), "\\xED\\xA0\\x80");
  // After a bad octet, decoding resumes: the valid "é" that follows survives.
  EXPECT_EQ(visible("\xFF\xC3\xA9"), "\\xFFé");
}

TEST(Visible, EscapesC1Controls) { EXPECT_EQ(visible("a\xC2\x85z"), "a\\xC2\\x85z"); }

TEST(Visible, OutputIsValidUtf8ForAnyOctet) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  const std::string v = visible(all);
  EXPECT_TRUE(utf8::is_valid(v));
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 || c == '\n') << "control octet " << int(u) << " left in output";
  }
}

TEST(Redact, ReplacesPasscodeValueOnly) {
  const std::string frame = "CONNECT\nlogin:guest\npasscode:guest\nhost:/\n\n" + nul();
  EXPECT_EQ(redact_passcodes(frame),
            "CONNECT\nlogin:guest\npasscode:********\nhost:/\n\n" + nul());
}

TEST(Redact, StopsAtCrSoCrlfFramesKeepTheirEol) {
  EXPECT_EQ(redact_passcodes("CONNECT\r\npasscode:abc\r\nlogin:x\r\n\r\n"),
            "CONNECT\r\npasscode:********\r\nlogin:x\r\n\r\n");
}

TEST(Redact, HandlesEveryFrameInOneChunk) {
  const std::string two = "CONNECT\npasscode:one\n\n" + nul() + "\nSTOMP\npasscode:two\n\n" + nul();
  const std::string out = redact_passcodes(two);
  EXPECT_EQ(out.find("one"), std::string::npos);
  EXPECT_EQ(out.find("two"), std::string::npos);
  EXPECT_EQ(out, "CONNECT\npasscode:********\n\n" + nul() + "\nSTOMP\npasscode:********\n\n" + nul());
}

TEST(Redact, LineStartingRightAfterNulCounts) {
  EXPECT_EQ(redact_passcodes(nul() + "passcode:x"), nul() + "passcode:********");
}

TEST(Redact, ValueEndsAtNulAndAtEndOfData) {
  EXPECT_EQ(redact_passcodes("passcode:abc" + nul() + "tail"), "passcode:********" + nul() + "tail");
  EXPECT_EQ(redact_passcodes("x\npasscode:abc"), "x\npasscode:********");
}

TEST(Redact, RawBytesInTheValueAreHiddenToo) {
  const std::string raw = "CONNECT\npasscode:\xFF\xFE\x01\x80secret\nlogin:a\n\n";
  EXPECT_EQ(redact_passcodes(raw), "CONNECT\npasscode:********\nlogin:a\n\n");
}

TEST(Redact, IgnoresLetterCaseOfTheHeaderName) {
  EXPECT_EQ(redact_passcodes("CONNECT\nPassCode:abc\n"), "CONNECT\nPassCode:********\n");
}

TEST(Redact, LeavesOtherHeadersAndMidLineMentionsAlone) {
  const std::string s = "SEND\nx-passcode:abc\nmy passcode:def\ncontent-type:passcode:ghi\n\n";
  EXPECT_EQ(redact_passcodes(s), s);
}

TEST(Redact, EmptyValueStaysEmpty) {
  EXPECT_EQ(redact_passcodes("CONNECT\npasscode:\n\n"), "CONNECT\npasscode:\n\n");
}

TEST(Redact, RepeatedPasscodeHeadersAreAllHidden) {
  EXPECT_EQ(redact_passcodes("CONNECT\npasscode:a\npasscode:b\n"),
            "CONNECT\npasscode:********\npasscode:********\n");
}

TEST(Utf8, CutPointNeverSplitsASequence) {
  const std::string s = "ab€";  // € is 3 octets at offset 2
  EXPECT_EQ(utf8::cut_point(s, 2), 2u);
  EXPECT_EQ(utf8::cut_point(s, 3), 2u);
  EXPECT_EQ(utf8::cut_point(s, 4), 2u);
  EXPECT_EQ(utf8::cut_point(s, 5), 5u);
  EXPECT_EQ(utf8::cut_point(s, 99), 5u);
}

TEST(Utf8, SanitizeReplacesOnlyBadOctets) {
  EXPECT_EQ(utf8::sanitize("a\xFFé"), "a\xEF\xBF\xBDé");
  EXPECT_TRUE(utf8::is_valid(utf8::sanitize("\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80")));
}

TEST(StatusNames, RoundTripAndLabels) {
  for (Status s : kAllStatuses) EXPECT_EQ(status_from_string(to_string(s)), s);
  EXPECT_FALSE(status_from_string("passed").has_value());
  EXPECT_EQ(status_label(Status::xfail), "expected failure");
  EXPECT_EQ(status_label(Status::xpass), "fixed");
  EXPECT_EQ(to_string(Status::xpass), "xpass");
  EXPECT_TRUE(is_unexpected_failure(Status::fail));
  EXPECT_TRUE(is_unexpected_failure(Status::error));
  EXPECT_FALSE(is_unexpected_failure(Status::warn));
  EXPECT_FALSE(is_unexpected_failure(Status::xfail));
}

}  // namespace
}  // namespace stompspec
