// Header escaping per version: escape then unescape is the identity, escaped
// text holds no delimiter, unescape agrees with an independent reading of the
// rules (undefined escapes always rejected, at the right backslash), and the
// parser reads an escaped header back as the original value.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codec/escape.hpp"
#include "codec/frame_rules.hpp"
#include "core/utf8.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace stompspec;

struct Reference {
  bool ok = true;
  std::size_t position = 0;
  std::string out;
};

// The Value Encoding rules written as a table, separately from escape.cpp.
Reference reference_unescape(std::string_view wire, Version v) {
  Reference r;
  if (v == Version::v1_0) {
    r.out = wire;
    return r;
  }
  const std::string_view from = v == Version::v1_2 ? "rnc\\" : "nc\\";
  const std::string_view to = v == Version::v1_2 ? "\r\n:\\" : "\n:\\";
  for (std::size_t i = 0; i < wire.size(); ++i) {
    if (wire[i] != '\\') {
      r.out += wire[i];
      continue;
    }
    const std::size_t k = i + 1 < wire.size() ? from.find(wire[i + 1]) : std::string_view::npos;
    if (k == std::string_view::npos) return {false, i, {}};
    r.out += to[k];
    ++i;
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const Version v = static_cast<Version>(data[0] % 3);
  const std::string_view s(reinterpret_cast<const char*>(data) + 1, size - 1);

  const std::string escaped = escape_header(s, v);
  FUZZ_REQUIRE(unescape_header(escaped, v) == std::optional<std::string>(s));
  if (v != Version::v1_0) {
    FUZZ_REQUIRE(escaped.find_first_of(v == Version::v1_2 ? "\n:\r" : "\n:") == std::string::npos);
  }

  UnescapeError err{};
  const std::optional<std::string> got = unescape_header(s, v, &err);
  const Reference ref = reference_unescape(s, v);
  FUZZ_REQUIRE(got.has_value() == ref.ok);
  if (ref.ok) {
    FUZZ_REQUIRE(*got == ref.out);
  } else {
    FUZZ_REQUIRE(err.position == ref.position && !err.what.empty());
  }

  // In a frame: an escaped value comes back as itself, without a violation,
  // unless it holds octets escaping cannot carry (NUL; LF in 1.0) or is not
  // UTF-8 (1.1 and 1.2) or ASCII (1.0).
  const bool carriable = s.find('\0') == std::string_view::npos &&
                         (v != Version::v1_0 || s.find('\n') == std::string_view::npos);
  if (!carriable) return 0;
  Parser p(v);
  p.feed("SEND\nk:" + escaped + "\n\n" + std::string(1, '\0'));
  p.finish();
  auto e = p.next();
  FUZZ_REQUIRE(e.has_value() && e->frame.headers.size() == 1);
  FUZZ_REQUIRE(e->frame.headers[0].value == (v == Version::v1_0 ? std::string(escaped) : std::string(s)));
  bool clean_octets = utf8::first_invalid(s) == std::string_view::npos;
  if (v == Version::v1_0) {
    for (char c : s) clean_octets = clean_octets && static_cast<unsigned char>(c) < 0x80;
    clean_octets = clean_octets && !s.empty();
  }
  if (clean_octets) FUZZ_REQUIRE(e->violations.empty());
  return 0;
}
