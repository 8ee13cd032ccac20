// k6-style thresholds on a load result: "p99<5ms", "p999<=20ms",
// "errors==0", "rate>=10000". A breached one makes `wsgate load` exit 1.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace wsgate::load {

struct threshold {
    std::string metric;  // p50 p90 p99 p999 max mean errors rate
    std::string op;      // < <= > >= == !=
    double value = 0;    // latencies in microseconds, rate in messages/s
    std::string text;    // as written

    bool holds(double actual) const;
};

// Throws std::invalid_argument with the accepted forms.
threshold parse_threshold(const std::string& text);

struct breach {
    threshold rule;
    double actual = 0;
};

// The breach's actual value in the rule's terms: "1.009 ms" for latencies,
// "812 msg/s" for the rate, "3" for errors.
std::string actual_text(const breach& b);

// Metrics by name (latencies in microseconds); a rule naming a metric that is
// missing counts as breached.
std::optional<breach> check(const threshold& t, const std::map<std::string, double>& metrics);

}  // namespace wsgate::load
