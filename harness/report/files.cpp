// write_reports(): the report files of one run, written into one folder.
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "report/report.hpp"

namespace stompspec {

namespace {

// Written beside the file, then renamed over it: a reader (or an interrupt)
// sees the old file or the new one, never half of one.
void write_file(const std::filesystem::path& path,
                const std::function<void(std::ostream&)>& write) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot open " + tmp.string() + " for writing");
    write(out);
    out.flush();
    if (!out) throw std::runtime_error("failed writing " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw std::runtime_error("cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message());
}

}  // namespace

void write_reports(const std::string& dir, const RunReport& report,
                   const std::vector<std::string>& formats) {
  // Every name checked first, so a typo does not leave half the files behind.
  for (const auto& f : formats) {
    if (f != "console" && f != "junit" && f != "json" && f != "html") {
      throw std::invalid_argument("unknown report format \"" + f +
                                  "\" (known: console, junit, json, html)");
    }
  }
  const std::filesystem::path root(dir);
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) throw std::runtime_error("cannot create " + dir + ": " + ec.message());
  for (const auto& f : formats) {
    if (f == "junit") {
      write_file(root / "junit.xml", [&](std::ostream& out) { write_junit(out, report); });
    } else if (f == "json") {
      write_file(root / "results.json", [&](std::ostream& out) {
        // to_json already made every string valid UTF-8; "replace" is the
        // last guard so a report is never lost to an exception here.
        out << to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << '\n';
      });
    } else if (f == "html") {
      write_file(root / "index.html", [&](std::ostream& out) { write_html(out, report); });
    }
  }
}

}  // namespace stompspec
