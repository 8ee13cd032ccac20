// The live console: one line per finished case, details under failures.
#pragma once

#include "report/result.hpp"

#include <iosfwd>

namespace wsgate::cli {

// The case's line, marked as report::tally_of counts it (✔ passed, ✘ failed
// or error, ⚠/ℹ a recommended or informational finding), and under a case
// that did not pass the steps that did not hold and the proxy's log.
void print_case(std::ostream& out, const harness::report::case_result& r, bool strict, bool verbose);

// The run's last line: its verdict and totals, as every report states them.
void print_totals(std::ostream& out, const harness::report::run_result& run);

}  // namespace wsgate::cli
