#pragma once
// A target profile: where the broker is, how to log in, what it offers, its
// limits, and its known deviations (each with a reason). The engine reads it
// (credentials, features, limits, timeouts); reading the file
// (runner/profile_load.hpp) and applying deviations (runner/deviations.hpp)
// belong to the runner.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "codec/parser.hpp"
#include "transport/transport.hpp"
#include "wire/transcript.hpp"

namespace stompspec {

// A known deviation, or an exclusion: which case instances it covers and why.
struct Deviation {
  std::string pattern;                  // a case id, an instance id (id@1.1), or a prefix ending in '*'
  std::string reason;
  std::vector<std::string> transports;  // empty: all
};

struct Profile {
  std::string name = "default";
  std::string description;
  std::string file;                          // where it was read from, "" for the default
  std::map<std::string, std::string> urls;   // transport -> URL
  std::optional<std::string> login, passcode, host;  // nullopt: the header is not sent
  std::string queue_prefix = "/queue/";
  std::string topic_prefix = "/topic/";
  nlohmann::json features = nlohmann::json::object();
  nlohmann::json limits = nlohmann::json::object();
  int expect_ms = 2000;     // how long an expected frame may take
  int silence_ms = 300;     // default for expect_silence-style checks
  int settle_ms = 200;      // stands in for a receipt when the broker sends none
  int after_error_ms = 1000;  // how long after an ERROR the broker may keep the connection open
  int max_wait_ms = 10000;    // no case may wait longer than this in one step
  // How a step with "receipt": true knows the broker processed its frame:
  // "receipt", "subscription" (a marker round trip on the same connection)
  // or "settle" (wait settle_ms). "" picks one from the features (barrier()).
  std::string barrier_choice;
  // 1.0 CONNECT frames also carry accept-version:1.0, for a broker that
  // answers no CONNECT without accept-version (docs/profiles.md says why it
  // is legal).
  bool accept_version_1_0 = false;
  std::vector<Deviation> deviations;
  std::vector<Deviation> excludes;  // never run against this target (e.g. they crash it): skipped with the reason
  TlsOptions tls;                   // tls:// and wss://: CA, client certificate, server name, insecure
  std::string start_command;        // commands.start: a shell command that (re)starts a target that died; "" none

  std::vector<std::string> versions() const;
  // Does the target offer `feature` ("nack", "ack:client-individual", ...)? If not, *why says so.
  bool offers(const std::string& feature, std::string* why) const;
  long long limit(const std::string& name, long long fallback) const;  // 0 means none
  // The barrier in use: barrier_choice, else "receipt" with receipts, else
  // "subscription" with topics, else "settle".
  std::string barrier() const;
  // What stompspec itself accepts from the broker (the read_* limits; 0 or
  // omitted: the default), so that a hostile broker cannot exhaust it
  // (docs/reliability.md).
  Limits read_limits() const;
  std::size_t read_max_ws_message() const;
  // What a case's wire log keeps (the transcript_* limits; 0 or omitted: the
  // defaults of wire::TranscriptCaps).
  wire::TranscriptCaps transcript_caps() const;
};

// A profile with no file: every feature on, no credentials, loopback defaults.
Profile default_profile();
}  // namespace stompspec
