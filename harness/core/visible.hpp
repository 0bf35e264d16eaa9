#pragma once
// Wire octets made readable, for transcripts, reports and matcher messages.
#include <functional>
#include <string>
#include <string_view>

namespace stompspec {

// Octets made readable: CR, LF and NUL become visible marks (LF keeps its line break).
// CR -> "␍", LF -> "␊" + newline, NUL -> "␀" (Unicode control pictures, so a
// reader sees exactly which EOL a peer sent); any other control octet, C1
// control or octet that is not part of valid UTF-8 -> "\xNN". The result is
// valid UTF-8 whose only control character is the newline after "␊". Not
// reversible (a literal "\x41" looks like an escape): reports that must keep
// the octets exactly (results.json) store them raw.
std::string visible(std::string_view octets);

// visible() in pieces, so HTML can style the marks differently from the
// octets a peer really sent without re-parsing the visible form. Calls sink
// with runs of the visible form in order; is_mark is true for "␍", "␊\n",
// "␀" and "\xNN", false for octets shown as themselves.
void for_each_visible(std::string_view octets,
                      const std::function<void(std::string_view piece, bool is_mark)>& sink);

}  // namespace stompspec
