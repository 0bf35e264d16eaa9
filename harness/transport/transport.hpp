#pragma once
// A byte pipe to a broker with a deadline on every operation. The interface
// hides Asio/Beast so that only the transport translation units include them.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "url.hpp"

namespace stompspec {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// Errors a transport reports besides the OS ones.
enum class TransportErrc {
  timed_out = 1,     // the deadline passed; the transport stays usable for reads
  closed_by_peer,    // orderly EOF, or a WebSocket close frame
  not_connected,
  handshake_failed,  // WebSocket upgrade refused
  message_too_big,
  tls_setup_failed,  // the CA, certificate or key file could not be used
  invalid_text,      // a WebSocket text message that is not UTF-8: the client fails the connection
};
const std::error_category& transport_category();
std::error_code make_error_code(TransportErrc e);

// tls:// and wss://. Verification is on unless `insecure`: the chain must
// lead to `ca_file` (or the system's roots when empty) and the certificate
// must name the host (or `server_name`), which also goes out as SNI.
struct TlsOptions {
  std::string ca_file;
  std::string cert_file;    // a client certificate, for brokers that ask for one
  std::string key_file;
  std::string server_name;  // "" : the URL's host
  bool insecure = false;
};

struct TransportOptions {
  // WebSocket subprotocols offered, in order. Empty: offer none.
  std::vector<std::string> subprotocols{"v10.stomp", "v11.stomp", "v12.stomp"};
  bool ws_binary = false;                         // send binary rather than text messages
  std::size_t max_read_message = 64 * 1024 * 1024;
  TlsOptions tls;
};

class Transport {
 public:
  virtual ~Transport() = default;

  virtual std::error_code connect(Millis timeout) = 0;
  // TCP: the octets, flushed. WebSocket: exactly one message.
  // On timed_out whatever part did not go out yet is kept and sent before
  // the next write's octets, so the peer never sees a truncated frame.
  virtual std::error_code write(std::string_view bytes, Millis timeout) = 0;
  // Appends what arrives (TCP: whatever one read returns; WebSocket: one
  // whole message) to `out`. timed_out leaves the transport usable.
  virtual std::error_code read(std::string& out, Millis timeout) = 0;
  // Orderly close (TCP shutdown, WebSocket close frame); never throws,
  // returns by the deadline.
  virtual void close(Millis timeout) = 0;
  virtual bool is_open() const = 0;

  // WebSocket only: the subprotocol the server picked ("" if none) and
  // the close code/reason it sent.
  virtual std::string subprotocol() const { return {}; }
  virtual std::string close_reason() const { return {}; }
  virtual const Url& url() const = 0;
};

// How a connection ended, as far as it matters for a verdict (STOMP 1.2
// Connection Lingering): a reset may have destroyed frames the broker sent
// before it; an orderly close (TCP FIN, a WebSocket close frame) cannot have.
enum class CloseHow { clean, reset };
CloseHow close_how(std::error_code ec);
const char* to_string(CloseHow h);

// nullptr for a scheme Url::parse does not yield.
std::unique_ptr<Transport> make_transport(const Url& url, const TransportOptions& opt = {});

}  // namespace stompspec

template <>
struct std::is_error_code_enum<stompspec::TransportErrc> : std::true_type {};
