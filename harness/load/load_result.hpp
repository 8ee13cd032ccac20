// What a load run measured: counts, errors by class, the latency and
// handshake histograms, a per-second timeline. Mergeable, so threads, agent
// processes and machines add up to one result; the reports and the JSON
// reader use it without the generator's networking.
#pragma once

#include "load/histogram.hpp"
#include "load/phases.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wsgate::load {

struct second_sample {
    double at_s = 0;  // since the start
    std::uint64_t messages = 0;
    std::uint64_t errors = 0;
    std::uint32_t open = 0;
    std::int64_t p50_us = 0;  // of the echoes that arrived in this second (0 in merged results)
    std::int64_t p99_us = 0;
};

// Counts by histogram slot: one second of corrected latencies.
using interval_counts = std::map<std::size_t, std::uint64_t>;

struct load_result {
    std::uint32_t connections = 0;  // asked for
    double measure_start_epoch_s = 0;  // wall clock when the measurement window opened
    load_phases phases;  // since the load began, the time axis of timeline
    std::uint64_t messages = 0;  // echoes received inside the measurement window
    double seconds = 0;          // the measurement window (shorter when every connection sent its count early)
    std::uint32_t connected = 0;
    std::uint32_t tls_resumed = 0;  // TLS handshakes that resumed a session
    // From the first connect to the last completed upgrade: with all
    // connections opened at once, connected / this is the handshake rate.
    double handshake_seconds = 0;
    std::map<std::string, std::uint64_t> errors;  // by class
    std::map<std::string, std::string> first_errors;  // by class: what the first one said
    histogram latency;             // from the intended send time
    histogram latency_uncorrected; // from the actual send time
    histogram tcp, tls, upgrade;   // handshake phases
    histogram established;         // when each upgrade completed, since the load began
    std::vector<second_sample> timeline;
    std::vector<interval_counts> intervals;  // per second of the measurement window, by intended send time
    double messages_per_second() const { return seconds > 0 ? static_cast<double>(messages) / seconds : 0; }
    std::uint64_t error_count() const;
    // Adds another part of the same load (a thread's, an agent's): counts
    // and histograms add up, the window is the longest, seconds line up.
    void merge(const load_result& other);
};

}  // namespace wsgate::load
