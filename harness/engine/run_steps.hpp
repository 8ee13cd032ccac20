// Carries out a case's steps in order, recording each step's result; the
// first failing step ends the case (its step_failure propagates).
#pragma once

#include "engine/case_state.hpp"
#include "engine/steps.hpp"
#include "report/result.hpp"

#include <vector>

namespace wsgate::engine {

void run_steps(case_state& s, harness::report::case_result& r, const std::vector<step>& steps);

// One step, without bookkeeping (used by run_steps and repeat).
void execute(case_state& s, harness::report::case_result& r, const step& st);

// Whether the steps need wsgate-echo backends (introspection or faults), and
// whether they disturb backends for other cases.
bool needs_backends(const std::vector<step>& steps);
bool disturbs_backends(const std::vector<step>& steps);
// Whether the steps put a load on the proxy (a load step): such a case runs
// by itself.
bool loads_the_proxy(const std::vector<step>& steps);

}  // namespace wsgate::engine
