// Several runs side by side, Autobahn style: which broker/transport passes
// which case. Rows are case instances, columns "<profile> <transport>".
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/describe.hpp"
#include "report/html_assets.hpp"
#include "report/markup.hpp"
#include "report/report.hpp"

namespace stompspec {

namespace {

struct Column {
  std::string name;                  // "<profile> <transport>"
  std::vector<std::string> targets;  // every target URL seen under this name
};

struct Row {
  std::string id;
  std::string instance;
  std::string title;
  std::map<std::size_t, const CaseResult*> cells;  // column index -> result
};

struct Matrix {
  std::vector<Column> columns;
  std::vector<Row> rows;
};

// A run normally has one transport, but the column is keyed per case so a run
// that mixed transports still lands in the right columns. When two runs fill
// the same cell, the later run wins.
Matrix build(const std::vector<RunReport>& runs) {
  Matrix m;
  std::map<std::string, std::size_t> column_index;
  std::map<std::string, std::size_t> row_index;
  for (const auto& run : runs) {
    for (const auto& c : run.cases) {
      const std::string name = describe::prose(
          fmt::format("{} {}", run.profile.empty() ? "?" : run.profile,
                      c.transport.empty() ? "?" : c.transport));
      auto [col, new_col] = column_index.try_emplace(name, m.columns.size());
      if (new_col) m.columns.push_back({name, {}});
      auto& targets = m.columns[col->second].targets;
      if (std::find(targets.begin(), targets.end(), run.target) == targets.end()) {
        targets.push_back(run.target);
      }
      const std::string instance = c.instance.empty() ? c.id : c.instance;
      auto [row, new_row] = row_index.try_emplace(instance, m.rows.size());
      if (new_row) m.rows.push_back({c.id, instance, c.title, {}});
      m.rows[row->second].cells[col->second] = &c;
    }
  }
  std::sort(m.rows.begin(), m.rows.end(), [](const Row& a, const Row& b) {
    if (a.id != b.id) return describe::natural_less(a.id, b.id);
    return describe::natural_less(a.instance, b.instance);
  });
  return m;
}

// Markdown table cells cannot hold "|" or line breaks.
std::string md_cell(std::string_view s) {
  std::string out;
  for (char ch : describe::prose(s)) {
    if (ch == '|') {
      out += "\\|";
    } else if (ch == '\n' || ch == '\r') {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::string matrix_markdown(const std::vector<RunReport>& runs) {
  const Matrix m = build(runs);
  std::string out = "| case |";
  // fmt rather than operator+ chains: GCC 12 -O3 raises a false -Wrestrict on those.
  for (const auto& col : m.columns) out += fmt::format(" {} |", md_cell(col.name));
  out += "\n| --- |";
  for (std::size_t i = 0; i < m.columns.size(); ++i) out += " --- |";
  out += '\n';
  for (const auto& row : m.rows) {
    out += fmt::format("| {} |", md_cell(row.instance));
    for (std::size_t i = 0; i < m.columns.size(); ++i) {
      const auto it = row.cells.find(i);
      out += it == row.cells.end() ? " - |" : fmt::format(" {} |", to_string(it->second->status));
    }
    out += '\n';
  }
  return out;
}

void write_matrix_html(std::ostream& out, const std::vector<RunReport>& runs) {
  using markup::html;
  const Matrix m = build(runs);
  const auto esc = [](std::string_view s) { return html(describe::prose(s)); };
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>stompspec matrix</title>\n<style>"
      << html_assets::base_css() << html_assets::matrix_css() << "</style>\n</head>\n<body>\n";
  out << fmt::format("<h1>stompspec matrix</h1>\n<p>{} cases across {} target columns.</p>\n",
                     m.rows.size(), m.columns.size());
  out << "<div class=\"legend\">";
  for (Status s : kAllStatuses) {
    out << fmt::format("<span class=\"badge st-{}\">{}</span>", to_string(s), status_label(s));
  }
  out << "</div>\n<table class=\"matrix\">\n<thead><tr><th>Case</th>";
  for (const auto& col : m.columns) {
    out << fmt::format("<th>{}<span class=\"sub\">{}</span></th>", esc(col.name),
                       esc(fmt::format("{}", fmt::join(col.targets, " "))));
  }
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& row : m.rows) {
    out << fmt::format("<tr><th class=\"case mono\" title=\"{}\">{}</th>", esc(row.title),
                       esc(row.instance));
    for (std::size_t i = 0; i < m.columns.size(); ++i) {
      const auto it = row.cells.find(i);
      if (it == row.cells.end()) {
        out << "<td class=\"none\" title=\"not run\">–</td>";
        continue;
      }
      const CaseResult& c = *it->second;
      out << fmt::format("<td title=\"{}\"><span class=\"badge st-{}\">{}</span></td>",
                         esc(describe::why(c)), to_string(c.status), to_string(c.status));
    }
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n</body>\n</html>\n";
}

}  // namespace stompspec
