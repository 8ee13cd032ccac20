// The load profiles of `wsgate compare`, measured against one started
// topology over one transport: saturation (closed loop), a fixed rate (open
// model) and a burst of idle connections (handshake rate, memory per tunnel).
#pragma once

#include "cli/run_context.hpp"
#include "load/histogram.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace wsgate::cli {

struct compare_load_settings {
    std::vector<std::string> profiles = {"saturation", "fixed-rate", "connections"};
    double seconds = 3;  // measured seconds per profile
    double warmup = 1;
    std::uint32_t saturation_connections = 50;
    double fixed_rate = 5000;  // messages per second in total
    std::uint32_t fixed_connections = 100;
    std::uint32_t idle_connections = 1000;
    std::size_t size = 64;

    // The profiles and their parameters, in one sentence for the report.
    std::string describe() const;
};

// Throws std::invalid_argument for an unknown profile name.
void check_profiles(const std::vector<std::string>& profiles);

// One repetition of the selected profiles against one target and transport.
struct load_sample {
    std::map<std::string, double> values;  // report::load_metrics() keys
    std::map<std::string, std::uint64_t> errors;
    load::histogram fixed_rate_latency;    // merged over repetitions for the percentiles
};

// Runs the selected profiles one after another; the connections profile
// first, so memory per connection is measured on a fresh proxy.
load_sample measure_load(started_topology& topo, const std::string& transport, const compare_load_settings& settings,
                         const std::function<bool()>& interrupted);

}  // namespace wsgate::cli
