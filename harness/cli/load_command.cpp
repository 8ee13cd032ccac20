#include "cli/load_command.hpp"

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "load/threshold.hpp"

#include "wsgate/address.hpp"
#include "wsgate/proc_stats.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace wsgate::cli {

namespace {

boost::json::object percentiles(const load::histogram& h) {
    return {{"p50", h.percentile(50)},   {"p90", h.percentile(90)}, {"p99", h.percentile(99)},
            {"p999", h.percentile(99.9)}, {"max", h.max()},         {"mean", h.mean()},
            {"count", h.count()}};
}

std::string ms(std::int64_t us) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(us) / 1000.0);
    return buf;
}

}  // namespace

std::vector<std::string> parse_sources(const std::string& range) {
    const auto dash = range.find('-');
    const auto first = range.substr(0, dash);
    const auto last = dash == std::string::npos ? first : range.substr(dash + 1);
    const auto prefix = first.substr(0, first.rfind('.') + 1);
    if (!is_loopback(first) || !is_loopback(last) || last.substr(0, last.rfind('.') + 1) != prefix)
        throw std::invalid_argument("--sources must be a loopback range such as 127.0.0.1-127.0.0.20");
    const int from = std::stoi(first.substr(prefix.size()));
    const int to = std::stoi(last.substr(prefix.size()));
    if (from > to || to > 254) throw std::invalid_argument("--sources: empty or invalid range " + range);
    std::vector<std::string> all;
    for (int i = from; i <= to; ++i) all.push_back(prefix + std::to_string(i));
    return all;
}

