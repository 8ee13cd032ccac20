// What `wsgate load` and `wsgate merge` print and write for a load result:
// the summary, the thresholds' verdict, and the --json, --html and
// --hdr-log files.
#pragma once

#include "load/load_result.hpp"
#include "load/threshold.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wsgate::cli {

struct load_outputs {
    std::string json_file;
    std::string html_file;
    std::string hdr_log_file;
    std::vector<std::string> thresholds;  // as written; parse with parse_thresholds first
    std::string command_line;             // as typed, for the HTML page
};

// The proxy's own figures, when wsgate started it, and the load
// generator's CPU (this process or its agents), so that the generator can be
// shown not to be the bottleneck.
struct proxy_figures {
    double cpu_seconds = 0;
    std::size_t peak_rss_kib = 0;
};

// Throws std::invalid_argument for a malformed threshold.
std::vector<load::threshold> parse_thresholds(const std::vector<std::string>& texts);

// Prints the summary and the thresholds, writes the files (the JSON says
// "interrupted" when a signal cut the load short); returns whether a
// threshold was breached. Throws std::runtime_error when a file cannot be written.
bool report_load(const load::load_result& r, const std::string& description, const load_outputs& out,
                 const std::vector<load::threshold>& rules, const std::optional<proxy_figures>& proxy,
                 std::optional<double> generator_cpu_seconds, bool interrupted = false);

}  // namespace wsgate::cli
