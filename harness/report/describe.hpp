#pragma once
// Wording shared by the console, JUnit and HTML reports, so a case reads the
// same wherever a person meets it.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace stompspec::describe {

// The spec section a case id belongs to: its first two path components
// ("stomp12/send/1" -> "stomp12/send"); a shorter id loses its last one.
std::string section_of(std::string_view id);
// A prose field (message, expected, ...) fit to show: passcodes redacted,
// control octets and invalid UTF-8 made visible as in visible(), but LF and
// TAB kept as they are so multi-line text still reads as text.
std::string prose(std::string_view text);
// "MUST (STOMP 1.2 SEND): the broker rejects ..."
std::string ref(const SpecRef& r);
// "0.4 ms", "12 ms", "1.23 s", "2 min 3 s"
std::string duration(double ms);
// "42 cases: 38 passed, 1 failed, ... (12.3 s)"
std::string summary_line(const RunReport& report);
// The one line that says why a case did not pass; empty for a pass.
std::string why(const CaseResult& c);
// A non-pass case explained, one "Label: text" field a line, continuation
// lines aligned: Requirement (one per ref, with level), Catalogue,
// Expected, Actual, Message, Reason. Each line starts with indent.
std::string details(const CaseResult& c, std::string_view indent);
// The wire transcript as text: "+1.5ms client → octets" in visible form,
// continuation lines aligned under the octets. Each line starts with indent.
// Entries longer than kMaxTextOctets are cut, with a note of the full size.
inline constexpr std::size_t kMaxTextOctets = 8 * 1024;
std::string transcript(const CaseResult& c, std::string_view indent);
// Orders "x/2" before "x/10": digit runs compare as numbers.
bool natural_less(std::string_view a, std::string_view b);

}  // namespace stompspec::describe
