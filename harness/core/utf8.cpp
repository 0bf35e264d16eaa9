#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace stompspec::utf8 {

namespace {
bool continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }
}  // namespace

Sequence next(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80U) return {1, lead};
  // Lead octet: how many octets follow, its payload bits, the smallest code
  // point that needs this length (anything below is an overlong form).
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    cp = lead & 0x1FU;
    min = 0x80;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    cp = lead & 0x0FU;
    min = 0x800;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    cp = lead & 0x07U;
    min = 0x10000;
  } else {
    return {};
  }
  if (i + length > s.size()) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if (!continuation(c)) return {};
    cp = (cp << 6U) | (c & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {length, cp};
}

std::size_t first_invalid(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // ASCII, most wire octets, eight at a time (the codec's hot path).
    for (std::uint64_t word; s.size() - i >= sizeof word; i += sizeof word) {
      std::memcpy(&word, s.data() + i, sizeof word);
      if ((word & 0x8080808080808080U) != 0) break;
    }
    if (i == s.size()) break;
    if (static_cast<unsigned char>(s[i]) < 0x80U) {
      ++i;
      continue;
    }
    const auto seq = next(s, i);
    if (seq.length == 0) return i;
    i += seq.length;
  }
  return std::string_view::npos;
}

bool is_valid(std::string_view s) { return first_invalid(s) == std::string_view::npos; }

std::string sanitize(std::string_view s) {
  if (is_valid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto seq = next(s, i);
    if (seq.length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, seq.length);
      i += seq.length;
    }
  }
  return out;
}

std::size_t cut_point(std::string_view s, std::size_t max) {
  if (max >= s.size()) return s.size();
  std::size_t i = 0;
  while (i < max) {
    const auto seq = next(s, i);
    const std::size_t step = seq.length == 0 ? 1 : seq.length;
    if (i + step > max) break;
    i += step;
  }
  return i;
}

}  // namespace stompspec::utf8
