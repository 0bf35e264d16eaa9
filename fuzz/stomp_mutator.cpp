#include "stomp_mutator.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "codec/serializer.hpp"
#include "fuzz_support.hpp"

namespace stompspec::fuzz {
namespace {

constexpr std::size_t kGrowth = 256;  // octets one mutation may add at most

// One unit of the stream: a frame to rebuild, or octets kept as they came
// (heart-beats, malformed stretches).
struct Item {
  bool is_frame = false;
  Frame frame;
  std::string raw;
  Eol eol = Eol::lf;
  bool escape = true;
  bool drop_nul = false;  // write the frame without its NUL: truncated
  // Changed since split(): written from `frame`. An unchanged frame is written
  // as its own octets, which is cheaper and keeps what the serialiser would
  // normalise (escapes it could not decode, the octets of a violation).
  bool dirty = false;
};

constexpr std::size_t kRawCap = 64 * 1024;  // ParseEvent::raw holds no more of a frame

constexpr std::array<std::string_view, 20> kCommands = {
    "SEND", "SUBSCRIBE", "UNSUBSCRIBE", "BEGIN", "COMMIT", "ABORT", "ACK", "NACK", "DISCONNECT",
    "CONNECT", "STOMP", "CONNECTED", "MESSAGE", "RECEIPT", "ERROR", "send", "MESSAGE\r", "", "FOO",
    " SEND"};
constexpr std::array<std::string_view, 16> kNames = {
    "content-length", "destination", "receipt", "receipt-id", "id", "ack", "version",
    "heart-beat", "message-id", "subscription", "transaction", "accept-version", "host",
    "content-type", "message", ""};
constexpr std::array<std::string_view, 22> kValues = {
    "", "0", "1", "1.2", "1.0,1.1,1.2", "/queue/a", "0,0", "10000,10000", "client-individual",
    "a:b", "a\\cb", "\\n", "\\r", "\\t", "\\", "\\\\", "caf\xC3\xA9", "\xC3", "\xFF\xFE", " x ",
    "18446744073709551616", "-1"};
constexpr std::array<std::string_view, 14> kTokens = {
    "\\n", "\\c", "\\r", "\\t", "\\", "\r", "\n", ":", "\xC3", "\xC3\xA9", "\xFF", " ", std::string_view("\0", 1), "\r\n"};
constexpr std::array<std::string_view, 6> kStrays = {"\n", "\r\n", "\r", std::string_view("\0", 1),
                                                     "\n\n", "\r\r\n"};

class Mutator {
 public:
  Mutator(unsigned seed, Version v) : rng_(seed), version_(v) {}

  std::size_t pick(std::size_t n) { return n == 0 ? 0 : rng_() % n; }
  template <class A>
  std::string_view any(const A& a) { return a[pick(a.size())]; }

  // `p` and `e` are kept from call to call (the mutator runs outside
  // libFuzzer's leak accounting): only the items allocate.
  std::vector<Item> split(std::string_view stream, Parser& p, ParseEvent& e) {
    std::vector<Item> items;
    items.reserve(8);
    p.reset(version_);
    p.feed(stream);
    p.finish();
    while (p.next(e)) {
      Item it;
      if (e.kind == ParseEvent::Kind::frame) {
        it.is_frame = true;
        it.frame = std::move(e.frame);
        it.eol = e.raw.find("\r\n") < e.raw.find("\n\n") ? Eol::crlf : Eol::lf;
      }
      it.raw = std::move(e.raw);
      items.push_back(std::move(it));
    }
    return items;
  }

  void mutate(std::vector<Item>& items) {
    if (items.empty() || pick(8) == 0) items.insert(items.begin() + pick(items.size() + 1), new_frame());
    const std::size_t rounds = 1 + pick(3);
    for (std::size_t r = 0; r < rounds; ++r) {
      Item& it = items[pick(items.size())];
      if (!it.is_frame) {
        mutate_stream(items);
        continue;
      }
      mutate_frame(it);
      it.dirty = true;
    }
  }

  // Into `out` and with `wire`, both kept from call to call.
  void join(const std::vector<Item>& items, std::string& out, std::string& wire) const {
    out.clear();
    for (const Item& it : items) {
      if (!it.is_frame || (!it.dirty && it.raw.size() < kRawCap)) {
        out += it.raw;
        continue;
      }
      SerializeOptions o;
      o.eol = it.eol;
      o.escape = it.escape;
      o.content_length = SerializeOptions::ContentLength::never;
      serialize(it.frame, version_, o, wire);
      if (it.drop_nul) wire.pop_back();
      out += wire;
    }
  }

 private:
  Item new_frame() {
    Item it;
    it.is_frame = true;
    it.dirty = true;
    it.frame.command = any(kCommands);
    for (std::size_t i = pick(3); i > 0; --i) it.frame.add(std::string(any(kNames)), std::string(any(kValues)));
    return it;
  }

  std::string& some_text(Frame& f) {
    if (f.headers.empty() || pick(4) == 0) return f.body;
    Header& h = f.headers[pick(f.headers.size())];
    return pick(3) == 0 ? h.name : h.value;
  }

