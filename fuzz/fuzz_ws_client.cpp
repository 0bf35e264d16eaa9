// fuzz_ws_client: the ws:// client side against a hostile server, in memory.
//
// Input: a 4-octet prefix (fuzz_support.hpp: octet 0 picks the parser's
// version and limits; octet 1 the read size of the in-memory stream; octet 2
// the client options), then every octet the server sends: its HTTP upgrade
// response and the WebSocket frames after it. "@ACCEPT@" anywhere in those
// octets becomes the Sec-WebSocket-Accept value for this handshake's key, so
// inputs can get past the handshake although the key is random.
//
// The client is the transport's own WsClient (same options, handshake checks
// and close handling) over beast::test::stream; each message it reads goes to
// a Parser as a harness would feed it.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/websocket/detail/hybi13.hpp>

#include "fuzz_support.hpp"
#include "transport/ws_client.hpp"

namespace {

using namespace stompspec;
using detail::WsClient;
using TestStream = boost::beast::test::stream;

constexpr std::string_view kAcceptMarker = "@ACCEPT@";
constexpr std::size_t kReadSizes[] = {1, 2, 3, 7, 64, 1500, 65536};

// The accept value the client expects, computed from the key in the request
// it wrote; empty when the request has none (then the handshake must fail).
std::string expected_accept(std::string_view request) {
  constexpr std::string_view name = "Sec-WebSocket-Key: ";
  const auto at = request.find(name);
  if (at == std::string_view::npos) return {};
  const auto start = at + name.size();
  const auto key = request.substr(start, request.find("\r\n", start) - start);
  boost::beast::websocket::detail::sec_ws_accept_type accept;
  boost::beast::websocket::detail::make_sec_ws_accept(accept, key);
  return std::string(accept.data(), accept.size());
}

std::string substitute(std::string_view input, const std::string& accept) {
  std::string out;
  out.reserve(input.size());
  for (std::size_t i = 0;;) {
    const auto at = input.find(kAcceptMarker, i);
    out.append(input.substr(i, at - i));
    if (at == std::string_view::npos) return out;
    out += accept;
    i = at + kAcceptMarker.size();
  }
}

TransportOptions client_options(std::uint8_t knob) {
  TransportOptions opt;
  if (knob & 1) opt.subprotocols.clear();
  if (knob & 2) opt.ws_binary = true;
  // A small limit makes message_too_big (and Beast's 1009 close) reachable.
  opt.max_read_message = (knob & 4) ? 64 : 1024 * 1024;
  return opt;
}

// "code" or "code reason". Beast lets any code from 1000 up through except
// the reserved ones, 5000 and above included (Autobahn would fail those);
// the suite reports them as they came.
bool well_formed_close_reason(const std::string& r) {
  const std::size_t digits = std::min(r.find(' '), r.size());
  if (digits < 4 || digits > 5 || !std::all_of(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(digits),
                                               [](unsigned char c) { return std::isdigit(c); }))
    return false;
  const long code = std::stol(r.substr(0, digits));
  return code >= 1000 && code <= 65535;
}

// FUZZ_WS_CLIENT_TRACE=1 says what each input did, to check that seeds reach
// the paths they are meant for and to read a finding.
void trace(const char* what, const std::string& detail) {
  static const bool on = std::getenv("FUZZ_WS_CLIENT_TRACE") != nullptr;
  if (on) std::fprintf(stderr, "  %s: %s\n", what, detail.c_str());
}

void run(boost::asio::io_context& ioc) {
  ioc.restart();
  ioc.run();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < fuzz::kPrefix) return 0;
  fuzz::Setup setup = fuzz::read_setup(data);
  setup.peer = Peer::server;  // these octets come from a broker
  const TransportOptions opt = client_options(setup.extra[1]);
  const std::string_view input(reinterpret_cast<const char*>(data) + fuzz::kPrefix, size - fuzz::kPrefix);

  boost::asio::io_context ioc;
  TestStream server_end(ioc);
  WsClient<TestStream> client(opt, ioc);
  TestStream& client_end = boost::beast::get_lowest_layer(client.stream());
  client_end.connect(server_end);
  client_end.read_size(kReadSizes[setup.extra[0] % std::size(kReadSizes)]);

  auto handshake = std::make_shared<detail::OpState>();
  client.async_handshake("broker.invalid:15674", "/ws", detail::completion(handshake));
  ioc.poll();  // the request is written; the client now waits for the response
  FUZZ_REQUIRE(!handshake->done);
  const std::string accept = expected_accept(server_end.str());
  FUZZ_REQUIRE(!accept.empty());
  client_end.append(substitute(input, accept));
  client_end.close_remote();  // end of input is the server dropping TCP
  run(ioc);
  FUZZ_REQUIRE(handshake->done);
  if (const auto ec = client.finish_handshake(handshake->ec)) {
    trace("handshake", ec.message() + " (" + client.close_reason() + ")");
    FUZZ_REQUIRE(ec != TransportErrc::timed_out);
    return 0;
  }
  trace("handshake", "ok, subprotocol '" + client.subprotocol() + "'");
  const std::string& picked = client.subprotocol();
  FUZZ_REQUIRE(picked.empty() ||
               std::find(opt.subprotocols.begin(), opt.subprotocols.end(), picked) != opt.subprotocols.end());

  Parser parser(setup.version, setup.peer, setup.limits);
  std::vector<fuzz::Seen> events;
  std::string stream;  // every message payload, in order: what the parser saw
  for (;;) {
    auto read = std::make_shared<detail::OpState>();
    client.async_read_message(detail::completion(read));
    run(ioc);
    FUZZ_REQUIRE(read->done);  // the input is finite: every read must end
    std::string message;
    if (const auto ec = client.finish_read(read->ec, message)) {
      trace("read", ec.message() + " (close reason '" + client.close_reason() + "')");
      FUZZ_REQUIRE(message.empty());
      FUZZ_REQUIRE(ec != TransportErrc::timed_out);
      FUZZ_REQUIRE(!client.close_frame_seen() || ec == TransportErrc::closed_by_peer);
      FUZZ_REQUIRE(client.close_frame_seen() == well_formed_close_reason(client.close_reason()));
      break;
    }
    trace(client.last_message_binary() ? "binary message" : "text message", std::to_string(message.size()));
    FUZZ_REQUIRE(message.size() <= opt.max_read_message);
    stream += message;
    parser.feed(message);
    fuzz::drain(parser, events);
  }
  parser.finish();
  fuzz::drain(parser, events);
  FUZZ_REQUIRE(parser.buffered() == 0);
  FUZZ_REQUIRE(parser.consumed() == stream.size());
  fuzz::check_events(stream, events);
  trace("parser", std::to_string(events.size()) + " events");
  return 0;
}
