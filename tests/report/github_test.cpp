// GitHub workflow annotations: one per case that needs attention, on the
// scenario line that decided it, escaped so no value can end the command or
// forge another one, and never showing a passcode.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "fixtures.hpp"
#include "report/report.hpp"

namespace stompspec {
namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(GithubAnnotations, OnePerCaseNeedingAttentionOnItsScenarioLine) {
  RunReport r;
  auto fail = test::make_case("stomp12/send/2", Status::fail, "SEND without destination");
  fail.source = (std::filesystem::current_path() / "scenarios/stomp12/send/2.json").string() + ":17";
  fail.level = "MUST";
  fail.expected = "ERROR, then close";
  fail.actual = "closed: clean";
  r.cases.push_back(fail);
  auto warn = test::make_case("stomp12/error/1", Status::warn, "ERROR has message");
  warn.source = "/elsewhere/x.json:3";
  r.cases.push_back(warn);
  r.cases.push_back(test::make_case("stomp12/ok/1", Status::pass, "fine"));
  r.cases.push_back(test::make_case("stomp12/skip/1", Status::skip, "not offered"));
  auto fixed = test::make_case("stomp12/xp/1", Status::xpass, "was a deviation");
  r.cases.push_back(fixed);
  std::ostringstream out;
  write_github_annotations(out, r);
  auto l = lines_of(out.str());
  ASSERT_EQ(l.size(), 4u) << out.str();
  EXPECT_TRUE(l[0].starts_with("::error file=scenarios/stomp12/send/2.json,line=17,title=fail stomp12/send/2@1.2 (1.2/tcp)::"))
      << l[0];
  EXPECT_NE(l[0].find("SEND without destination%0ARequirement: MUST%0AExpected: ERROR, then close%0AActual: closed: clean"),
            std::string::npos)
      << "',' and ':' are escaped only in properties: " << l[0];
  EXPECT_TRUE(l[1].starts_with("::warning file=/elsewhere/x.json,line=3,")) << l[1];
  EXPECT_TRUE(l[2].starts_with("::notice title=fixed stomp12/xp/1@1.2")) << l[2];
  EXPECT_TRUE(l[3].starts_with("::notice title=stompspec::5 cases: 1 passed, 1 failed, 1 warned")) << l[3];
}

TEST(GithubAnnotations, NothingCanEndTheCommandOrShowAPasscode) {
  RunReport r;
  auto c = test::make_case("a/b/1", Status::fail, "x");
  c.source = "f.json:1";
  c.actual = std::string("line1\r\nline2\n::error::forged 100%\npasscode:") + test::kSecret;
  c.instance = "a/b/1,file=evil:2";
  r.cases.push_back(c);
  std::ostringstream out;
  write_github_annotations(out, r);
  auto l = lines_of(out.str());
  ASSERT_EQ(l.size(), 2u) << out.str();
  EXPECT_NE(l[0].find("line1%0D%0Aline2%0A::error::forged 100%25%0Apasscode:********"), std::string::npos) << l[0];
  EXPECT_NE(l[0].find("title=fail a/b/1%2Cfile=evil%3A2"), std::string::npos) << l[0];
  EXPECT_EQ(out.str().find(test::kSecret), std::string::npos);
}

}  // namespace
}  // namespace stompspec
