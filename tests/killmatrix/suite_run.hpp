#pragma once
// Runs shipped cases against an in-process fake broker, for the variation
// tests and the kill-matrix generator.
#include <set>
#include <string>
#include <vector>

#include "engine/profile.hpp"
#include "fake_broker.hpp"
#include "core/result.hpp"
#include "scenario/loader.hpp"

namespace stompspec::killmatrix {

// The cases under scenarios/ (loaded once).
const std::vector<Case>& shipped_cases();

// The fake broker's profile with short waits: an in-process broker answers
// in microseconds, so 1.5 s for a frame and 300 ms of silence are ample.
Profile quick_profile();

// Every instance of `cases` over TCP and/or WebSocket (each case's own
// transports permitting), in order. `jobs` instances at once in each of six
// lanes: 1 for the kill matrix, whose committed file must come out the same
// (a fault such as refuse_rapid_reconnect kills by timing); more where only
// a failure matters (the legal variations).
std::vector<CaseResult> run_cases(const std::vector<Case>& cases, const testing::FakeBroker& broker, bool tcp,
                                  bool ws, const Profile& p = quick_profile(), int jobs = 1);

// "stomp12/send/2@1.1 tcp": one line per instance and transport.
std::string key_of(const CaseResult& r);
bool is_failure(const CaseResult& r);  // fail or error

}  // namespace stompspec::killmatrix
