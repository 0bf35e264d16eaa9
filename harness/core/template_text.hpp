#pragma once
// Scenario strings are templates: "${name}" is expanded, "$${" stands for a
// literal "${". Code that writes a literal into a template (a receipt id the
// broker chose, octets the fuzzer found) escapes it here, the one inverse of
// scenario/variables' expansion.
#include <string>
#include <string_view>

namespace stompspec {

// literal with every "${" written "$${", so expanding the result yields literal.
std::string escape_template(std::string_view literal);

}  // namespace stompspec
