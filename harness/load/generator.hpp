// The load generator: many WebSocket connections, each sending self-checking
// messages at a constant rate (open model, wrk2 style) or as fast as echoes
// return (closed model); latency from the intended send time (coordinated
// omission corrected) and from the actual one, in mergeable histograms.
#pragma once

#include "load/load_result.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace wsgate::load {

struct load_target {
    std::string host = "127.0.0.1";  // where to connect (loopback)
    std::uint16_t port = 0;
    bool tls = false;
    std::string host_header = "api.example.com";  // Host and SNI
    std::string path = "/";
    std::string ca_file;  // verify the server against it; empty: the system's CA store
    bool insecure = false;  // --insecure: the certificate is not verified at all
};

inline constexpr std::chrono::milliseconds default_linger{10000};

struct load_options {
    load_target target;
    std::uint32_t connections = 100;
    std::uint32_t first_id = 0;  // connection ids start here (agents of one load use disjoint ranges)
    double rate = 1000;  // messages per second in total; 0: closed loop
    std::chrono::milliseconds warmup{2000};
    std::chrono::milliseconds duration{10000};
    std::uint64_t messages_per_connection = 0;  // each connection stops after this many; 0: at the end of duration
    double ramp = 0;  // new connections per second; 0: all at once
    std::size_t size = 64;
    bool binary = false;
    bool tls_resume = false;  // offer the session of an earlier connection (per client thread)
    unsigned threads = 1;
    std::vector<std::string> sources;  // local addresses to spread connections over
    // After the measurement window: time for echoes to drain and connections
    // to close. Then the run ends, whatever is still pending, so a whole run
    // never takes longer than ramp + warmup + duration + linger.
    std::chrono::milliseconds linger{default_linger};
};

// Agent index of agents: its connections (first id and count) and its part of
// the rate and ramp, so that the shares add up to the whole load exactly.
load_options share_of(const load_options& whole, unsigned index, unsigned agents);

// Runs to completion: ramp, warm-up, measurement, drain; bounded by
// warm-up + duration + ramp + 10 s whatever the target does. progress is
// called about once a second from the calling thread.
load_result run_load(const load_options& options, const std::function<void(const second_sample&)>& progress,
                     const std::function<bool()>& interrupted);

}  // namespace wsgate::load
