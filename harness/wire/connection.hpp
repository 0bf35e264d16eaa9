#pragma once
// One client connection to a broker, the part the engine's sessions, the
// fuzzer's connections and the runner's preflight share: a transport opened
// with a deadline, a strict parser over what the broker sends, and a
// transcript of both directions. Every call is bounded by a deadline and
// reports through std::error_code; nothing throws. What a user adds on top
// (heart-beats, barriers, event lists) lives with that user.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "codec/parser.hpp"
#include "core/result.hpp"
#include "transport/transport.hpp"
#include "wire/transcript.hpp"

namespace stompspec::wire {

// Where the users of a connection read the broker differently. Each default
// is the engine's reading; the fuzzer and the preflight set theirs.
struct ConnectionOptions {
  TransportOptions transport;
  Limits limits;  // the parser's: frame size, header count, line length
  // Before CONNECTED no version is agreed, and an ERROR may come in 1.0 form
  // (a raw ':' in a value), which is then read as it stands. Off: the
  // version given to the constructor rules ERRORs too.
  bool lenient_errors = true;
  // At CONNECTED the parser switches to the version it names (none: 1.0;
  // one it cannot read: unchanged).
  // Off: the caller switches (set_version) once it has judged the CONNECTED.
  bool version_from_connected = false;
  // What becomes of a frame the close left unfinished.
  enum class CutFrame {
    truncated_after_orderly_close,  // after a reset only logged: the reset may have
                                    // destroyed its end (STOMP 1.2 Connection Lingering)
    truncated,                      // after any close
    dropped,                        // never an event: only whole frames count
  } cut_frame = CutFrame::truncated_after_orderly_close;
};

// One parsed event, with the parser's state it was read under.
struct Incoming {
  ParseEvent event;
  Version version = Version::v1_2;  // the version it was parsed with
  bool negotiated = false;          // whether a CONNECTED came before it
};

class Connection {
 public:
  // Records into `log`, which other connections may share (a case's clients).
  Connection(std::string name, Url url, Version v, ConnectionOptions opt, Transcript& log);
  // Records into a transcript of its own (entries()), capped by `caps`; its
  // clock restarts at open().
  Connection(std::string name, Url url, Version v, ConnectionOptions opt, TranscriptCaps caps);
  Connection(const Connection&) = delete;  // the transcript refers to members
  Connection& operator=(const Connection&) = delete;

  const std::string& name() const { return name_; }
  const Url& url() const { return url_; }

  // Connects (TCP, TLS handshake, WebSocket upgrade) within `timeout`. On
  // failure the connection is closed and close_detail() says why.
  std::error_code open(Millis timeout);
  bool opened() const { return transport_ != nullptr; }  // open() was called
  bool closed() const { return closed_; }
  Clock::time_point opened_at() const { return opened_at_; }

  // Logged, then written within `timeout`. A write that fails because the
  // broker has gone leaves the read side alone: what the broker sent before
  // (an ERROR, typically) can still be read. Later writes fail at once with
  // the same error. A timed-out write does not stick.
  std::error_code write(std::string_view octets, Millis timeout);
  std::error_code write_error() const { return write_error_; }
  // One heart-beat EOL, not logged (a beat a second would drown the log)
  // and not sticky when it fails.
  std::error_code beat(Millis timeout);
  Clock::time_point last_write() const { return last_write_; }  // open() counts as one
  std::size_t writes() const { return writes_; }  // write() calls that reached the transport

  // One read of at most `slice` (or until `deadline`, at least 1 ms). What
  // arrives is logged and fed to the parser; last_read() holds it until the
  // next read. False when nothing more can come: then closed() is true.
  bool read_once(Millis slice);
  bool read_once(Clock::time_point deadline);
  std::string_view last_read() const { return chunk_; }

  // The next event parsed from what was read, without reading. Violations
  // are logged. At CONNECTED the connection counts as negotiated: ERRORs are
  // read strictly from then on (and the version switches if so configured).
  std::optional<Incoming> next();
  // The agreed version rules every later frame, ERRORs included.
  void set_version(Version v);
  Version version() const { return parser_.version(); }
  bool negotiated() const { return negotiated_; }
  std::size_t buffered() const { return parser_.buffered(); }  // read, not yet an event

  // Orderly: a TCP shutdown or a WebSocket close within `timeout`, logged.
  void close(Millis timeout);
  // Abrupt: no wait for the peer and no log entry (the fuzzer's hostile peers).
  void abort();

  // Why the connection ended: "clean: closed by the broker, WebSocket close
  // 1000 bye", "reset: Connection reset by peer", "closed by the client", or
  // why open() failed. The error and how are also kept apart.
  const std::string& close_detail() const { return close_detail_; }
  CloseHow close_how() const { return close_how_; }
  std::error_code close_error() const { return close_error_; }
  std::string close_reason() const { return transport_ ? transport_->close_reason() : std::string{}; }
  std::string subprotocol() const { return transport_ ? transport_->subprotocol() : std::string{}; }

  std::size_t octets_received() const { return received_; }
  std::size_t octets_sent() const { return sent_; }
  Transcript& log() { return *log_; }
  // The entries of a transcript of its own (empty when the log is shared).
  std::vector<TranscriptEntry>& entries() { return own_entries_; }

 private:
  void ended(std::error_code ec);

  std::string name_;
  Url url_;
  ConnectionOptions opt_;
  std::vector<TranscriptEntry> own_entries_;
  std::optional<Transcript> own_log_;
  Transcript* log_;
  Parser parser_;
  std::unique_ptr<Transport> transport_;
  Clock::time_point opened_at_ = Clock::now();
  Clock::time_point last_write_{};
  std::string chunk_;
  std::size_t received_ = 0, sent_ = 0, writes_ = 0;
  bool negotiated_ = false;
  bool closed_ = false;
  std::error_code write_error_, close_error_;
  std::string close_detail_;
  CloseHow close_how_ = CloseHow::reset;
};

}  // namespace stompspec::wire
