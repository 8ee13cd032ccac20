// `wsgate soak`: the hostile-peer soak against the proxy under test and the
// echo backend of the seed topology, with legitimate clients beside every
// attack; reports per attack and victim in soak.md and soak.json.
#pragma once

#include "cli/run_context.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::cli {

struct soak_command_options {
    topology_options topology;
    double seconds = 10;               // per attack and victim
    std::vector<std::string> attacks;  // empty: every attack
    std::vector<std::string> victims;  // "proxy", "echo"; empty: both
    std::filesystem::path report_dir = "reports/soak";
};

// Exit 0 when every victim survived every attack with no legitimate failure
// and no leaked file descriptor, 1 otherwise, 2 usage, 3 start failure,
// 128+N interrupted.
int run_soak_command(soak_command_options options);

}  // namespace wsgate::cli
