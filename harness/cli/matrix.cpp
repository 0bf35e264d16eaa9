// `stompspec matrix`: several runs (results.json files) side by side, as a
// Markdown table for docs/ and an HTML grid, Autobahn style.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "report/report.hpp"
#include "scenario/loader.hpp"

namespace stompspec::cli {

int cmd_matrix(const MatrixArgs& a) {
  std::vector<RunReport> runs;
  for (const auto& path : a.results) {
    auto text = read_text_file(path);
    if (!text) {
      std::cerr << fmt::format("stompspec: cannot read {}\n", path);
      return kExitUsage;
    }
    try {
      runs.push_back(report_from_json(nlohmann::json::parse(*text)));
    } catch (const std::exception& e) {
      std::cerr << fmt::format("stompspec: {}: {}\n", path, e.what());
      return kExitUsage;
    }
  }
  std::string md = matrix_markdown(runs);
  if (a.markdown.empty() && a.html.empty()) std::cout << md;
  if (!a.markdown.empty()) {
    std::ofstream out(a.markdown);
    out << md;
    if (!out) {
      std::cerr << fmt::format("stompspec: cannot write {}\n", a.markdown);
      return kExitUsage;
    }
  }
  if (!a.html.empty()) {
    std::ofstream out(a.html);
    write_matrix_html(out, runs);
    if (!out) {
      std::cerr << fmt::format("stompspec: cannot write {}\n", a.html);
      return kExitUsage;
    }
  }
  return kExitOk;
}

}  // namespace stompspec::cli
