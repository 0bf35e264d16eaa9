#pragma once
// The CSS and JavaScript inlined into the HTML pages: kept apart from the
// markup code so each reads on its own. Nothing here loads anything external.
#include <string_view>

namespace stompspec::html_assets {

std::string_view base_css();    // palette, typography, status colours (.st-<status>)
std::string_view report_css();  // the run report: header, case rows, details, transcript
std::string_view report_js();   // status filter, search, expand/collapse, #anchor opening
std::string_view matrix_css();  // the targets x cases grid

}  // namespace stompspec::html_assets
