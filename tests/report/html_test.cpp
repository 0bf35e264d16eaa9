// index.html: content, escaping, redaction, self-containment and size.
#include <gtest/gtest.h>

#include <sstream>

#include "fixtures.hpp"
#include "report/report.hpp"

namespace stompspec {
namespace {

using test::kSecret;

std::string page(const RunReport& r) {
  std::ostringstream out;
  write_html(out, r);
  return out.str();
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

TEST(Html, ShowsEveryCaseWithAnAnchorAndItsStatus) {
  const auto r = test::sample_report();
  const std::string html = page(r);
  for (const auto& c : r.cases) {
    EXPECT_NE(html.find(">" + c.instance + "</span>"), std::string::npos) << c.instance;
    EXPECT_NE(html.find("id=\"" + c.instance + "\" data-status=\"" + std::string(to_string(c.status)) + "\""),
              std::string::npos) << c.instance;
  }
  EXPECT_EQ(count(html, "<details class=\"case"), r.cases.size());
  EXPECT_EQ(count(html, "<details"), count(html, "</details>"));
}

TEST(Html, HeaderHasRunFactsAndAFilterPerStatus) {
  const std::string html = page(test::sample_report());
  EXPECT_NE(html.find("tcp://127.0.0.1:61613"), std::string::npos);
  EXPECT_NE(html.find("rabbitmq"), std::string::npos);
  EXPECT_NE(html.find("2024-05-01T10:00:00Z"), std::string::npos);
  EXPECT_NE(html.find("8 cases: 1 passed, 1 failed"), std::string::npos);
  for (Status s : kAllStatuses) {
    EXPECT_NE(html.find("<input type=\"checkbox\" value=\"" + std::string(to_string(s)) + "\" checked>" +
                        std::string(status_label(s)) + " <b>1</b>"),
              std::string::npos) << to_string(s);
  }
}

TEST(Html, DetailHasRequirementExpectedActualAndTheWire) {
  const std::string html = page(test::sample_report());
  EXPECT_NE(html.find("<span class=\"lvl\">MUST</span> <span class=\"mono\">(STOMP 1.2 SEND)</span> "
                      "a SEND frame without destination is an error"),
            std::string::npos);
  EXPECT_NE(html.find("<dt>Expected</dt><dd><pre>an ERROR frame, then the connection closes</pre>"),
            std::string::npos);
  EXPECT_NE(html.find("<dt>Actual</dt><dd><pre>RECEIPT receipt-id:77\nthe connection stayed open</pre>"),
            std::string::npos);
  EXPECT_NE(html.find("<dt>Reason</dt><dd><pre>profile does not offer ack:client-individual</pre>"),
            std::string::npos);
  // Direction arrows, timestamps, client, and CR/LF/NUL marks.
  EXPECT_NE(html.find("<tr class=\"sent\"><td class=\"t mono\">+0.4 ms</td><td class=\"c\">c1</td>"
                      "<td class=\"k\" title=\"sent\">→</td><td><pre>CONNECT<span class=\"m\">CR</span>"
                      "<span class=\"m\">LF</span>\n"),
            std::string::npos);
  EXPECT_NE(html.find("title=\"received\">←</td>"), std::string::npos);
  EXPECT_NE(html.find("title=\"event\">•</td>"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;<span class=\"m\">NUL</span></pre>"), std::string::npos);
  // Control pictures are missing from common fonts: the page spells the marks out.
  EXPECT_EQ(html.find("␍"), std::string::npos);
  EXPECT_EQ(html.find("␀"), std::string::npos);
}

TEST(Html, EscapesBrokerSuppliedMarkup) {
  auto r = test::sample_report();
  r.cases[2].title = "\"><img src=x onerror=alert(2)>";
  r.cases[2].instance = "stomp12/send/2\" onclick=\"x";
  const std::string html = page(r);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(count(html, "<script"), 1u) << "only the page's own script";
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("\" onclick=\"x"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
}

TEST(Html, NeverShowsAPasscode) {
  auto r = test::sample_report();
  r.cases[1].actual = std::string("CONNECT\npasscode:") + kSecret;
  r.cases[4].transcript.push_back(
      test::entry(2, TranscriptEntry::Kind::event, std::string("retrying\npasscode:") + kSecret));
  const std::string html = page(r);
  EXPECT_EQ(html.find(kSecret), std::string::npos);
  EXPECT_NE(html.find("passcode:********"), std::string::npos);
  EXPECT_NE(html.find("login:guest"), std::string::npos);
}

TEST(Html, IsSelfContained) {
  const std::string html = page(test::sample_report());
  for (const char* external : {"http://", "https://", "<link", "@import", "url(", " src="}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
}

TEST(Html, MarksInvalidOctetsAndStaysValidUtf8) {
  RunReport r;
  auto c = test::make_case("bin/1", Status::pass, "binary");
  c.transcript = {test::entry(1, TranscriptEntry::Kind::received, "MESSAGE\n\n\xFF\x01ok")};
  r.cases.push_back(c);
  const std::string html = page(r);
  EXPECT_NE(html.find("<span class=\"x\">\\xFF</span><span class=\"x\">\\x01</span>ok"),
            std::string::npos);
  EXPECT_EQ(html.find('\xFF'), std::string::npos);
}

TEST(Html, ProseKeepsLineBreaksButMarksOtherControls) {
  RunReport r;
  auto c = test::make_case("p/1", Status::fail, "prose");
  c.actual = std::string("line one\r\nline\ttwo") + '\0' + "\x1b[31m";
  r.cases.push_back(c);
  EXPECT_NE(page(r).find("<dt>Actual</dt><dd><pre>line one<span class=\"m\">CR</span>\nline\ttwo"
                         "<span class=\"m\">NUL</span><span class=\"x\">\\x1B</span>[31m</pre>"),
            std::string::npos);
}

TEST(Html, TruncatesHugeEntriesAndSaysHowBig) {
  RunReport r;
  auto c = test::make_case("big/1", Status::fail, "big body");
  c.transcript = {test::entry(1, TranscriptEntry::Kind::received,
                              "MESSAGE\n\n" + std::string(100 * 1024, 'A') + "TAIL-MARKER")};
  r.cases.push_back(c);
  const std::string html = page(r);
  EXPECT_NE(html.find("… truncated: first 8192 of 102420 octets shown (100.0 KiB)"), std::string::npos);
  EXPECT_EQ(html.find("TAIL-MARKER"), std::string::npos);
  EXPECT_LT(html.size(), 40u * 1024);
}

TEST(Html, ThousandCasesWithLargeBodiesStayBounded) {
  RunReport r;
  const std::string body(20 * 1024, 'x');
  for (int i = 0; i < 1000; ++i) {
    auto c = test::make_case("load/many/" + std::to_string(i), i % 10 == 0 ? Status::fail : Status::pass,
                             "case " + std::to_string(i));
    c.transcript = {test::entry(1, TranscriptEntry::Kind::sent, "SEND\n\n" + body),
                    test::entry(2, TranscriptEntry::Kind::received, "MESSAGE\n\n" + body)};
    r.cases.push_back(c);
  }
  const std::string html = page(r);
  EXPECT_NE(html.find("load/many/999@1.2"), std::string::npos);
  // Two 8 KiB entries a case plus markup; the untruncated bodies would be 40 MiB.
  EXPECT_LT(html.size(), 20u * 1024 * 1024);
  EXPECT_EQ(count(html, "… truncated"), 2000u);
}

TEST(Html, EmptyRunSaysSo) {
  EXPECT_NE(page(RunReport{}).find("No cases ran."), std::string::npos);
}

}  // namespace
}  // namespace stompspec
