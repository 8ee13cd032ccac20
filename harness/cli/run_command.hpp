// `wsgate run`: the conformance suite (or the selected cases) against one
// target, with reports.
#pragma once

#include "cli/run_context.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::cli {

struct run_options {
    topology_options topology;
    std::vector<std::string> selectors;
    std::vector<std::string> tags;
    std::vector<std::string> excludes;  // case id globs left out of the run
    std::filesystem::path scenario_dir;
    std::filesystem::path report_dir = "reports/latest";
    unsigned jobs = 4;
    unsigned repeat = 1;
    std::optional<double> timeout_seconds;  // overrides every case's timeout
    bool list = false;
    bool verbose = false;
    bool strict = false;  // recommended cases fail the run
};

int run_suite(const run_options& options);

}  // namespace wsgate::cli
