#pragma once
// Escaping for XML (JUnit) and HTML. Both also drop what cannot appear in
// the output at all, so a hostile broker reply cannot break the file.
#include <string>
#include <string_view>

namespace stompspec::markup {

// Character data: & < > escaped; invalid UTF-8 becomes U+FFFD; characters
// illegal in XML 1.0 (C0 controls but TAB/LF/CR, U+FFFE, U+FFFF) are dropped.
std::string xml_text(std::string_view s);
// Attribute values: as xml_text, plus quotes, and TAB/LF/CR as character
// references so attribute-value normalisation does not eat them.
std::string xml_attr(std::string_view s);
// HTML text and attribute values (always double-quoted by us).
std::string html(std::string_view s);

}  // namespace stompspec::markup
