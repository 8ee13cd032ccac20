#include "load/load_result.hpp"

#include <algorithm>

namespace wsgate::load {

std::uint64_t load_result::error_count() const {
    std::uint64_t n = 0;
    for (const auto& [kind, count] : errors) n += count;
    return n;
}

void load_result::merge(const load_result& other) {
    connections += other.connections;
    if (other.measure_start_epoch_s > 0 && (measure_start_epoch_s == 0 || other.measure_start_epoch_s < measure_start_epoch_s))
        measure_start_epoch_s = other.measure_start_epoch_s;
    // Agents run the same plan, each timed from its own start: the latest
    // boundary of each phase covers them all.
    phases.ramp_until_s = std::max(phases.ramp_until_s, other.phases.ramp_until_s);
    phases.measure_from_s = std::max(phases.measure_from_s, other.phases.measure_from_s);
    phases.measure_until_s = std::max(phases.measure_until_s, other.phases.measure_until_s);
    phases.ended_s = std::max(phases.ended_s, other.phases.ended_s);
    messages += other.messages;
    seconds = std::max(seconds, other.seconds);
    connected += other.connected;
    handshake_seconds = std::max(handshake_seconds, other.handshake_seconds);
    for (const auto& [kind, n] : other.errors) errors[kind] += n;
    for (const auto& [kind, text] : other.first_errors) first_errors.emplace(kind, text);
    latency.merge(other.latency);
    latency_uncorrected.merge(other.latency_uncorrected);
    tls_resumed += other.tls_resumed;
    tcp.merge(other.tcp);
    tls.merge(other.tls);
    upgrade.merge(other.upgrade);
    established.merge(other.established);
    if (timeline.size() < other.timeline.size()) timeline.resize(other.timeline.size());
    for (std::size_t i = 0; i < other.timeline.size(); ++i) {
        auto& mine = timeline[i];
        const auto& theirs = other.timeline[i];
        mine.at_s = std::max(mine.at_s, theirs.at_s);
        mine.messages += theirs.messages;
        mine.errors += theirs.errors;
        mine.open += theirs.open;
        mine.p50_us = mine.p99_us = 0;
    }
    if (intervals.size() < other.intervals.size()) intervals.resize(other.intervals.size());
    for (std::size_t i = 0; i < other.intervals.size(); ++i)
        for (const auto& [slot, n] : other.intervals[i]) intervals[i][slot] += n;
}

}  // namespace wsgate::load
