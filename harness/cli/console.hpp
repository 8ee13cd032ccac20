// The live console: one line per finished case, details under failures.
#pragma once

#include "report/log_excerpt.hpp"
#include "report/result.hpp"

#include <map>
#include <string>

#include <iosfwd>

namespace wsgate::cli {

// Each finished case's line, marked as report::tally_of counts it (✔
// passed, ✘ failed or error, ⚠/ℹ a recommended or informational finding),
// and under a case that did not pass the steps that did not hold and the
// lines of the proxy's log not shown for an earlier case of the run.
class case_printer {
public:
    case_printer(std::ostream& out, bool strict, bool verbose) : out_(out), strict_(strict), verbose_(verbose) {}

    void print(const harness::report::case_result& r);

private:
    std::ostream& out_;
    bool strict_;
    bool verbose_;
    std::map<std::string, harness::report::shown_log_lines> shown_;  // by process name
};

// The run's last line: its verdict and totals, as every report states them.
void print_totals(std::ostream& out, const harness::report::run_result& run);

}  // namespace wsgate::cli
