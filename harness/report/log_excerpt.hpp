// A proxy's log as a person reads it under a failed case: lines that say
// the same thing again (nginx's timestamp, pid and connection number
// aside) shown once with their count, so one repeated warning does not bury
// the line that explains the failure.
#pragma once

#include <set>
#include <string>

namespace wsgate::harness::report {

// The log with repeated lines folded into their first place, " (x12)"
// after it.
std::string condensed_log(const std::string& log);

// The same line without what changes between repeats: a leading date and
// time, "123#0: *45 " process and connection numbers, bracketed pids.
std::string log_line_key(const std::string& line);

// Lines already shown for an earlier case of the same run: the console
// prints each log line once per run, and says how many it left out.
class shown_log_lines {
public:
    // The lines of log not shown before, condensed, with a last line
    // counting the ones left out; only that count, on one line, when every
    // line was shown; empty for an empty log.
    std::string unseen(const std::string& log);

private:
    std::set<std::string> keys_;
};

}  // namespace wsgate::harness::report
