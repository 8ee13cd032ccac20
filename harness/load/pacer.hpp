// Intended send times for the open (constant arrival rate) model, wrk2
// style: each connection sends every `interval`, starting at a random phase,
// and the schedule never drifts because every time is computed from the
// start, not from when the previous message actually went out.
#pragma once

#include <chrono>
#include <cstdint>

namespace wsgate::load {

class pacer {
public:
    using clock = std::chrono::steady_clock;

    // interval: per-connection gap; phase in [0, interval).
    pacer(clock::time_point start, std::chrono::nanoseconds interval, std::chrono::nanoseconds phase);

    // The intended time of message n (0-based).
    clock::time_point intended(std::uint64_t n) const { return first_ + interval_ * static_cast<std::int64_t>(n); }

    // The next message number due at `now` (how many are due up to now).
    std::uint64_t due_count(clock::time_point now) const;

    std::chrono::nanoseconds interval() const { return interval_; }

private:
    clock::time_point first_;
    std::chrono::nanoseconds interval_;
};

// A connection's gap for a total rate spread over connections.
std::chrono::nanoseconds interval_for(double total_rate, std::uint32_t connections);

}  // namespace wsgate::load
