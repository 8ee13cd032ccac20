// The suite of a run on a user's own config: each case that holds for every
// WebSocket endpoint (tag `endpoint`) once per WebSocket endpoint the config
// serves, with that endpoint's URL, Host, SNI and listener; the seed
// profile's cases (every other one) skipped, saying so; the cases the
// config's own rules imply; and the config's own verdict, which fails when
// a route meant for WebSockets does not carry them.
#pragma once

#include "engine/runner.hpp"
#include "inspect/discovery.hpp"
#include "sandbox/sandbox.hpp"

#include <vector>

namespace wsgate::cli {

struct own_config_suite {
    std::vector<engine::runnable_case> cases;
    std::vector<harness::report::case_result> verdicts;  // about the config, not run on the wire
};

// The sandbox's loopback port for the first of the endpoint's listeners.
std::uint16_t listener_port(const inspect::endpoint& e, const sandbox::sandbox_result& sandbox);

// The config's verdict, the cases it implies (implied_cases.hpp), then
// every case once per WebSocket endpoint or skipped as the seed profile.
own_config_suite bind_to_endpoints(const std::vector<engine::runnable_case>& cases, const inspect::discovery& found,
                                   const sandbox::sandbox_result& sandbox);

}  // namespace wsgate::cli
