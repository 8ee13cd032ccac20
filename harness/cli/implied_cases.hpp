// Cases a user's own config implies, computed from what discovery read: for
// each WebSocket endpoint, the upgrade reaches one of the route's own
// (non-backup) backends with the request head the config's header rules
// produce (inspect/header_values.hpp), and connections spread over them as
// its balancing says (implied_distribution.hpp); for each route answered by
// a redirect, the code and Location it is configured with
// (implied_redirect.hpp). Only what can be told from the
// config is checked: a header whose value needs a variable the harness
// cannot know is left out, never guessed.
#pragma once

#include "engine/runner.hpp"
#include "inspect/discovery.hpp"
#include "sandbox/sandbox.hpp"

#include <vector>

namespace wsgate::cli {

std::vector<engine::runnable_case> implied_cases(const inspect::discovery& found,
                                                 const sandbox::sandbox_result& sandbox);

}  // namespace wsgate::cli
