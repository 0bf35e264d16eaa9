#pragma once
// Internal to the codec: what the checks of one header line need (colons,
// CR, backslashes, the first high octet), found in one pass over it.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace stompspec::detail {

struct LineScan {
  static constexpr std::size_t npos = std::string_view::npos;
  std::size_t colon = npos;        // the first ':', which ends the name
  std::size_t value_colon = npos;  // the first ':' after it
  std::size_t cr = npos;           // the first CR
  std::size_t high = npos;         // the first octet >= 0x80
  bool name_backslash = false;
  bool value_backslash = false;
};

// Inline: it runs once per header line, and a call costs a few percent.
inline LineScan scan_line(std::string_view line) {
  constexpr std::size_t npos = LineScan::npos;
  LineScan s;
  auto octet = [&s, line](std::size_t k) {
    const char c = line[k];
    if (c == ':') {
      if (s.colon == npos) {
        s.colon = k;
      } else if (s.value_colon == npos) {
        s.value_colon = k;
      }
    } else if (c == '\\') {
      if (s.colon == npos) {
        s.name_backslash = true;
      } else {
        s.value_backslash = true;
      }
    } else if (c == '\r') {
      if (s.cr == npos) s.cr = k;
    } else if (static_cast<unsigned char>(c) >= 0x80 && s.high == npos) {
      s.high = k;
    }
  };
  // Eight octets at a time: a word's mask marks its octets that are ':',
  // '\\', CR or high (the zero-octet test of x = word ^ c; a false mark above
  // a true one only costs a look), and only marked octets are looked at.
  constexpr std::uint64_t kOnes = 0x0101010101010101u, kHigh = 0x8080808080808080u;
  auto marks = [](std::uint64_t w) {
    std::uint64_t m = w & kHigh;
    for (const unsigned char c : {':', '\\', '\r'}) {
      const std::uint64_t x = w ^ (kOnes * c);
      m |= (x - kOnes) & ~x & kHigh;
    }
    return m;
  };
  auto visit = [&octet](std::size_t base, std::uint64_t m) {
    if constexpr (std::endian::native == std::endian::little) {
      for (; m != 0; m &= m - 1) octet(base + static_cast<std::size_t>(std::countr_zero(m)) / 8);
    } else {
      for (std::size_t k = base; k < base + 8; ++k) octet(k);
    }
  };
  const std::size_t n = line.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  // Sixteen octets a step where the line has them (most header lines do):
  // one compare per kind, and the high octets are their own sign bits.
  if (n >= 16) {
    const __m128i colon = _mm_set1_epi8(':'), backslash = _mm_set1_epi8('\\'), cr = _mm_set1_epi8('\r');
    auto marks16 = [&](std::size_t at) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + at));
      const __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, backslash)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, cr), v));
      return static_cast<unsigned>(_mm_movemask_epi8(m));
    };
    for (; n - i >= 16; i += 16) {
      for (unsigned m = marks16(i); m != 0; m &= m - 1) octet(i + static_cast<std::size_t>(std::countr_zero(m)));
    }
    if (i < n) {  // the tail: the last 16 octets, minus those already seen
      for (unsigned m = marks16(n - 16) & (~0u << (16 - (n - i))); m != 0; m &= m - 1) {
        octet(n - 16 + static_cast<std::size_t>(std::countr_zero(m)));
      }
    }
    return s;
  }
#endif
  for (; n - i >= 8; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, line.data() + i, sizeof w);
    if (const std::uint64_t m = marks(w)) visit(i, m);
  }
  constexpr bool kLittle = std::endian::native == std::endian::little;
  if (kLittle && i < n && n >= 8) {  // the tail: the last word, minus the octets already seen
    std::uint64_t w;
    std::memcpy(&w, line.data() + n - 8, sizeof w);
    if (const std::uint64_t m = marks(w) & (~std::uint64_t{0} << (8 * (8 - (n - i))))) visit(n - 8, m);
  } else {
    for (; i < n; ++i) octet(i);
  }
  return s;
}

}  // namespace stompspec::detail
