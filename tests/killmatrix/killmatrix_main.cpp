// killmatrix: generates scenarios/kill-matrix.json and docs/kill-matrix.md.
//
// For every fault of the fake broker that names requirements it breaks, the
// cases linked to those requirements run against the broken broker (TCP;
// WebSocket for WebSocket-only cases). A requirement is killed at a version
// when one of its linked case instances at that version fails (or warns, for
// a SHOULD) there, having passed against the correct broker.
//
//   killmatrix [--write]      print the JSON; --write updates both files
//   killmatrix --check        exit 1 when the committed files differ
#include <fstream>
#include <iostream>
#include <sstream>

#include "kill_matrix_build.hpp"

int main(int argc, char** argv) {
  using namespace stompspec::killmatrix;
  const std::string mode = argc > 1 ? argv[1] : "";
  if (!mode.empty() && mode != "--write" && mode != "--check") {
    std::cerr << "usage: killmatrix [--write|--check]\n";
    return 2;
  }
  const std::string root = STOMPSPEC_SOURCE_DIR;
  const std::string json_path = root + "/scenarios/kill-matrix.json";
  const std::string md_path = root + "/docs/kill-matrix.md";
  std::string error;
  auto m = build_kill_matrix(root, [](const std::string& line) { std::cerr << line << "\n"; }, &error);
  if (!m) {
    std::cerr << "killmatrix: " << error << "\n";
    return 2;
  }
  const std::string json = m->dump(2) + "\n";
  const std::string md = render_markdown(*m);
  if (mode == "--check") {
    auto read = [](const std::string& p) {
      std::ifstream in(p);
      std::stringstream s;
      s << in.rdbuf();
      return s.str();
    };
    int rc = 0;
    if (read(json_path) != json) rc = (std::cerr << "killmatrix: " << json_path << " is stale: run killmatrix --write\n", 1);
    if (read(md_path) != md) rc = (std::cerr << "killmatrix: " << md_path << " is stale: run killmatrix --write\n", 1);
    return rc;
  }
  if (mode == "--write") {
    std::ofstream(json_path) << json;
    std::ofstream(md_path) << md;
    std::cerr << "killmatrix: wrote " << json_path << " and " << md_path << "\n";
    return 0;
  }
  std::cout << json;
  return 0;
}
