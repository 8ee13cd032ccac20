// `wsgate compare`: the conformance suite and the same load profiles against
// several targets in one invocation, targets interleaved between load
// repetitions, one report (compare.json, compare.md, compare.html).
#pragma once

#include "cli/compare_load.hpp"
#include "cli/run_command.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace wsgate::cli {

// compare's --port-base unless given: above the seed topology's ports, and
// every target's below the kernel's ephemeral range.
inline constexpr std::uint16_t default_port_base = 20000;
// Each target gets its own ports: a client connection to the previous
// target's port could meet that target's TIME_WAIT entry and wait a second
// for a SYN retransmit, which would be counted against this one.
inline constexpr std::uint16_t ports_per_target = 20;

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
