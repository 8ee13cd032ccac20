// The benchmark's client side: WebSocket connections through the proxy under
// test, driven closed-loop (saturation) or at a fixed rate (latency), with
// round trips counted only inside the measurement window.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wsgate::bench {

struct endpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string path = "/";
    std::string host_header = "api.example.com";
    bool tls = false;
    std::string ca_file;  // verify the proxy's certificate against this CA
};

struct load_options {
    endpoint target;
    int connections = 16;
    std::size_t payload_size = 64;
    double rate = 0;  // messages per second in total; 0 means closed loop
    std::chrono::milliseconds warmup{1000};
    std::chrono::milliseconds measure{5000};
};

struct load_result {
    std::uint64_t round_trips = 0;  // inside the measurement window
    std::uint64_t errors = 0;
    std::string first_error;
    double seconds = 0;             // length of the measurement window
    std::vector<double> latency_us; // one per measured round trip
    double cpu_seconds = 0;         // of the watched process tree during the window
};

// Runs the load on the calling thread's core; cpu_of (if non-zero) is the
// process tree whose CPU time is sampled at the window's start and end.
load_result run_load(const load_options& options, int cpu_of_pid = 0);

// Holds open WebSocket connections that send nothing.
class idle_connections {
public:
    idle_connections();
    ~idle_connections();
    // Opens count connections; returns how many completed the upgrade.
    int open(const endpoint& target, int count);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

double percentile(std::vector<double>& samples, double p);

}  // namespace wsgate::bench
