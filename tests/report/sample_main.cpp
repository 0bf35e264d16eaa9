// report_sample DIR: writes the fixture run's reports (and a two-run matrix)
// into DIR, for looking at the pages in a browser.
#include <fstream>
#include <iostream>

#include "fixtures.hpp"
#include "report/report.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: report_sample DIR\n";
    return 2;
  }
  using namespace stompspec;
  RunReport r = test::sample_report();
  write_reports(argv[1], r, {"junit", "json", "html"});
  RunReport other = r;
  other.profile = "artemis";
  other.target = "ws://127.0.0.1:61614/stomp";
  for (auto& c : other.cases) {
    c.transport = "ws";
    if (c.status == Status::fail) c.status = Status::pass;
  }
  std::ofstream(std::string(argv[1]) + "/matrix.html") << [&] {
    std::ostringstream s;
    write_matrix_html(s, {r, other});
    return s.str();
  }();
  write_console_summary(std::cout, r, {.color = false, .verbose = false});
  return 0;
}
