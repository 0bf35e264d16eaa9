#pragma once
// stompspec probe: talks to an unknown broker for about a minute and drafts a
// profile from what it did, each feature with the evidence behind it. The
// deviations are left to a person: a probe can say what a broker offers, not
// which of its behaviours the spec forbids.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/profile.hpp"
#include "transport/url.hpp"

namespace stompspec {

struct ProbeOptions {
  Url url;
  Profile base;  // credentials, TLS, destination prefixes to try
  Millis wait{1500};  // how long an answer may take
  std::function<void(const std::string&)> progress;  // one line per finding
};

// The draft profile (valid against targets/profile.schema.json), with an
// "evidence" object: feature or limit -> what was seen.
nlohmann::json probe_broker_profile(const ProbeOptions& o);

}  // namespace stompspec
