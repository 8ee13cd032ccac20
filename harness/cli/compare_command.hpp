// `wsgate compare`: the conformance suite and the same load profiles against
// several targets in one invocation, targets interleaved between load
// repetitions, one report (compare.json, compare.md, compare.html).
#pragma once

#include "cli/compare_load.hpp"
#include "cli/run_command.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::cli {

struct compare_options {
    std::vector<std::string> targets = {"builtin", "nginx", "haproxy", "caddy", "direct"};
    run_options suite;          // selectors, excludes, scenario folder, port base
    bool run_suite = true;
    std::vector<std::string> transports = {"ws", "wss"};
    unsigned repetitions = 2;
    compare_load_settings load;
    std::filesystem::path report_dir = "reports/compare";
};

int run_compare(compare_options options);

}  // namespace wsgate::cli
