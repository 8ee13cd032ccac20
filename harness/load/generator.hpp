// The load generator: many WebSocket connections, each sending self-checking
// messages at a constant rate (open model, wrk2 style) or as fast as echoes
// return (closed model); latency from the intended send time (coordinated
// omission corrected) and from the actual one, in mergeable histograms.
#pragma once

#include "load/histogram.hpp"

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
    std::string ca_file;  // verify the server against it
};

struct load_options {
    load_target target;
    std::uint32_t connections = 100;
    double rate = 1000;  // messages per second in total; 0: closed loop
    std::chrono::milliseconds warmup{2000};
    std::chrono::milliseconds duration{10000};
    std::uint64_t messages_per_connection = 0;  // each connection stops after this many; 0: at the end of duration
    double ramp = 0;  // new connections per second; 0: all at once
    std::size_t size = 64;
    bool binary = false;
    unsigned threads = 1;
    std::vector<std::string> sources;  // local addresses to spread connections over
};

struct second_sample {
    double at_s = 0;  // since the start
    std::uint64_t messages = 0;
    std::uint64_t errors = 0;
    std::uint32_t open = 0;
    std::int64_t p50_us = 0;
    std::int64_t p99_us = 0;
};

struct load_result {
    std::uint64_t messages = 0;  // echoes received inside the measurement window
    double seconds = 0;          // the measurement window (shorter when every connection sent its count early)
    std::uint32_t connected = 0;
    // From the first connect to the last completed upgrade: with all
    // connections opened at once, connected / this is the handshake rate.
    double handshake_seconds = 0;
    std::map<std::string, std::uint64_t> errors;  // by class
    histogram latency;             // from the intended send time
    histogram latency_uncorrected; // from the actual send time
    histogram tcp, tls, upgrade;   // handshake phases
    std::vector<second_sample> timeline;
    double messages_per_second() const { return seconds > 0 ? static_cast<double>(messages) / seconds : 0; }
    std::uint64_t error_count() const;
};

// Runs to completion: ramp, warm-up, measurement, drain; bounded by
// warm-up + duration + ramp + 10 s whatever the target does. progress is
// called about once a second from the calling thread.
load_result run_load(const load_options& options, const std::function<void(const second_sample&)>& progress,
                     const std::function<bool()>& interrupted);

}  // namespace wsgate::load
