// What the console and the reports say about a sandboxed config: where each
// of its listeners and upstream addresses is in this run.
#pragma once

#include "report/result.hpp"
#include "sandbox/sandbox.hpp"

#include <ostream>
#include <vector>

namespace wsgate::cli {

std::vector<harness::report::sandbox_row> sandbox_rows(const sandbox::sandbox_result& sandbox);

// One line per listener and backend, then how many other directives changed.
void print_sandbox(std::ostream& out, const sandbox::sandbox_result& sandbox);

}  // namespace wsgate::cli
