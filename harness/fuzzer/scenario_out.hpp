#pragma once
// A finding as a scenario file (docs/scenarios.md): the minimised writes as
// raw steps, then the expectation that the bug breaks, so `stompspec run`
// fails while the bug is there and passes once it is fixed.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzzer/oracle.hpp"
#include "fuzzer/session_run.hpp"

namespace stompspec::fuzzer {

struct ScenarioInput {
  std::string id;                          // "fuzz/broker-down/1a2b3c4d"
  std::string signature;
  Detection detection;                     // event: index into replay->events
  Version version = Version::v1_2;         // the negotiated version
  std::string transport;                   // "tcp" or "ws"
  std::vector<std::string> writes;         // minimised
  const SessionResult* replay = nullptr;   // the reproducing replay, whose server events are mirrored
  std::optional<std::string> login, passcode;
  long error_grace_ms = 2000;
  long settle_ms = 500;                    // whole-broker cases: time for the broker to act on the raw frames
  std::string notes;
};

nlohmann::json scenario_json(const ScenarioInput& in);

// A raw step's body for these octets: text when they are UTF-8, hex when
// not; login and passcode values become ${login} and ${passcode}, so no
// credential lands in the file.
nlohmann::json raw_chunks(std::string_view octets, const std::optional<std::string>& login,
                          const std::optional<std::string>& passcode);

}  // namespace stompspec::fuzzer
