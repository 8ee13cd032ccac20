// `wsgate load`: a load test against a target wsgate starts (the seed
// topology) or a URL that is already running; one process, N local agent
// processes (--processes), or one agent's share of a load spread over
// machines (--agent-index/--agents, combined later by `wsgate merge`).
#pragma once

#include "cli/load_report.hpp"
#include "cli/run_context.hpp"
#include "load/generator.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wsgate::cli {

struct load_command_options {
    topology_options topology;        // used when url is empty
    std::string url;                  // ws[s]://HOST:PORT/PATH of a running deployment
    std::string host;                 // Host header and TLS name for url (default: the URL's host)
    bool allow_remote = false;        // url may name a host outside 127.0.0.0/8
    std::string ca_file;              // verify a url's certificate against this CA (default: the system's store)
    bool insecure = false;            // do not verify a url's certificate at all (said loudly)
    std::string path;                 // default: /ws/ (ws) or /wss (wss) on the seed topology
    bool tls = false;                 // wss on the seed topology
    std::string sources;              // "127.0.0.1-127.0.0.20"
    load_outputs outputs;
    double duration_s = 10;
    double warmup_s = 2;
    bool closed = false;
    unsigned processes = 1;           // local agent processes, results merged
    unsigned agent_index = 0;         // this agent's share of a load split over agents
    unsigned agents = 1;
    load::load_options load;
};

int run_load_command(load_command_options options);

// `wsgate merge FILE...`: agents' --json results combined exactly.
int run_merge_command(const std::vector<std::string>& files, const load_outputs& outputs);

// "127.0.0.1-127.0.0.20" -> every address in between (last octet only).
// Throws std::invalid_argument for anything else or non-loopback addresses.
std::vector<std::string> parse_sources(const std::string& range);

}  // namespace wsgate::cli
