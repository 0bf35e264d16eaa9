// The frame scanner under the WebSocket client: it must find every frame
// header in the server's octets however they are split, and flip exactly the
// text opcodes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "transport/ws_text_as_binary.hpp"

namespace stompspec::detail {
namespace {

using namespace std::string_literals;

std::string frame(unsigned char first, const std::string& payload, bool masked = false) {
  std::string f(1, static_cast<char>(first));
  const unsigned char mask_bit = masked ? 0x80 : 0;
  if (payload.size() < 126) {
    f += static_cast<char>(mask_bit | payload.size());
  } else if (payload.size() <= 0xffff) {
    f += static_cast<char>(mask_bit | 126);
    for (int shift = 8; shift >= 0; shift -= 8) f += static_cast<char>((payload.size() >> shift) & 0xff);
  } else {
    f += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) f += static_cast<char>((payload.size() >> shift) & 0xff);
  }
  if (masked) f += "\x01\x02\x03\x04"s;  // not applied: the scanner never reads payloads
  return f + payload;
}

const std::string kHttp = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";

// Payloads full of octets that look like text opcodes, to catch a scanner
// that loses its place.
std::string decoy(std::size_t n) { return std::string(n, '\x81'); }

struct Case {
  std::string in;
  std::string out;
  std::vector<bool> text;
};

Case sample() {
  Case c;
  const std::vector<std::pair<std::string, std::string>> frames = {
      {frame(0x81, "CONNECTED\n\n\0"s), frame(0x82, "CONNECTED\n\n\0"s)},      // text, fin
      {frame(0x82, decoy(5)), frame(0x82, decoy(5))},                         // binary
      {frame(0x01, decoy(200)), frame(0x02, decoy(200))},                     // text, not fin, 16-bit length
      {frame(0x89, decoy(3)), frame(0x89, decoy(3))},                         // ping in between
      {frame(0x80, decoy(70000)), frame(0x80, decoy(70000))},                 // continuation, 64-bit length
      {frame(0x81, "", true), frame(0x82, "", true)},                         // empty, masked (illegal, still scanned)
      {frame(0x88, "\x03\xe8"s), frame(0x88, "\x03\xe8"s)},                   // close
  };
  c.in = c.out = kHttp;
  for (const auto& [in, out] : frames) {
    c.in += in;
    c.out += out;
  }
  c.text = {true, false, true, true};
  return c;
}

void expect_scanned(std::size_t chunk) {
  Case c = sample();
  FrameScanner scanner;
  std::string data = c.in;
  for (std::size_t i = 0; i < data.size(); i += chunk) {
    const std::size_t n = std::min(chunk, data.size() - i);
    scanner.scan(reinterpret_cast<unsigned char*>(data.data() + i), n);
  }
  EXPECT_EQ(data, c.out) << "chunk " << chunk;
  for (const bool text : c.text) EXPECT_EQ(scanner.pop_message_was_text(), text) << "chunk " << chunk;
  EXPECT_FALSE(scanner.pop_message_was_text());  // nothing more recorded
}

TEST(FrameScanner, FlipsTextOpcodesWhateverTheSplit) {
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{13}, std::size_t{4096},
                            std::size_t{1} << 20})
    expect_scanned(chunk);
}

TEST(FrameScanner, LeavesTheHttpResponseAlone) {
  // A header line full of 0x81 octets and a fake "\r\n" must not start framing early.
  std::string data = "HTTP/1.1 101 OK\r\nX: \x81\x81\r\n\r\n"s + frame(0x81, "a");
  const std::string expected = "HTTP/1.1 101 OK\r\nX: \x81\x81\r\n\r\n"s + frame(0x82, "a");
  FrameScanner scanner;
  scanner.scan(reinterpret_cast<unsigned char*>(data.data()), data.size());
  EXPECT_EQ(data, expected);
  EXPECT_TRUE(scanner.pop_message_was_text());
}

}  // namespace
}  // namespace stompspec::detail
