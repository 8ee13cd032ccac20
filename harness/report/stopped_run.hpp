// A run that stopped before its cases could run (exit 2 or 3) still leaves
// every report: its cases are the problems that stopped it, each an error,
// so a CI server shows why instead of no test result at all.
#pragma once

#include "report/result.hpp"

#include <string>

namespace wsgate::harness::report {

enum class stop_kind { usage_error, scenario_error, config_error, start_failure };

// "usage-error", "scenario-error", "config-error", "start-failure".
std::string stop_kind_name(stop_kind kind);

// Adds one error case per problem in message: in a config or scenario
// error each line that names a place in a file (FILE:LINE) is a problem of
// its own; otherwise the first line is the only one. Every case carries the whole message, as the console showed it.
void add_stop_cases(run_result& run, stop_kind kind, const std::string& message);

}  // namespace wsgate::harness::report
