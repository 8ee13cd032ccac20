#include "cli/compare_load.hpp"

#include "load/generator.hpp"

#include "wsgate/proc_stats.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace wsgate::cli {

namespace {

using ms = std::chrono::milliseconds;

// The connections profile sends one message per connection this often: the
// tunnels are open and proven, and otherwise idle.
constexpr double idle_message_seconds = 10;
// Its warm-up is short: handshakes and memory have no steady rate to reach.
constexpr ms idle_warmup{500};
// Handshakes per second: this percentage of the connections over the time
// until that percentile was established, so one SYN retransmitted after a
// second does not stand for the proxy's rate.
constexpr int handshake_percentile = 99;
// Fewer connections than this make that percentile the slowest one.
constexpr std::uint64_t min_handshakes_for_percentile = 100;

ms millis(double seconds) { return ms(static_cast<long long>(seconds * 1000)); }

load::load_options base_options(started_topology& topo, const std::string& transport,
                                const compare_load_settings& s) {
    const auto ep = topo.proxy().endpoint();
    load::load_options o;
    o.target.host = ep.host;
    o.target.tls = transport == "wss";
    o.target.port = o.target.tls ? ep.wss_port : ep.ws_port;
    o.target.path = o.target.tls ? "/wss" : "/ws/";
    o.target.ca_file = (topo.context().pki_dir / "ca.pem").string();
    o.size = s.size;
    o.warmup = millis(s.warmup);
    o.duration = millis(s.seconds);
    return o;
}

void add_errors(load_sample& sample, const load::load_result& r) {
    for (const auto& [kind, n] : r.errors) sample.errors[kind] += n;
}

// The proxy's CPU seconds and the echoes counted, sampled once a second from
// the first tick inside the measured window to the first one after it, so
// warm-up does not count.
struct cpu_window {
    int pid;
    double warmup_s;
    double until_s;
    double first_cpu = -1, last_cpu = 0;
    std::uint64_t messages = 0;
    void tick(const load::second_sample& s) {
        if (!pid || s.at_s < warmup_s || s.at_s > until_s + 1) return;
        const double cpu = proc::cpu_seconds(pid);
        if (first_cpu < 0) {
            first_cpu = cpu;
            return;
        }
        last_cpu = cpu;
        messages += s.messages;
    }
    std::optional<double> us_per_message() const {
        if (first_cpu < 0 || messages == 0) return std::nullopt;
        return (last_cpu - first_cpu) * 1e6 / static_cast<double>(messages);
    }
};

void saturation(started_topology& topo, const std::string& transport, const compare_load_settings& s,
                load_sample& sample, int proxy_pid, const std::function<bool()>& interrupted) {
    auto o = base_options(topo, transport, s);
    o.connections = s.saturation_connections;
    o.rate = 0;
    cpu_window cpu{proxy_pid, s.warmup, s.warmup + s.seconds};
    const auto r = load::run_load(o, [&](const load::second_sample& x) { cpu.tick(x); }, interrupted);
    add_errors(sample, r);
    sample.values["saturation_messages_per_second"] = r.messages_per_second();
    if (auto c = cpu.us_per_message()) sample.values["cpu_us_per_message"] = *c;
}

void fixed_rate(started_topology& topo, const std::string& transport, const compare_load_settings& s,
                load_sample& sample, const std::function<bool()>& interrupted) {
    auto o = base_options(topo, transport, s);
    o.connections = s.fixed_connections;
    o.rate = s.fixed_rate;
    const auto r = load::run_load(o, {}, interrupted);
    add_errors(sample, r);
    sample.fixed_rate_latency.merge(r.latency);
}

void connections(started_topology& topo, const std::string& transport, const compare_load_settings& s,
                 load_sample& sample, int proxy_pid, const std::function<bool()>& interrupted) {
    auto o = base_options(topo, transport, s);
    o.connections = s.idle_connections;
    o.rate = s.idle_connections / idle_message_seconds;
    o.warmup = idle_warmup;
    const std::size_t rss_before = proxy_pid ? proc::rss_kib(proxy_pid) : 0;
    std::size_t rss_peak = rss_before;
    const auto r = load::run_load(
        o,
        [&](const load::second_sample&) {
            if (proxy_pid) rss_peak = std::max(rss_peak, proc::rss_kib(proxy_pid));
        },
        interrupted);
    add_errors(sample, r);
    if (r.established.count() >= min_handshakes_for_percentile)
        sample.values["handshakes_per_second"] =
            handshake_percentile / 100.0 * static_cast<double>(r.established.count()) /
            (static_cast<double>(r.established.percentile(handshake_percentile)) / 1e6);
    else if (r.connected && r.handshake_seconds > 0)
        sample.values["handshakes_per_second"] = r.connected / r.handshake_seconds;
    if (proxy_pid && r.connected)
        sample.values["rss_kib_per_idle_connection"] =
            (static_cast<double>(rss_peak) - static_cast<double>(rss_before)) / static_cast<double>(r.connected);
}

bool selected(const compare_load_settings& s, const char* profile) {
    return std::find(s.profiles.begin(), s.profiles.end(), profile) != s.profiles.end();
}

}  // namespace

std::string compare_load_settings::describe() const {
    std::ostringstream out;
    out << size << "-byte echo messages, " << warmup << " s warm-up and " << seconds << " s measured per profile";
    if (selected(*this, "saturation"))
        out << "; saturation: " << saturation_connections << " connections in a closed loop";
    if (selected(*this, "fixed-rate"))
        out << "; fixed rate: " << fixed_rate << " messages/s over " << fixed_connections
            << " connections, latency from the intended send time";
    if (selected(*this, "connections"))
        out << "; connections: " << idle_connections
            << " opened at once (handshakes per second: " << handshake_percentile
            << " % of them over the time until the " << handshake_percentile
            << "th percentile was established), then idle (proxy RSS growth per connection)";
    out << ". CPU and RSS are the proxy's own process tree; the direct target has no proxy.";
    return out.str();
}

void check_profiles(const std::vector<std::string>& profiles) {
    for (const auto& p : profiles)
        if (p != "saturation" && p != "fixed-rate" && p != "connections")
            throw std::invalid_argument("unknown load profile \"" + p +
                                        "\" (expected saturation, fixed-rate, connections or none)");
}

load_sample measure_load(started_topology& topo, const std::string& transport, const compare_load_settings& s,
                         const std::function<bool()>& interrupted) {
    load_sample sample;
    // The direct target is a backend: its CPU and memory are not a proxy's.
    const int proxy_pid = topo.proxy().has_backends() ? topo.proxy().pid() : 0;
    if (selected(s, "connections") && !interrupted()) connections(topo, transport, s, sample, proxy_pid, interrupted);
    if (selected(s, "saturation") && !interrupted()) saturation(topo, transport, s, sample, proxy_pid, interrupted);
    if (selected(s, "fixed-rate") && !interrupted()) fixed_rate(topo, transport, s, sample, interrupted);
    return sample;
}

}  // namespace wsgate::cli
