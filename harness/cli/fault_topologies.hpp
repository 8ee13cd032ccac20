// Fault cases on topologies of their own: a case that kills, restarts or
// stops a backend leaves the balancer's state behind it, so it cannot share
// a topology; on one of its own (another proxy and set of backends on a free
// port block) it runs beside the others instead of after them, and three
// cases that each wait out a fail_timeout take one wait, not three.
#pragma once

#include "cli/run_command.hpp"

#include <mutex>
#include <vector>

namespace wsgate::cli {

// Runs each case on a fresh topology like main's (the same target and
// config), a few at once; a topology that cannot start is the case's error.
std::vector<harness::report::case_result> run_on_own_topologies(
    const std::vector<engine::runnable_case>& cases, const topology::target_context& main, const run_options& options,
    std::mutex& out, const std::function<void(const harness::report::case_result&)>& on_case_done);

}  // namespace wsgate::cli
