#include "cli/load_report.hpp"

#include "load/generator_load.hpp"

#include "load/format.hpp"
#include "load/hdr_log.hpp"
#include "load/result_json.hpp"
#include "report/load_html.hpp"
#include "report/writers.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iostream>

namespace wsgate::cli {

namespace {

std::string ms(std::int64_t us) { return load::ms_text(us, 3); }

// "2026-12-01T16:17:03Z" for a wall-clock second; "" when the load never measured.
std::string iso_time(double epoch_s) {
    if (epoch_s <= 0) return "";
    return harness::report::iso_utc(static_cast<std::time_t>(epoch_s));
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

std::vector<load::threshold> parse_thresholds(const std::vector<std::string>& texts) {
    std::vector<load::threshold> rules;
    for (const auto& t : texts) rules.push_back(load::parse_threshold(t));
    return rules;
}

bool report_load(const load::load_result& r, const std::string& description, const load_outputs& out,
                 const std::vector<load::threshold>& rules, const std::optional<proxy_figures>& proxy,
                 std::optional<double> generator_cpu_seconds, bool interrupted) {
    std::cout << "connected " << r.connected << "/" << r.connections << ", " << r.messages << " messages in "
              << r.seconds << " s = " << static_cast<long long>(r.messages_per_second()) << " msg/s\n";
    // Percentiles of no samples would print as zeros, which read as fast.
    if (r.latency.count() == 0) {
        std::cout << "latency: no echo was measured\n";
    } else {
        std::cout << "latency (from intended send time): p50 " << ms(r.latency.percentile(50)) << ", p90 "
                  << ms(r.latency.percentile(90)) << ", p99 " << ms(r.latency.percentile(99)) << ", p99.9 "
                  << ms(r.latency.percentile(99.9)) << ", max " << ms(r.latency.max()) << "\n"
                  << "latency (from actual send time):   p50 " << ms(r.latency_uncorrected.percentile(50)) << ", p99 "
                  << ms(r.latency_uncorrected.percentile(99)) << "\n";
    }
    const auto phase = [](const char* name, const load::histogram& h) {
        return std::string(name) + " " +
               (h.count() ? ms(h.percentile(50)) + "/" + ms(h.percentile(99)) : std::string("none"));
    };
    std::cout << "handshake p50/p99: " << phase("tcp", r.tcp) << ", " << phase("tls", r.tls) << ", "
              << phase("upgrade", r.upgrade);
    if (r.tls.count()) std::cout << " (" << r.tls_resumed << " of " << r.tls.count() << " TLS sessions resumed)";
    std::cout << "\n";
    std::cout << "errors: " << r.error_count();
    for (const auto& [kind, n] : r.errors) std::cout << " " << kind << "=" << n;
    std::cout << "\n";
    for (const auto& [kind, text] : r.first_errors) std::cout << "  first " << kind << " error: " << text << "\n";
    if (proxy) std::cout << "proxy: " << proxy->cpu_seconds << " CPU s, peak RSS " << proxy->peak_rss_kib << " KiB\n";
    std::optional<load::generator_load> generator;
    if (generator_cpu_seconds)
        generator = load::generator_load_of(*generator_cpu_seconds, r.phases.ended_s, load::usable_cores());
    if (generator && r.messages)
        std::cout << "load generator: " << generator->cpu_seconds << " CPU s, "
                  << generator->cpu_seconds * 1e6 / static_cast<double>(r.messages) << " µs per measured message, "
                  << std::lround(generator->core_share * 100) << " % of its " << generator->cores << " cores\n";
    if (generator && generator->overloaded()) std::cout << "warning: " << generator->warning() << "\n";

    const std::map<std::string, double> metrics = {
        {"p50", static_cast<double>(r.latency.percentile(50))},
        {"p90", static_cast<double>(r.latency.percentile(90))},
        {"p99", static_cast<double>(r.latency.percentile(99))},
        {"p999", static_cast<double>(r.latency.percentile(99.9))},
        {"max", static_cast<double>(r.latency.max())},
        {"mean", r.latency.mean()},
        {"errors", static_cast<double>(r.error_count())},
        {"rate", r.messages_per_second()}};
    bool breached = false;
    harness::report::load_page_facts facts{description, iso_time(r.measure_start_epoch_s), WSGATE_VERSION,
                                           out.command_line, {}, interrupted,
                                           generator ? generator->warning() : std::string()};
    for (const auto& rule : rules) {
        if (auto b = load::check(rule, metrics)) {
            breached = true;
            std::cout << "threshold breached: " << rule.text << " (actual " << load::actual_text(*b) << ")\n";
            facts.thresholds.emplace_back(rule.text, "breached (actual " + load::actual_text(*b) + ")");
        } else {
            std::cout << "threshold held: " << rule.text << "\n";
            facts.thresholds.emplace_back(rule.text, "held");
        }
    }

    if (!out.json_file.empty()) {
        auto root = load::to_json(r);
        root["description"] = description;
        root["thresholds_breached"] = breached;
        root["interrupted"] = interrupted;
        if (generator) {
            root["generator_cpu_seconds"] = generator->cpu_seconds;
            root["generator_core_share"] = generator->core_share;
            root["generator_overloaded"] = generator->overloaded();
            if (r.messages)
                root["generator_cpu_us_per_message"] = generator->cpu_seconds * 1e6 / static_cast<double>(r.messages);
        }
        if (proxy) {
            root["proxy_cpu_seconds"] = proxy->cpu_seconds;
            root["proxy_peak_rss_kib"] = proxy->peak_rss_kib;
        }
        write_file(out.json_file, boost::json::serialize(root) + "\n");
    }
    if (!out.html_file.empty()) write_file(out.html_file, harness::report::load_html(r, facts));
    if (!out.hdr_log_file.empty()) {
        std::ofstream log(out.hdr_log_file);
        load::write_hdr_log(log, r, r.measure_start_epoch_s);
        if (!log) throw std::runtime_error("cannot write " + out.hdr_log_file);
    }
    return breached;
}

}  // namespace wsgate::cli
