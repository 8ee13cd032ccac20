// What `wsgate compare` produced: the conformance suite's results per target
// and the load figures per target and transport, read by the comparison
// writers (compare.json, compare.md, compare.html).
#pragma once

#include "report/result.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::harness::report {

// One figure of the load table and how to read it.
struct load_metric {
    const char* key;     // in compare.json
    const char* label;   // column heading
    const char* unit;
    bool higher_is_better;
};

// The load table's columns, in order.
const std::vector<load_metric>& load_metrics();

// One target over one transport: the median over repetitions (rates, CPU,
// memory) or the percentile of the merged histograms (latency).
struct load_figures {
    std::map<std::string, double> values;                     // metric key -> figure
    std::map<std::string, std::vector<double>> repetitions;   // metric key -> one figure per repetition
    std::map<std::string, std::uint64_t> errors;              // by class, summed over repetitions
    std::uint64_t error_count() const;
};

struct target_run {
    std::string target;
    std::string start_error;  // why the target could not be started; empty when it ran
    run_result suite;         // empty when only load was compared
    // transport ("ws", "wss") -> figures; empty when no load was run
    std::map<std::string, load_figures> load;
};

struct comparison {
    std::string tool_version;
    std::string started_at;  // ISO 8601 UTC
    double duration_s = 0;
    unsigned repetitions = 0;
    std::string load_settings;  // the profiles' parameters, in words
    std::string baseline;       // ratios are to this target ("nginx" when it took part)
    std::vector<target_run> targets;
};

// A case's row in the conformance matrix.
struct matrix_row {
    std::string id;
    std::string title;
    level severity = level::required;
    std::map<std::string, outcome> results;      // target -> outcome
    std::map<std::string, std::string> details;  // target -> why it did not pass
    bool differs = false;                        // targets that ran it got different outcomes
};

// Every case any target ran, in suite order.
std::vector<matrix_row> conformance_matrix(const comparison& c);

// value / the baseline's value for the same metric and transport, if both exist.
std::optional<double> ratio_to_baseline(const comparison& c, const std::string& target, const std::string& transport,
                                        const std::string& metric);

std::string comparison_json(const comparison& c);
std::string comparison_markdown(const comparison& c);
std::string comparison_html(const comparison& c);
// compare.html's opening section: verdicts, rankings with spreads, warnings.
std::string comparison_summary_html(const comparison& c);

// Writes compare.json, compare.md and compare.html into dir; returns the paths.
std::vector<std::filesystem::path> write_comparison(const comparison& c, const std::filesystem::path& dir);

}  // namespace wsgate::harness::report
