// `wsgate load --html`: one self-contained page with the figures, the
// percentile curve and the per-second time series as inline SVG.
#pragma once

#include "load/load_result.hpp"

#include <string>
#include <utility>
#include <vector>

namespace wsgate::harness::report {

// What the page says about the run besides its figures.
struct load_page_facts {
    std::string description;   // what was loaded and how, one line
    std::string measured_from; // when the measurement window opened, ISO 8601 UTC
    std::string tool_version;
    std::string command_line;  // as typed
    // Each threshold as written, and "held" or "breached (actual 1.009 ms)".
    std::vector<std::pair<std::string, std::string>> thresholds;
    bool interrupted = false;  // the figures cover only the part that ran
    std::string generator_warning;  // the generator was the bottleneck too; empty when it was not
};

std::string load_html(const load::load_result& r, const load_page_facts& facts);

}  // namespace wsgate::harness::report
