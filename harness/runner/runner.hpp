#pragma once
// Runs a suite: plans case instances (case x version x transport, chosen by
// selection.hpp), runs them (several at once with RunOptions::jobs, through
// ordered_pool.hpp), applies the profile's deviations (deviations.hpp), and
// stops or restarts when the broker dies (preflight.hpp's liveness check).
#include <vector>

#include "core/result.hpp"
#include "runner/preflight.hpp"
#include "runner/run_options.hpp"
#include "runner/selection.hpp"
#include "scenario/model.hpp"

namespace stompspec {

RunReport run_suite(const std::vector<Case>& cases, const std::vector<Target>& targets, const RunOptions& o,
                    RunStop* stop = nullptr);

}  // namespace stompspec
