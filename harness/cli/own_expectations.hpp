// A user's expectations (scenario/expectations.hpp) applied to a gate of
// their own config: endpoints left out or added, names, and their own
// scenario files bound to the endpoints their connects name.
#pragma once

#include "engine/runner.hpp"
#include "inspect/discovery.hpp"
#include "sandbox/sandbox.hpp"
#include "scenario/expectations.hpp"
#include "scenario/scenario_case.hpp"

#include <functional>
#include <vector>

namespace wsgate::cli {

// Leaves out the endpoints skip names (URL or glob) and adds each added one
// with the listeners, backends and settings of the discovered endpoint of
// the same scheme, host and port. Throws scenario::scenario_error (FILE:LINE)
// for an added URL no listener of the config serves.
void apply_expectations(inspect::discovery& found, const scenario::expectations& expected);

// The cases of the expectations' scenario files, each bound to the endpoint
// its {{endpoint:NAME}} connects name. Throws scenario::scenario_error for a
// name the expectations and discovery do not know.
std::vector<engine::runnable_case> expectation_cases(
    const scenario::expectations& expected, const inspect::discovery& found, const sandbox::sandbox_result& sandbox,
    const std::function<engine::runnable_case(const scenario::scenario_case&)>& runnable);

}  // namespace wsgate::cli
