// `wsgate load`: a load test against a target wsgate starts (the seed
// topology) or a URL that is already running.
#pragma once

#include "cli/run_context.hpp"
#include "load/generator.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wsgate::cli {

struct load_command_options {
    topology_options topology;        // used when url is empty
    std::string url;                  // ws[s]://HOST:PORT/PATH of a running deployment
    std::string path;                 // default: /ws/ (ws) or /wss (wss) on the seed topology
    bool tls = false;                 // wss on the seed topology
    std::string sources;              // "127.0.0.1-127.0.0.20"
    std::vector<std::string> thresholds;
    std::string json_file;
    double duration_s = 10;
    double warmup_s = 2;
    bool closed = false;
    load::load_options load;
};

int run_load_command(load_command_options options);

// "127.0.0.1-127.0.0.20" -> every address in between (last octet only).
// Throws std::invalid_argument for anything else or non-loopback addresses.
std::vector<std::string> parse_sources(const std::string& range);

}  // namespace wsgate::cli