  void mutate_frame(Item& it) {
    Frame& f = it.frame;
    switch (pick(12)) {
      case 0: f.command = any(kCommands); break;
      case 1:
        f.headers.insert(f.headers.begin() + pick(f.headers.size() + 1),
                         {std::string(any(kNames)), std::string(any(kValues))});
        break;
      case 2:
        if (!f.headers.empty()) f.headers.erase(f.headers.begin() + pick(f.headers.size()));
        break;
      case 3:
        if (!f.headers.empty()) {
          const Header h = f.headers[pick(f.headers.size())];
          f.headers.insert(f.headers.begin() + pick(f.headers.size() + 1), h);
        }
        break;
      case 4: {  // an escape, delimiter or odd octet inside a name, value or body
        std::string& s = some_text(f);
        s.insert(pick(s.size() + 1), any(kTokens));
        break;
      }
      case 5: {  // content-length: right, off by one, absent, or not a number
        const long delta = static_cast<long>(pick(5)) - 2;
        const long n = static_cast<long>(f.body.size()) + delta;
        if (pick(4) == 0) {
          f.erase("content-length");
        } else if (pick(4) == 0) {
          f.set("content-length", std::string(any(kValues)));
        } else {
          f.set("content-length", std::to_string(n < 0 ? 0 : n));
        }
        break;
      }
      case 6: {  // body: NULs and EOLs inside, cut, or grown past a limit
        if (pick(3) == 0) {
          f.body.resize(pick(f.body.size() + 1));
        } else if (pick(3) == 0) {
          f.body.append(pick(600), static_cast<char>('a' + pick(26)));
        } else {
          f.body.insert(pick(f.body.size() + 1), pick(2) ? std::string(1, '\0') : "\n");
        }
        break;
      }
      case 7: it.eol = it.eol == Eol::lf ? Eol::crlf : Eol::lf; break;
      case 8: it.escape = !it.escape; break;
      case 9: it.drop_nul = !it.drop_nul; break;
      case 10: {  // limits: a long line, or many headers
        if (pick(2)) {
          f.add("long", std::string(8 + pick(120), 'x'));
        } else {
          for (std::size_t i = 2 + pick(8); i > 0; --i) f.add("h", std::to_string(i));
        }
        break;
      }
      default: {  // swap two headers
        if (f.headers.size() >= 2) std::swap(f.headers[pick(f.headers.size())], f.headers[pick(f.headers.size())]);
        break;
      }
    }
  }

  void mutate_stream(std::vector<Item>& items) {
    switch (pick(4)) {
      case 0: {  // a heart-beat or stray octets between two items
        Item s;
        s.raw = any(kStrays);
        items.insert(items.begin() + pick(items.size() + 1), s);
        break;
      }
      case 1: {
        Item copy = items[pick(items.size())];
        items.insert(items.begin() + pick(items.size() + 1), std::move(copy));
        break;
      }
      case 2:
        if (items.size() > 1) items.erase(items.begin() + pick(items.size()));
        break;
      default: {  // octet-level change inside kept octets
        Item& it = items[pick(items.size())];
        if (it.is_frame || it.raw.empty()) break;
        const std::size_t n = it.raw.size();
        it.raw.resize(n + 8);
        it.raw.resize(LLVMFuzzerMutate(reinterpret_cast<std::uint8_t*>(it.raw.data()), n, n + 8));
        break;
      }
    }
  }

  std::minstd_rand rng_;
  Version version_;
};

}  // namespace

// libFuzzer mutates its own last output again (up to -mutate_depth times
// per unit), so the items behind that output are kept: it is not parsed again.
struct Last {
  std::string octets;  // prefix and stream, as returned
  std::vector<Item> items;
  // Buffers kept from call to call.
  Parser parser;
  ParseEvent event;
  std::string out, wire;
};

Last& last() {
  static Last l;
  return l;
}

std::size_t stomp_mutate(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed) {
  Last& l = last();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // Now and then the plain byte mutator: it finds what no grammar suggests.
  if (size < kPrefix || max_size <= kPrefix || seed % 5 == 0) {
    l.octets.clear();
    return LLVMFuzzerMutate(data, size, max_size);
  }
  Mutator m(seed, read_setup(data).version);
  std::vector<Item> items =
      input == l.octets ? std::move(l.items) : m.split(input.substr(kPrefix), l.parser, l.event);
  l.octets.clear();
  m.mutate(items);
  std::string& out = l.out;
  m.join(items, out, l.wire);
  // Grow by steps, as libFuzzer's own length control would: a jump to
  // max_size at once costs exec/s and teaches the fuzzer nothing new.
  const std::size_t room = std::min(max_size, size + kGrowth) - kPrefix;
  if (out.size() > room || out == input.substr(kPrefix)) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data + kPrefix, out.data(), out.size());
  if (m.pick(10) == 0) {
    data[m.pick(kPrefix)] = static_cast<std::uint8_t>(m.pick(256));
  } else {  // the items still describe these octets at this version
    l.octets.assign(reinterpret_cast<const char*>(data), kPrefix + out.size());
    l.items = std::move(items);
  }
  return kPrefix + out.size();
}

}  // namespace stompspec::fuzz

#ifdef STOMPSPEC_STOMP_MUTATOR
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  return stompspec::fuzz::stomp_mutate(data, size, max_size, seed);
}
#endif
