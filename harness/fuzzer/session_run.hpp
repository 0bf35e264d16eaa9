#pragma once
// Sends one list of writes on a fresh connection and judges what comes back.
// The fuzz loop runs plans through it, and the minimiser replays candidates
// through the very same code, so a reproduction means the same thing both ways.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "codec/parser.hpp"
#include "fuzzer/conn.hpp"
#include "fuzzer/generator.hpp"
#include "fuzzer/oracle.hpp"
#include "fuzzer/rate.hpp"
#include "transport/transport.hpp"

namespace stompspec::fuzzer {

struct RunConfig {
  Millis connect_timeout{3000};
  Millis write_timeout{2000};
  Millis probe_timeout{2000};   // how long a probe waits for CONNECTED, RECEIPT or a close
  Millis error_grace{2000};     // how long after ERROR the connection may stay open
  Millis quiet{20};             // after the last write, this long without octets ends the listening
  Millis drain_max{300};
  TransportOptions transport;
  // Well above what the mutations send (2,000 headers, 64 KiB values), which
  // a broker may relay: a frame over the harness's own limits is no bug.
  Limits limits{64 * 1024 * 1024, 100'000, 16 * 1024 * 1024};
  GenOptions gen;               // credentials and destinations for probes
  RateLimiter* rate = nullptr;  // shared by every connection of a run
  // The run's hard end (--duration): every wait is clipped to it, so a run
  // never outlasts its budget. A wait it cut short judges nothing.
  Clock::time_point end = Clock::time_point::max();
  // Which set of fuzz destinations this connection's session uses (see
  // kLanePlaceholder): concurrent sessions never share a queue or topic.
  std::string lane;

  Millis clip(Millis d) const;                       // d, or what is left before `end`
  Clock::time_point until(Millis d) const;           // now + d, or `end`
  bool over() const { return Clock::now() >= end; }  // the end has come
};

struct SessionResult {
  std::vector<std::string> sent;       // each write as it went out; fewer than planned if the broker closed first
  std::vector<Received> events;        // what the fuzz connection parsed
  std::vector<TranscriptEntry> transcript;
  std::vector<Detection> detections;   // event oracles, session hang, open after error
  std::string received;                // every octet received, for the findings folder (capped)
  Version negotiated = Version::v1_2;  // what CONNECTED said, else the planned version
  bool open_failed = false;
  std::string open_error;
  std::size_t bytes_sent = 0;
  std::size_t writes_at_close = 0;     // writes sent when the broker was seen closing the connection; 0: it did not
  // The run's end cut a wait short: what needs a full wait (session hang,
  // open after error) was not judged, and the caller must not judge it either.
  bool cut = false;
  std::string lane;  // RunConfig::lane of the session: replays drain the same queues
};

struct SessionOptions {
  Version version = Version::v1_2;
  // Asked when an ERROR left the connection open: wait out the grace to judge
  // open-after-error? (argument: the ERROR came before CONNECTED). Unset: no.
  std::function<bool(bool)> wait_error_grace;
  bool disconnect_probe = true;      // probe with DISCONNECT after strictly valid frames
};

SessionResult run_writes(const Url& url, const std::vector<std::string>& writes, const SessionOptions& ro,
                         const RunConfig& cfg);

// Every write a frame the strict client parser accepts, nothing left over:
// only then must DISCONNECT be answered on the same connection.
bool strictly_valid(const std::vector<std::string>& writes, Version v);

bool is_frame(const Received& r, std::string_view command);
// The probes' CONNECT: the profile's credentials and host, at version v.
Frame connect_frame(const GenOptions& g, Version v);

// A fresh client: connect, CONNECT, a SEND with receipt to a topic. Anything
// short of a RECEIPT in time is a broker-down or broker-hang detection,
// unless the run's end cut the wait short (then nothing: not judged). A
// broker that answers also gets its fuzz queues emptied, so the next session
// starts clean and a finding never rests on what an earlier session left.
std::optional<Detection> probe_broker(const Url& url, const RunConfig& cfg, std::vector<TranscriptEntry>* log = nullptr);

}  // namespace stompspec::fuzzer
