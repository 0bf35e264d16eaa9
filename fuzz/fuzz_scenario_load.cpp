// Scenario files come from users and from other repositories, so the loader
// must turn any octets into either a case or a diagnostic, never a crash (an
// exception escaping nlohmann::json, a bad index, a sanitizer report). The
// contract checked here is the one the CLI relies on: a case comes with no
// diagnostics, and nullopt comes with at least one that says something.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "scenario/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<stompspec::Diagnostic> errors;
  const std::optional<stompspec::Case> c = stompspec::parse_case(text, "fuzz.json", errors);
  if (c) {
    FUZZ_REQUIRE(errors.empty());
  } else {
    FUZZ_REQUIRE(!errors.empty());
    for (const stompspec::Diagnostic& d : errors) {
      FUZZ_REQUIRE(!d.message.empty());
      (void)d.str();  // the CLI prints every diagnostic; formatting must not crash either
    }
  }
  return 0;
}
