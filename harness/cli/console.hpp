// The live console: one line per finished case, details under failures.
#pragma once

#include "report/result.hpp"

#include <iosfwd>

namespace wsgate::cli {

void print_case(std::ostream& out, const harness::report::case_result& r, bool verbose);

// Whether a case's result fails the run: required cases always, recommended
// ones with --strict, informational ones never.
bool fails_run(const harness::report::case_result& r, bool strict);

}  // namespace wsgate::cli
