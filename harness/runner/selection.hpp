#pragma once
// Which case instances a run holds, and why one of them must not run (skip)
// or cannot (error): selectors, keywords, versions, transports, features the
// profile offers, credentials the case needs, exclusions.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "runner/run_options.hpp"
#include "scenario/model.hpp"

namespace stompspec {

// Resolves the URLs to run against, or says why it cannot.
std::vector<Target> resolve_targets(const RunOptions& o, std::string* error);
bool selected(const Case& c, const RunOptions& o);
bool matches_selector(const std::string& id, const std::string& version, const std::string& selector);
// Does the case use ${name} anywhere it sends (headers, bodies, raw octets)?
bool uses_variable(const Case& c, const std::string& name);
// "id@version" when the case runs at several versions, else the id.
std::string instance_name(const Case& c, const std::string& version);
// Why the instance of c at version v over target must not run (skip), or
// cannot (*status = error: a scenario/harness mismatch); "" when it runs.
// `versions` are those the run offers.
std::string why_not_run(const Case& c, const std::string& v, const Target& target, const RunOptions& o,
                        const std::vector<std::string>& versions, Status* status);
// Timing is this case's subject: load from other cases would blur it.
bool must_run_alone(const Case& c);

}  // namespace stompspec
