#pragma once
// The check after every fuzz session, made cheap enough to run hundreds of
// times a second. A fresh client per session (probe_broker) costs the broker
// a whole connection, as much as the session itself; so each session thread
// keeps one probe connection open and asks it after every session: a SEND
// with a receipt (is the broker alive and answering?), then it empties the
// fuzz queues the session named. Whenever that connection is gone or does not
// answer in time, a fresh client decides (probe_broker), so every detection
// is still made by a fresh client, exactly as before. That the broker still
// takes new connections is checked by the next session's own connection:
// when that cannot open, a fresh client decides too (see the fuzz loop).
#include <memory>
#include <optional>
#include <vector>

#include "fuzzer/session_run.hpp"

namespace stompspec::fuzzer {

class LaneProbe {
 public:
  // Nothing: the broker answered (and the queues are drained). Else what a
  // fresh client found. `log` gets this check's part of the transcript.
  std::optional<Detection> check(const Url& url, const RunConfig& cfg, const std::vector<std::string>& sent,
                                 std::vector<TranscriptEntry>* log);

 private:
  bool open(const Url& url, const RunConfig& cfg);
  std::unique_ptr<Conn> conn_;
  Url url_;
  Version version_ = Version::v1_2;
  std::size_t uses_ = 0;
  std::size_t next_id_ = 0;
};

}  // namespace stompspec::fuzzer
