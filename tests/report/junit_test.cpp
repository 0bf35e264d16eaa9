// junit.xml: parsed back with a strict reader, then checked for structure,
// counts, escaping and redaction.
#include <gtest/gtest.h>

#include <sstream>

#include "fixtures.hpp"
#include "report/describe.hpp"
#include "report/report.hpp"
#include "xml_reader.hpp"

namespace stompspec {
namespace {

using test::kSecret;
using test::parse_xml;
using test::XmlNode;

std::string junit(const RunReport& r) {
  std::ostringstream out;
  write_junit(out, r);
  return out.str();
}

const XmlNode& find_case(const XmlNode& root, const std::string& name) {
  for (const XmlNode* suite : root.all("testsuite")) {
    for (const XmlNode* tc : suite->all("testcase")) {
      if (tc->attrs.at("name") == name) return *tc;
    }
  }
  throw std::runtime_error("no testcase " + name);
}

TEST(Junit, SectionIsTheFirstTwoPathComponents) {
  EXPECT_EQ(describe::section_of("stomp12/send/1"), "stomp12/send");
  EXPECT_EQ(describe::section_of("stomp12/send/frames/3"), "stomp12/send");
  EXPECT_EQ(describe::section_of("misc/1"), "misc");
  EXPECT_EQ(describe::section_of("lonely"), "lonely");
}

TEST(Junit, RootCountsMatchTheRun) {
  const auto root = parse_xml(junit(test::sample_report()));
  EXPECT_EQ(root->name, "testsuites");
  EXPECT_EQ(root->attrs.at("tests"), "8");
  EXPECT_EQ(root->attrs.at("failures"), "1");
  EXPECT_EQ(root->attrs.at("errors"), "1");
  EXPECT_EQ(root->attrs.at("skipped"), "2");  // skip and xfail
  EXPECT_EQ(root->attrs.at("time"), "1.234");
}

TEST(Junit, OneSuitePerSectionInRunOrder) {
  const auto root = parse_xml(junit(test::sample_report()));
  std::vector<std::string> names;
  for (const XmlNode* s : root->all("testsuite")) names.push_back(s->attrs.at("name"));
  EXPECT_EQ(names, (std::vector<std::string>{"stomp12/connect", "stomp12/send", "stomp11/heartbeat",
                                             "stomp12/subscribe", "stomp12/ack", "stomp12/nack",
                                             "stomp12/receipt"}));
  const XmlNode* send = root->all("testsuite")[1];
  EXPECT_EQ(send->attrs.at("tests"), "2");
  EXPECT_EQ(send->attrs.at("failures"), "1");
  EXPECT_EQ(send->all("testcase").size(), 2u);
  for (const XmlNode* tc : send->all("testcase")) EXPECT_EQ(tc->attrs.at("classname"), "stomp12/send");
}

TEST(Junit, FailureCarriesRequirementExpectedActual) {
  const auto root = parse_xml(junit(test::sample_report()));
  const XmlNode& tc = find_case(*root, "stomp12/send/1@1.2");
  EXPECT_EQ(tc.attrs.at("time"), "0.012");
  const XmlNode& failure = tc.child("failure");
  EXPECT_EQ(failure.attrs.at("message"), "the broker accepted a SEND without destination");
  EXPECT_EQ(failure.attrs.at("type"), "MUST");
  EXPECT_NE(failure.text.find("Requirement: MUST (STOMP 1.2 SEND): a SEND frame without destination"),
            std::string::npos) << failure.text;
  EXPECT_NE(failure.text.find("Expected: an ERROR frame"), std::string::npos);
  EXPECT_NE(failure.text.find("Actual: RECEIPT receipt-id:77"), std::string::npos);
  // The transcript goes to system-out, in visible form, escaped.
  const XmlNode& sysout = tc.child("system-out");
  EXPECT_NE(sysout.text.find("→ SEND␊"), std::string::npos) << sysout.text;
  EXPECT_NE(sysout.text.find("<script>alert(1)</script>␀"), std::string::npos);
}

TEST(Junit, EachStatusMapsToItsElement) {
  const auto root = parse_xml(junit(test::sample_report()));
  const auto kids = [&](const std::string& name) {
    std::vector<std::string> out;
    for (const auto& c : find_case(*root, name).children) out.push_back(c->name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(kids("stomp12/connect/1@1.2"), V{"system-out"});  // transcript only
  EXPECT_EQ(kids("stomp12/send/2@1.2"), V{"system-out"});     // warn passes, with a note
  EXPECT_EQ(kids("stomp11/heartbeat/1@1.1"), V{"system-out"});
  EXPECT_EQ(kids("stomp12/subscribe/1@1.2"), V{"skipped"});
  EXPECT_EQ(kids("stomp12/ack/1@1.2"), (V{"error", "system-out"}));
  EXPECT_EQ(kids("stomp12/nack/1@1.2"), V{"skipped"});
  EXPECT_EQ(kids("stomp12/receipt/3@1.2"), V{"system-out"});

  EXPECT_NE(find_case(*root, "stomp12/send/2@1.2").child("system-out").text.find("WARNING"),
            std::string::npos);
  EXPECT_EQ(find_case(*root, "stomp12/subscribe/1@1.2").child("skipped").attrs.at("message"),
            "profile does not offer ack:client-individual");
  EXPECT_EQ(find_case(*root, "stomp12/nack/1@1.2").child("skipped").attrs.at("message"),
            "expected failure: known deviation: NACK drops the message (issue 12)");
  EXPECT_EQ(find_case(*root, "stomp12/ack/1@1.2").child("error").attrs.at("message"),
            "connection refused by 127.0.0.1:61613");
}

TEST(Junit, TrickyTextStaysWellFormedAndReadsBack) {
  RunReport r;
  auto c = test::make_case("odd/<&>/1", Status::fail, "title ]]> <b>&amp;</b> \"q\" 'a'");
  c.message = "line1\nline2 ]]> <x> & \"quoted\"";
  c.expected = std::string("NUL here:") + '\0' + " bell:\x07 vt:\x0B ff:\x0C";
  c.actual = "bad utf8:\xFF\xFE end; nonchar:\xEF\xBF\xBF";
  c.transcript = {test::entry(1, TranscriptEntry::Kind::received,
                              std::string("MESSAGE\n\n]]><![CDATA[x") + '\0' + "\x01\xC3")};
  r.cases.push_back(c);
  const std::string xml = junit(r);
  std::unique_ptr<XmlNode> root;
  ASSERT_NO_THROW(root = parse_xml(xml)) << xml;
  const XmlNode& suite = root->child("testsuite");
  EXPECT_EQ(suite.attrs.at("name"), "odd/<&>");
  const XmlNode& tc = suite.child("testcase");
  EXPECT_EQ(tc.attrs.at("name"), "odd/<&>/1@1.2");
  const XmlNode& failure = tc.child("failure");
  // Line breaks inside the attribute survive as character references.
  EXPECT_EQ(failure.attrs.at("message"), "line1\nline2 ]]> <x> & \"quoted\"");
  EXPECT_NE(failure.text.find("NUL here:␀ bell:\\x07 vt:\\x0B ff:\\x0C"), std::string::npos)
      << failure.text;
  EXPECT_NE(failure.text.find("bad utf8:\\xFF\\xFE end"), std::string::npos);
  EXPECT_NE(tc.child("system-out").text.find("]]><![CDATA[x␀\\x01\\xC3"), std::string::npos);
}

TEST(Junit, NoPasscodeAnywhere) {
  auto r = test::sample_report();
  r.cases[1].actual = std::string("CONNECT\npasscode:") + kSecret + "\n";
  r.cases[5].transcript.push_back(
      test::entry(1, TranscriptEntry::Kind::sent, std::string("STOMP\npasscode:") + kSecret + "\n"));
  const std::string xml = junit(r);
  EXPECT_EQ(xml.find(kSecret), std::string::npos);
  EXPECT_NE(xml.find("passcode:********"), std::string::npos);
}

TEST(Junit, HugeTranscriptEntriesAreCut) {
  RunReport r;
  auto c = test::make_case("big/1", Status::pass, "big");
  c.transcript = {test::entry(1, TranscriptEntry::Kind::received,
                              "MESSAGE\n\n" + std::string(50000, 'A') + "TAIL-MARKER")};
  r.cases.push_back(c);
  const std::string xml = junit(r);
  const std::string out = parse_xml(xml)->child("testsuite").child("testcase").child("system-out").text;
  EXPECT_NE(out.find("… truncated: first 8192 of 50020 octets shown"), std::string::npos);
  EXPECT_EQ(out.find("TAIL-MARKER"), std::string::npos);
  EXPECT_LT(xml.size(), 12000u);
}

TEST(Junit, EmptyRunIsStillAValidDocument) {
  const auto root = parse_xml(junit(RunReport{}));
  EXPECT_EQ(root->attrs.at("tests"), "0");
  EXPECT_TRUE(root->children.empty());
}

TEST(XmlReader, RejectsWhatRealParsersReject) {
  // The reader is what stands between these tests and a broken junit.xml,
  // so it must itself be able to say no.
  EXPECT_THROW(parse_xml("<a><b></a></b>"), std::runtime_error);
  EXPECT_THROW(parse_xml("<a>x < y</a>"), std::runtime_error);
  EXPECT_THROW(parse_xml("<a>x & y</a>"), std::runtime_error);
  EXPECT_THROW(parse_xml("<a>]]></a>"), std::runtime_error);
  EXPECT_THROW(parse_xml(std::string("<a>\x01</a>")), std::runtime_error);
  EXPECT_THROW(parse_xml("<a>\xFF</a>"), std::runtime_error);
  EXPECT_THROW(parse_xml("<a b=\"<\"/>"), std::runtime_error);
  EXPECT_THROW(parse_xml("<a b=c/>"), std::runtime_error);
  EXPECT_NO_THROW(parse_xml("<?xml version=\"1.0\"?>\n<a b=\"&lt;&#10;\">t&amp;<c/></a>\n"));
}

}  // namespace
}  // namespace stompspec
