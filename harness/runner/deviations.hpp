#pragma once
// A profile's known deviations and exclusions applied to case instances:
// which entry covers an instance, and what a covered result becomes.
#include <string>

#include "core/result.hpp"
#include "engine/profile.hpp"

namespace stompspec {

// Does d cover this instance? Its pattern is a case id, an instance id
// (id@1.1) or a prefix ending in '*'; its transports (empty: all) are
// matched as transport_covers() does ("ws" covers "wss").
bool covers(const Deviation& d, const std::string& id, const std::string& instance, const std::string& transport);
// The first known deviation / exclusion of p covering the instance, or null.
const Deviation* deviation_for(const Profile& p, const std::string& id, const std::string& instance,
                               const std::string& transport);
const Deviation* exclusion_for(const Profile& p, const std::string& id, const std::string& instance,
                               const std::string& transport);
// A known deviation turns fail, warn and info into xfail, and a pass into
// xpass ("remove it from the profile"); error and skip stay as they are.
void apply_deviation(const Profile& p, const std::string& id, const std::string& transport, CaseResult& r);

}  // namespace stompspec
