// Progress lines, the h2spec-style recap and the one summary line.
#include <gtest/gtest.h>

#include <sstream>

#include "fixtures.hpp"
#include "report/report.hpp"

namespace stompspec {
namespace {

using test::kSecret;
using test::sample_report;

std::string case_line(const CaseResult& c, ConsoleStyle style = {}) {
  std::ostringstream out;
  write_console_case(out, c, style);
  return out.str();
}

std::string summary(const RunReport& r, ConsoleStyle style = {}) {
  std::ostringstream out;
  write_console_summary(out, r, style);
  return out.str();
}

std::string last_line(const std::string& text) {
  const auto end = text.find_last_not_of('\n');
  const auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

TEST(Summary, CountsEveryStatus) {
  RunReport r = sample_report();
  r.cases.push_back(test::make_case("stomp12/send/9", Status::fail, "another"));
  const auto s = r.summary();
  EXPECT_EQ(s.total, 9);
  EXPECT_EQ(s.counts.at(Status::fail), 2);
  for (Status st : {Status::pass, Status::warn, Status::info, Status::skip, Status::error,
                    Status::xfail, Status::xpass}) {
    EXPECT_EQ(s.counts.at(st), 1) << to_string(st);
  }
}

TEST(Summary, EmptyRunStillHasEveryStatusAtZero) {
  const auto s = RunReport{}.summary();
  EXPECT_EQ(s.total, 0);
  EXPECT_EQ(s.counts.size(), kAllStatuses.size());
  for (Status st : kAllStatuses) EXPECT_EQ(s.counts.at(st), 0);
}

TEST(ConsoleCase, PassLineHasTagIdWhereDurationTitle) {
  const std::string line = case_line(sample_report().cases[0]);
  EXPECT_EQ(line.rfind("PASS ", 0), 0u) << line;
  EXPECT_NE(line.find("stomp12/connect/1@1.2"), std::string::npos);
  EXPECT_NE(line.find("1.2/tcp"), std::string::npos);
  EXPECT_NE(line.find("12 ms"), std::string::npos);
  EXPECT_NE(line.find("CONNECT is answered with CONNECTED"), std::string::npos);
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << "a pass is one line: " << line;
  EXPECT_EQ(line.find("\x1b["), std::string::npos) << "no colour unless asked";
}

TEST(ConsoleCase, NonPassShowsWhy) {
  const auto r = sample_report();
  EXPECT_NE(case_line(r.cases[1]).find("↳ the broker accepted a SEND without destination"),
            std::string::npos);
  EXPECT_NE(case_line(r.cases[4]).find("↳ profile does not offer ack:client-individual"),
            std::string::npos);
  EXPECT_NE(case_line(r.cases[7]).find("known deviation now passes"), std::string::npos);
}

TEST(ConsoleCase, ColourWrapsTheTag) {
  const std::string line = case_line(sample_report().cases[1], {.color = true, .verbose = false});
  EXPECT_EQ(line.rfind("\x1b[1;31mFAIL \x1b[0m", 0), 0u) << line;
}

TEST(ConsoleCase, BrokerTextCannotDriveTheTerminal) {
  auto c = test::make_case("x/1", Status::fail, "title\x1b[2J");
  c.message = "evil \x1b]0;owned\x07";
  const std::string line = case_line(c);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_NE(line.find("title\\x1B[2J"), std::string::npos);
}

TEST(ConsoleCase, VerboseShowsTranscriptWithoutPasscode) {
  const std::string out = case_line(sample_report().cases[0], {.color = false, .verbose = true});
  EXPECT_NE(out.find("→ CONNECT␍␊"), std::string::npos) << out;
  EXPECT_NE(out.find("passcode:********␍␊"), std::string::npos) << out;
  EXPECT_NE(out.find("login:guest"), std::string::npos);
  EXPECT_NE(out.find("← CONNECTED␊"), std::string::npos);
  EXPECT_EQ(out.find(kSecret), std::string::npos);
}

TEST(ConsoleSummary, RecapsFailureWithRequirementExpectedActual) {
  const std::string out = summary(sample_report());
  const auto at = out.find("Failures (1):");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string recap = out.substr(at);
  EXPECT_NE(recap.find("FAIL stomp12/send/1@1.2 (1.2/tcp) [MUST] SEND without destination is rejected"),
            std::string::npos) << recap;
  EXPECT_NE(recap.find("Requirement: MUST (STOMP 1.2 SEND): a SEND frame without destination is an error"),
            std::string::npos) << recap;
  EXPECT_NE(recap.find("\n       Expected: an ERROR frame, then the connection closes\n"),
            std::string::npos);
  // Multi-line actual: the second line is aligned under the first.
  EXPECT_NE(recap.find("\n         Actual: RECEIPT receipt-id:77\n"
                       "                 the connection stayed open\n"),
            std::string::npos) << recap;
  EXPECT_NE(recap.find("\n        Message: the broker accepted a SEND without destination\n"),
            std::string::npos);
  EXPECT_NE(recap.find("\n      Catalogue: send.destination.required\n"), std::string::npos);
}

TEST(ConsoleSummary, RecapsWarnErrorAndFixedButNotTheRest) {
  const std::string out = summary(sample_report());
  EXPECT_NE(out.find("Errors (1):"), std::string::npos);
  EXPECT_NE(out.find("Warnings (1):"), std::string::npos);
  EXPECT_NE(out.find("Fixed (known deviations that now pass) (1):"), std::string::npos);
  EXPECT_NE(out.find("WARN stomp12/send/2@1.2"), std::string::npos);
  EXPECT_NE(out.find("Requirement: SHOULD (STOMP 1.2 SEND)"), std::string::npos);
  EXPECT_NE(out.find("ERROR stomp12/ack/1@1.2"), std::string::npos);
  EXPECT_NE(out.find("XPASS stomp12/receipt/3@1.2"), std::string::npos);
  for (const char* quiet : {"stomp12/connect/1", "stomp12/subscribe/1", "stomp12/nack/1",
                            "stomp11/heartbeat/1"}) {
    EXPECT_EQ(out.find(quiet), std::string::npos) << quiet << " is not a problem to recap";
  }
  // Failures come before warnings.
  EXPECT_LT(out.find("Failures"), out.find("Warnings"));
}

TEST(ConsoleSummary, EndsWithOneSummaryLine) {
  const std::string out = summary(sample_report());
  EXPECT_EQ(last_line(out),
            "8 cases: 1 passed, 1 failed, 1 warned, 1 info, 1 skipped, 1 error, 1 expected failure, "
            "1 fixed (1.23 s)");
}

TEST(ConsoleSummary, AllPassingRunHasNoRecap) {
  RunReport r;
  r.duration_ms = 12300;
  for (int i = 0; i < 3; ++i) r.cases.push_back(test::make_case("a/b/" + std::to_string(i), Status::pass, "t"));
  const std::string out = summary(r);
  EXPECT_EQ(out,
            "3 cases: 3 passed, 0 failed, 0 warned, 0 info, 0 skipped, 0 errors, 0 expected failures, "
            "0 fixed (12.3 s)\n");
}

TEST(ConsoleSummary, VerboseRecapIncludesTheWireButNeverThePasscode) {
  auto r = sample_report();
  r.cases[1].transcript.push_back(test::entry(9, TranscriptEntry::Kind::sent,
                                              std::string("STOMP\npasscode:") + kSecret + "\n\n"));
  const std::string out = summary(r, {.color = false, .verbose = true});
  EXPECT_NE(out.find("<script>alert(1)</script>␀"), std::string::npos) << out;
  EXPECT_EQ(out.find(kSecret), std::string::npos);
}

TEST(ConsoleSummary, FailureWithoutRefsStillSaysTheLevel) {
  RunReport r;
  auto c = test::make_case("x/y/1", Status::fail, "t");
  c.level = "MUST NOT";
  r.cases.push_back(c);
  EXPECT_NE(summary(r).find("Requirement: MUST NOT (no spec reference recorded)"), std::string::npos);
}

}  // namespace
}  // namespace stompspec