int run_load_command(load_command_options o) {
    std::vector<load::threshold> rules;
    try {
        for (const auto& t : o.thresholds) rules.push_back(load::parse_threshold(t));
        if (!o.sources.empty()) o.load.sources = parse_sources(o.sources);
    } catch (const std::invalid_argument& e) {
        std::cerr << "wsgate load: " << e.what() << "\n";
        return exit_code::usage;
    }
    o.load.duration = std::chrono::milliseconds(static_cast<long long>(o.duration_s * 1000));
    o.load.warmup = std::chrono::milliseconds(static_cast<long long>(o.warmup_s * 1000));
    if (o.closed) o.load.rate = 0;

    std::unique_ptr<started_topology> topo;
    int proxy_pid = 0;
    if (!o.url.empty()) {
        std::unique_ptr<topology::target> target;
        try {
            target = topology::make_target("url=" + o.url);
        } catch (const std::invalid_argument& e) {
            std::cerr << "wsgate load: " << e.what() << "\n";
            return exit_code::usage;
        }
        const auto ep = target->endpoint();
        o.load.target.host = ep.host;
        o.load.target.tls = ep.wss_port != 0;
        o.load.target.port = o.load.target.tls ? ep.wss_port : ep.ws_port;
        o.load.target.path = ep.path_prefix;
        o.load.target.host_header = ep.host;
    } else {
        try {
            o.topology.run_dir = "reports/load/run";
            topo = std::make_unique<started_topology>(o.topology);
        } catch (const topology::config_error& e) {
            std::cerr << "wsgate load: " << e.what() << "\n";
            return exit_code::usage;
        } catch (const std::exception& e) {
            std::cerr << "wsgate load: the target or a backend could not be started: " << e.what() << "\n";
            return exit_code::start_failed;
        }
        const auto ep = topo->proxy().endpoint();
        o.load.target.host = ep.host;
        o.load.target.tls = o.tls;
        o.load.target.port = o.tls ? ep.wss_port : ep.ws_port;
        o.load.target.path = !o.path.empty() ? o.path : o.tls ? "/wss" : "/ws/";
        o.load.target.ca_file = (topo->context().pki_dir / "ca.pem").string();
        proxy_pid = topo->proxy().pid();
    }

    std::cout << "wsgate load: " << o.load.connections << " connections to " << (o.load.target.tls ? "wss" : "ws")
              << "://" << o.load.target.host << ":" << o.load.target.port << o.load.target.path << ", "
              << (o.load.rate > 0 ? std::to_string(static_cast<long long>(o.load.rate)) + " messages/s"
                                  : std::string("closed loop"))
              << ", " << o.load.size << "-byte messages, warm-up " << o.warmup_s << " s, measure " << o.duration_s
              << " s" << std::endl;
    const bool tty = ::isatty(1);
    const double cpu_before = proxy_pid ? proc::cpu_seconds(proxy_pid) : 0;
    std::size_t peak_rss = 0;
    auto result = load::run_load(
        o.load,
        [&](const load::second_sample& s) {
            if (proxy_pid) peak_rss = std::max(peak_rss, proc::rss_kib(proxy_pid));
            std::cout << (tty ? "\r" : "") << "t=" << static_cast<int>(s.at_s) << "s open " << s.open << "  "
                      << s.messages << " msg/s  errors " << s.errors << (tty ? "   " : "\n") << std::flush;
        },
        [] { return interrupted(); });
    if (tty) std::cout << "\n";
    const double proxy_cpu = proxy_pid ? proc::cpu_seconds(proxy_pid) - cpu_before : 0;

    std::map<std::string, double> metrics = {
        {"p50", static_cast<double>(result.latency.percentile(50))},
        {"p90", static_cast<double>(result.latency.percentile(90))},
        {"p99", static_cast<double>(result.latency.percentile(99))},
        {"p999", static_cast<double>(result.latency.percentile(99.9))},
        {"max", static_cast<double>(result.latency.max())},
        {"mean", result.latency.mean()},
        {"errors", static_cast<double>(result.error_count())},
        {"rate", result.messages_per_second()}};
    std::cout << "connected " << result.connected << "/" << o.load.connections << ", " << result.messages
              << " messages in " << result.seconds << " s = " << static_cast<long long>(result.messages_per_second())
              << " msg/s\n"
              << "latency (from intended send time): p50 " << ms(result.latency.percentile(50)) << ", p90 "
              << ms(result.latency.percentile(90)) << ", p99 " << ms(result.latency.percentile(99)) << ", p99.9 "
              << ms(result.latency.percentile(99.9)) << ", max " << ms(result.latency.max()) << "\n"
              << "latency (from actual send time):   p50 " << ms(result.latency_uncorrected.percentile(50))
              << ", p99 " << ms(result.latency_uncorrected.percentile(99)) << "\n"
              << "handshake p50/p99: tcp " << ms(result.tcp.percentile(50)) << "/" << ms(result.tcp.percentile(99))
              << ", tls " << ms(result.tls.percentile(50)) << "/" << ms(result.tls.percentile(99)) << ", upgrade "
              << ms(result.upgrade.percentile(50)) << "/" << ms(result.upgrade.percentile(99)) << "\n";
    std::cout << "errors: " << result.error_count();
    for (const auto& [kind, n] : result.errors) std::cout << " " << kind << "=" << n;
    std::cout << "\n";
    if (proxy_pid)
        std::cout << "proxy: " << proxy_cpu << " CPU s, peak RSS " << peak_rss << " KiB\n";

    bool breached = false;
    for (const auto& rule : rules) {
        if (auto b = load::check(rule, metrics)) {
            breached = true;
            std::cout << "threshold breached: " << rule.text << " (actual " << b->actual << ")\n";
        } else {
            std::cout << "threshold held: " << rule.text << "\n";
        }
    }

    if (!o.json_file.empty()) {
        boost::json::object errors;
        for (const auto& [kind, n] : result.errors) errors[kind] = n;
        boost::json::array timeline;
        for (const auto& s : result.timeline)
            timeline.push_back(boost::json::object{
                {"t", s.at_s}, {"messages", s.messages}, {"errors", s.errors}, {"open", s.open}});
        boost::json::object root{{"messages_per_second", result.messages_per_second()},
                                 {"messages", result.messages},
                                 {"seconds", result.seconds},
                                 {"connections", o.load.connections},
                                 {"connected", result.connected},
                                 {"errors", errors},
                                 {"latency_us", percentiles(result.latency)},
                                 {"latency_uncorrected_us", percentiles(result.latency_uncorrected)},
                                 {"handshake_us", boost::json::object{{"tcp", percentiles(result.tcp)},
                                                                      {"tls", percentiles(result.tls)},
                                                                      {"upgrade", percentiles(result.upgrade)}}},
                                 {"timeline", timeline},
                                 {"thresholds_breached", breached}};
        if (proxy_pid) {
            root["proxy_cpu_seconds"] = proxy_cpu;
            root["proxy_peak_rss_kib"] = peak_rss;
        }
        std::ofstream(o.json_file) << boost::json::serialize(root) << "\n";
    }
    if (interrupted()) return 128 + interrupt_signal();
    return breached ? exit_code::failed : exit_code::ok;
}

}  // namespace wsgate::cli
