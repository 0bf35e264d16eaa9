// write_reports(): which files land where, and refusing unknown formats.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"
#include "report/report.hpp"

namespace stompspec {
namespace {

namespace fs = std::filesystem;

class WriteReports : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("stompspec-report-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path root_;
};

TEST_F(WriteReports, WritesEachNamedFormatIntoANewNestedDir) {
  const fs::path dir = root_ / "a" / "b";
  write_reports(dir.string(), test::sample_report(), {"console", "junit", "json", "html"});
  EXPECT_TRUE(fs::exists(dir / "junit.xml"));
  EXPECT_TRUE(fs::exists(dir / "index.html"));
  const RunReport back = report_from_json(nlohmann::json::parse(slurp(dir / "results.json")));
  EXPECT_EQ(back.cases.size(), 8u);
  EXPECT_EQ(back.cases[1].status, Status::fail);
  for (const char* f : {"junit.xml", "results.json", "index.html"}) {
    EXPECT_EQ(slurp(dir / f).find(test::kSecret), std::string::npos) << f;
  }
}

TEST_F(WriteReports, WritesOnlyWhatIsAsked) {
  write_reports(root_.string(), test::sample_report(), {"json"});
  EXPECT_TRUE(fs::exists(root_ / "results.json"));
  EXPECT_FALSE(fs::exists(root_ / "junit.xml"));
  EXPECT_FALSE(fs::exists(root_ / "index.html"));
}

TEST_F(WriteReports, UnknownFormatThrowsBeforeWritingAnything) {
  try {
    write_reports(root_.string(), test::sample_report(), {"json", "xml"});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown report format \"xml\" (known: console, junit, json, html)");
  }
  EXPECT_FALSE(fs::exists(root_));
}

TEST_F(WriteReports, UnwritableDirThrows) {
  fs::create_directories(root_);
  std::ofstream(root_ / "file") << "x";
  EXPECT_THROW(write_reports((root_ / "file" / "sub").string(), test::sample_report(), {"json"}),
               std::runtime_error);
}

}  // namespace
}  // namespace stompspec
