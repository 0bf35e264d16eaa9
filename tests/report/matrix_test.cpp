// The targets x cases grid, in Markdown and HTML.
#include <gtest/gtest.h>

#include <sstream>

#include "fixtures.hpp"
#include "report/describe.hpp"
#include "report/report.hpp"

namespace stompspec {
namespace {

RunReport run(const std::string& profile, const std::string& transport,
              std::vector<std::pair<std::string, Status>> cases) {
  RunReport r;
  r.profile = profile;
  r.target = transport + "://broker-" + profile;
  for (auto& [id, st] : cases) {
    auto c = test::make_case(id, st, "title of " + id);
    c.transport = transport;
    r.cases.push_back(c);
  }
  return r;
}

TEST(Matrix, NaturalOrderPutsTwoBeforeTen) {
  EXPECT_TRUE(describe::natural_less("a/2", "a/10"));
  EXPECT_FALSE(describe::natural_less("a/10", "a/2"));
  EXPECT_TRUE(describe::natural_less("a/b", "a/c"));
  EXPECT_TRUE(describe::natural_less("a/1", "a/1@1.2"));
  EXPECT_FALSE(describe::natural_less("a/1", "a/1"));
}

TEST(Matrix, MarkdownHasOneColumnPerProfileTransportAndSortedRows) {
  const std::vector<RunReport> runs = {
      run("rabbitmq", "tcp", {{"s/send/10", Status::pass}, {"s/send/2", Status::fail}}),
      run("artemis", "ws", {{"s/send/2", Status::pass}, {"s/ack/1", Status::xfail}}),
  };
  EXPECT_EQ(matrix_markdown(runs),
            "| case | rabbitmq tcp | artemis ws |\n"
            "| --- | --- | --- |\n"
            "| s/ack/1@1.2 | - | xfail |\n"
            "| s/send/2@1.2 | fail | pass |\n"
            "| s/send/10@1.2 | pass | - |\n");
}

TEST(Matrix, MarkdownEscapesPipes) {
  const auto md = matrix_markdown({run("a|b", "tcp", {{"x|y/1", Status::pass}})});
  EXPECT_NE(md.find("| a\\|b tcp |"), std::string::npos) << md;
  EXPECT_NE(md.find("| x\\|y/1@1.2 | pass |"), std::string::npos) << md;
}

TEST(Matrix, HtmlGridHasCellsAndEscapes) {
  std::vector<RunReport> runs = {
      run("rabbitmq", "tcp", {{"s/send/1", Status::fail}}),
      run("<b>evil</b>", "ws", {{"s/send/2", Status::pass}}),
  };
  runs[0].cases[0].message = "ERROR frame missing <here>";
  std::ostringstream out;
  write_matrix_html(out, runs);
  const std::string html = out.str();
  EXPECT_NE(html.find("<th>rabbitmq tcp<span class=\"sub\">tcp://broker-rabbitmq</span></th>"),
            std::string::npos) << html;
  EXPECT_NE(html.find("&lt;b&gt;evil&lt;/b&gt; ws"), std::string::npos);
  EXPECT_EQ(html.find("<b>evil"), std::string::npos);
  EXPECT_NE(html.find("<td title=\"ERROR frame missing &lt;here&gt;\"><span class=\"badge st-fail\">fail</span></td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"none\" title=\"not run\">"), std::string::npos);
  EXPECT_LT(html.find("s/send/1@1.2"), html.find("s/send/2@1.2"));
  EXPECT_EQ(html.find("http"), std::string::npos) << "self-contained";
}

}  // namespace
}  // namespace stompspec
