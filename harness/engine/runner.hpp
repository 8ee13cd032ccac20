// Runs cases: in parallel on -j threads, except cases that stop or kill
// backends, which run alone afterwards so they cannot disturb others. Between
// cases the backends are checked and any that died are restarted and noted.
#pragma once

#include "engine/case_state.hpp"
#include "engine/steps.hpp"
#include "report/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::engine {

// One endpoint of a user's config a case is run against: its URL and the
// loopback port of its listener in the sandbox.
struct endpoint_binding {
    parsed_url url;
    std::uint16_t port = 0;
};

struct runnable_case {
    // id, group, title, requirement, level, tags, file: filled by the caller.
    harness::report::case_result info;
    bool needs_backends = false;  // uses introspection or backend faults
    bool exclusive = false;       // disturbs backends: runs alone
    std::chrono::milliseconds timeout = default_case_timeout;
    std::vector<step> steps;
    std::optional<std::string> skip;  // why the case is not run here (slow, another target's)
    std::optional<endpoint_binding> endpoint;
};

struct run_options {
    unsigned jobs = 1;
    std::function<void(harness::report::case_result&)> on_case_done;  // console progress; may add logs
    std::function<bool()> interrupted;  // Ctrl-C: stop starting cases
    // Empty while the proxy and backends run, else which process died.
    std::function<std::string()> health;
};

std::vector<harness::report::case_result> run_cases(const std::vector<runnable_case>& cases,
                                                   const environment& env, const run_options& options);

// Runs one case on the calling thread (also used by tests).
harness::report::case_result run_case(const runnable_case& c, const environment& env);

}  // namespace wsgate::engine
