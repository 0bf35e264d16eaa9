#include "codec_test_support.hpp"

#include "codec/frame_rules.hpp"

namespace stompspec {

bool operator==(const ParseEvent& a, const ParseEvent& b) {
  return a.kind == b.kind && a.frame == b.frame && a.violations == b.violations &&
         a.offset == b.offset && a.raw == b.raw;
}

void PrintTo(const Frame& f, std::ostream* os) {
  *os << "{" << detail::printable(f.command);
  for (const Header& h : f.headers) {
    *os << " [" << detail::printable(h.name) << ":" << detail::printable(h.value) << "]";
  }
  *os << " body(" << f.body.size() << ")='" << detail::printable(f.body) << "'}";
}

void PrintTo(const Violation& v, std::ostream* os) {
  *os << "@" << v.offset << " " << v.what << " <" << v.rule << ">";
}

void PrintTo(const ParseEvent& e, std::ostream* os) {
  static constexpr const char* kKinds[] = {"frame", "heartbeat", "malformed"};
  *os << kKinds[static_cast<int>(e.kind)] << "@" << e.offset << " raw='"
      << detail::printable(e.raw) << "' ";
  PrintTo(e.frame, os);
  for (const Violation& v : e.violations) {
    *os << "\n    ";
    PrintTo(v, os);
  }
}

}  // namespace stompspec

namespace codec_test {

using namespace stompspec;

namespace {
void drain(Parser& p, std::vector<ParseEvent>& out) {
  while (auto ev = p.next()) out.push_back(std::move(*ev));
}
}  // namespace

std::vector<ParseEvent> parse_all(std::string_view bytes, Version v, Peer peer, Limits limits) {
  Parser p(v, peer, limits);
  std::vector<ParseEvent> out;
  p.feed(bytes);
  p.finish();
  drain(p, out);
  return out;
}

std::vector<ParseEvent> parse_pieces(std::string_view bytes, const std::vector<std::size_t>& cuts,
                                     Version v, Peer peer, Limits limits) {
  Parser p(v, peer, limits);
  std::vector<ParseEvent> out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    p.feed(bytes.substr(from, cut - from));
    drain(p, out);
    from = cut;
  }
  p.feed(bytes.substr(from));
  drain(p, out);
  p.finish();
  drain(p, out);
  return out;
}

ParseEvent only_event(std::string_view bytes, Version v, Peer peer) {
  auto events = parse_all(bytes, v, peer);
  EXPECT_EQ(events.size(), 1u) << "stream: " << detail::printable(bytes, 200);
  if (events.empty()) return {};
  return events.front();
}

std::string show(std::string_view bytes) { return detail::printable(bytes, 400); }

bool mentions(const ParseEvent& e, std::string_view needle) {
  for (const Violation& v : e.violations) {
    if (v.what.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace codec_test
