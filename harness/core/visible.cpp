#include "core/visible.hpp"

#include <array>

#include "core/utf8.hpp"

namespace stompspec {

namespace {

std::array<char, 5> hex_escape(unsigned char c) {
  static constexpr char digits[] = "0123456789ABCDEF";
  return {'\\', 'x', digits[c >> 4U], digits[c & 0x0FU], '\0'};
}

bool is_c1_control(char32_t cp) { return cp >= 0x80 && cp <= 0x9F; }

}  // namespace

void for_each_visible(std::string_view octets,
                      const std::function<void(std::string_view, bool)>& sink) {
  std::size_t run = 0;  // start of the pending run of octets shown as themselves
  const auto flush = [&](std::size_t end) {
    if (end > run) sink(octets.substr(run, end - run), false);
  };
  const auto escape = [&](std::size_t from, std::size_t count) {
    for (std::size_t k = from; k < from + count; ++k) {
      const auto e = hex_escape(static_cast<unsigned char>(octets[k]));
      sink(std::string_view(e.data(), 4), true);
    }
  };
  std::size_t i = 0;
  while (i < octets.size()) {
    const auto c = static_cast<unsigned char>(octets[i]);
    if (c == '\r' || c == '\n' || c == '\0') {
      flush(i);
      sink(c == '\r' ? "␍" : c == '\n' ? "␊\n" : "␀", true);
      run = ++i;
    } else if (c < 0x20U || c == 0x7FU) {
      flush(i);
      escape(i, 1);
      run = ++i;
    } else if (c < 0x80U) {
      ++i;
    } else {
      const auto seq = utf8::next(octets, i);
      if (seq.length != 0 && !is_c1_control(seq.code_point)) {
        i += seq.length;
        continue;
      }
      // C1 controls are valid UTF-8 but invisible, and some terminals act on them.
      flush(i);
      const std::size_t count = seq.length == 0 ? 1 : seq.length;
      escape(i, count);
      i += count;
      run = i;
    }
  }
  flush(octets.size());
}

std::string visible(std::string_view octets) {
  std::string out;
  out.reserve(octets.size() + octets.size() / 8);
  for_each_visible(octets, [&](std::string_view piece, bool) { out += piece; });
  return out;
}

}  // namespace stompspec
