#include "load/threshold.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

namespace wsgate::load {

namespace {

const std::set<std::string> latency_metrics = {"p50", "p90", "p99", "p999", "max", "mean"};
const std::set<std::string> plain_metrics = {"errors", "rate"};

[[noreturn]] void bad(const std::string& text, const std::string& why) {
    throw std::invalid_argument("threshold \"" + text + "\": " + why +
                                " (forms: p50|p90|p99|p999|max|mean <op> N[us|ms|s], errors <op> N, rate <op> N;"
                                " op one of < <= > >= == !=)");
}

}  // namespace

bool threshold::holds(double actual) const {
    if (op == "<") return actual < value;
    if (op == "<=") return actual <= value;
    if (op == ">") return actual > value;
    if (op == ">=") return actual >= value;
    if (op == "==") return actual == value;
    return actual != value;
}

threshold parse_threshold(const std::string& text) {
    threshold t;
    t.text = text;
    const auto op_at = text.find_first_of("<>=!");
    if (op_at == std::string::npos || op_at == 0) bad(text, "no comparison");
    t.metric = text.substr(0, op_at);
    while (!t.metric.empty() && t.metric.back() == ' ') t.metric.pop_back();
    auto rest = text.substr(op_at);
    for (const char* op : {"<=", ">=", "==", "!=", "<", ">"}) {
        if (rest.starts_with(op)) {
            t.op = op;
            rest = rest.substr(t.op.size());
            break;
        }
    }
    if (t.op.empty()) bad(text, "unknown comparison");
    while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    const bool latency = latency_metrics.count(t.metric) > 0;
    if (!latency && !plain_metrics.count(t.metric)) bad(text, "unknown metric \"" + t.metric + "\"");
    double number = 0;
    const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
    if (ec != std::errc{} || !std::isfinite(number)) bad(text, "no number");
    const std::string unit(ptr, static_cast<std::size_t>(rest.data() + rest.size() - ptr));
    if (latency) {
        if (unit == "us" || unit == "µs") t.value = number;
        else if (unit == "ms") t.value = number * 1e3;
        else if (unit == "s") t.value = number * 1e6;
        else bad(text, "latency needs a unit (us, ms, s)");
    } else {
        if (!unit.empty()) bad(text, "\"" + t.metric + "\" takes a plain number");
        t.value = number;
    }
    return t;
}

std::optional<breach> check(const threshold& t, const std::map<std::string, double>& metrics) {
    const auto it = metrics.find(t.metric);
    const double actual = it == metrics.end() ? std::nan("") : it->second;
    if (it != metrics.end() && t.holds(actual)) return std::nullopt;
    return breach{t, actual};
}


std::string actual_text(const breach& b) {
    if (std::isnan(b.actual)) return "not measured";
    char text[64];
    if (latency_metrics.count(b.rule.metric)) std::snprintf(text, sizeof text, "%.3f ms", b.actual / 1e3);
    else if (b.rule.metric == "rate") std::snprintf(text, sizeof text, "%.0f msg/s", b.actual);
    else std::snprintf(text, sizeof text, "%.0f", b.actual);
    return text;
}

}  // namespace wsgate::load
