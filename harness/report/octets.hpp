#pragma once
// visible() in pieces, so HTML can style the marks differently from the
// octets a peer really sent without re-parsing the visible form.
#include <functional>
#include <string_view>

namespace stompspec {

// Calls sink with runs of the visible form in order; is_mark is true for
// "␍", "␊\n", "␀" and "\xNN", false for octets shown as themselves.
void for_each_visible(std::string_view octets,
                      const std::function<void(std::string_view piece, bool is_mark)>& sink);

}  // namespace stompspec
