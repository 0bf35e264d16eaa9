#pragma once
// Passcodes never reach a person: every transcript (engine, fuzzer) and every
// report writer passes wire octets through here.
#include <string>
#include <string_view>

namespace stompspec {

// Replaces the value of every passcode header in wire octets with "********":
// any line (start of data, or after LF or NUL) beginning "passcode:", in any
// letter case, up to CR, LF or NUL. An empty value stays empty: nothing to hide.
std::string redact_passcodes(std::string_view octets);

}  // namespace stompspec
