#pragma once
// Runs one case instance (a case at one STOMP version over one transport).
#include <string>

#include "codec/parser.hpp"
#include "engine/profile.hpp"
#include "core/result.hpp"
#include "scenario/model.hpp"
#include "transport/transport.hpp"

namespace stompspec {

struct CaseContext {
  const Profile* profile = nullptr;
  Url url;
  std::string transport;       // "tcp" or "ws"
  Version version = Version::v1_2;
  bool strict = false;
  Millis expect_timeout{2000};
  Millis connect_timeout{3000};
  std::string unique = "stompspec";  // makes destinations unique to this run and case
  Limits limits;                     // for parsing what the broker sends
  wire::TranscriptCaps transcript_caps;  // what the case's wire log keeps
  TransportOptions transport_options;
};

// Never throws for broker behaviour; a harness problem becomes Status::error.
CaseResult run_case(const Case& c, const CaseContext& ctx);

}  // namespace stompspec
