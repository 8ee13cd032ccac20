#include "cli/compare_command.hpp"

#include "cli/console.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "report/comparison.hpp"
#include "report/writers.hpp"
#include "scenario/loader.hpp"
#include "topology/target.hpp"

#include "wsgate/address.hpp"

#include <algorithm>
#include <ctime>
#include <thread>

#include <sched.h>
#include <iostream>

namespace wsgate::cli {

namespace report = harness::report;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string now_utc() {
    return report::iso_utc(std::time(nullptr));
}

topology_options topology_for(const compare_options& o, const std::string& target, const std::string& what) {
    auto t = o.suite.topology;
    const auto index = std::find(o.targets.begin(), o.targets.end(), target) - o.targets.begin();
    t.target = target;
    t.port_base = static_cast<std::uint16_t>(*o.suite.topology.port_base + ports_per_target * index);
    t.run_dir = o.report_dir / target / what;
    return t;
}

// With two CPUs or more, load runs with the proxy alone on CPU 1 and the
// backends and the load generator on CPU 0: the proxies compete for the
// same core, not with the client for theirs.
void pin_for_load(topology_options& t) {
    if (std::thread::hardware_concurrency() < 2) return;
    t.proxy_cpu = 1;
    t.backends_cpu = 0;
}

// The suite against one target; its own reports go to report_dir/TARGET/.
void suite_on(const compare_options& o, const std::vector<scenario::scenario_case>& cases, report::target_run& out) {
    started_topology topo(topology_for(o, out.target, "run"));
    auto options = o.suite;
    options.topology.target = out.target;
    case_printer printer(std::cout, options.strict, false);
    out.suite = run_on(topo, cases, options, [&printer](const report::case_result& r) {
        if (r.result != report::outcome::passed && r.result != report::outcome::skipped) printer.print(r);
    });
    report::write_all(out.suite, o.report_dir / out.target);
    std::cout << out.target << ": " << report::totals_line(out.suite.totals()) << " ("
              << (o.report_dir / out.target / "report.html").string() << ")" << std::endl;
}

// Medians of the repetitions, and latency percentiles of the merged histograms.
report::load_figures summarize(const std::vector<load_sample>& samples) {
    report::load_figures f;
    load::histogram latency;
    for (const auto& s : samples) {
        for (const auto& [key, v] : s.values) f.repetitions[key].push_back(v);
        for (const auto& [kind, n] : s.errors) f.errors[kind] += n;
        latency.merge(s.fixed_rate_latency);
    }
    for (const auto& [key, list] : f.repetitions) f.values[key] = median(list);
    if (latency.count()) {
        f.values["fixed_rate_p50_us"] = static_cast<double>(latency.percentile(50));
        f.values["fixed_rate_p99_us"] = static_cast<double>(latency.percentile(99));
        f.values["fixed_rate_p999_us"] = static_cast<double>(latency.percentile(99.9));
    }
    return f;
}

}  // namespace

int run_compare(compare_options o) {
    try {
        if (o.targets.empty()) throw std::invalid_argument("--targets is empty");
        // Every name is checked before anything starts.
        for (const auto& t : o.targets) {
            if (t.starts_with("url=")) throw std::invalid_argument("compare starts its targets itself; url= is for run and load");
            topology::make_target(t);
        }
        for (const auto& t : o.transports)
            if (t != "ws" && t != "wss") throw std::invalid_argument("unknown transport \"" + t + "\" (expected ws, wss)");
        check_profiles(o.load.profiles);
        if (!o.suite.topology.port_base) o.suite.topology.port_base = default_port_base;
        const auto last = *o.suite.topology.port_base + ports_per_target * (o.targets.size() - 1) + topology::topology_port_span;
        if (last >= static_cast<std::size_t>(ephemeral_port_range().first))
            throw std::invalid_argument("--port-base: the targets' ports reach " + std::to_string(last) +
                                        ", inside the kernel's ephemeral range; choose a lower base");
    } catch (const std::invalid_argument& e) {
        std::cerr << "wsgate compare: " << e.what() << "\n";
        return exit_code::usage;
    }
    std::vector<scenario::scenario_case> cases;
    if (o.run_suite) {
        try {
            cases = select_suite(o.suite);
        } catch (const scenario::scenario_error& e) {
            std::cerr << "wsgate compare: " << e.what() << "\n";
            return exit_code::usage;
        }
        if (cases.empty()) {
            std::cerr << "wsgate compare: no cases selected\n";
            return exit_code::usage;
        }
    }

    report::comparison result;
    result.tool_version = WSGATE_VERSION;
    result.started_at = now_utc();
    const auto began = std::chrono::steady_clock::now();
    for (const auto& t : o.targets) result.targets.push_back({.target = t});
    if (std::find(o.targets.begin(), o.targets.end(), "nginx") != o.targets.end()) result.baseline = "nginx";

    if (o.run_suite) {
        std::cout << "conformance: " << cases.size() << " cases on " << o.targets.size() << " targets" << std::endl;
        for (auto& t : result.targets) {
            if (interrupted()) break;
            try {
                suite_on(o, cases, t);
            } catch (const std::exception& e) {
                t.start_error = e.what();
                std::cout << t.target << ": could not be started: " << e.what() << std::endl;
            }
        }
    }

    const bool load = !o.load.profiles.empty() && !o.transports.empty() && o.repetitions > 0;
    if (load) {
        // The generator's threads inherit this thread's CPU.
        if (std::thread::hardware_concurrency() >= 2) {
            cpu_set_t zero;
            CPU_ZERO(&zero);
            CPU_SET(0, &zero);
            ::sched_setaffinity(0, sizeof zero, &zero);
        }
        result.repetitions = o.repetitions;
        result.load_settings = o.load.describe();
        if (std::thread::hardware_concurrency() >= 2)
            result.load_settings += " The proxy runs alone on CPU 1, the backends and the load generator on CPU 0.";
        std::map<std::string, std::map<std::string, std::vector<load_sample>>> samples;
        // Each repetition visits every target, starting one further along,
        // so drift of the machine over time falls on every target alike.
        for (unsigned rep = 0; rep < o.repetitions && !interrupted(); ++rep) {
            for (std::size_t k = 0; k < result.targets.size() && !interrupted(); ++k) {
                auto& t = result.targets[(k + rep) % result.targets.size()];
                if (!t.start_error.empty()) continue;
                for (const auto& transport : o.transports) {
                    if (interrupted()) break;
                    try {
                        auto where = topology_for(o, t.target, "load-" + transport);
                        pin_for_load(where);
                        started_topology topo(where);
                        auto sample = measure_load(topo, transport, o.load, [] { return interrupted(); });
                        if (auto f = topo.failure(); !f.empty()) sample.errors["target_died"] += 1;
                        std::cout << "load " << rep + 1 << "/" << o.repetitions << " " << t.target << " " << transport;
                        for (const auto& [key, v] : sample.values) std::cout << "  " << key << "=" << static_cast<long long>(v);
                        std::cout << std::endl;
                        samples[t.target][transport].push_back(std::move(sample));
                    } catch (const std::exception& e) {
                        t.start_error = e.what();
                        std::cout << t.target << ": could not be started for load: " << e.what() << std::endl;
                        break;
                    }
                }
            }
        }
        for (auto& t : result.targets)
            for (const auto& [transport, list] : samples[t.target]) {
                t.load[transport] = summarize(list);
                // Every figure of the table, as the report has it (fixed-rate
                // percentiles from the merged histograms included).
                std::cout << "load " << t.target << " " << transport << ":";
                for (const auto& m : report::load_metrics())
                    if (const auto v = t.load[transport].values.find(m.key); v != t.load[transport].values.end())
                        std::cout << "  " << m.label << " " << report::figure(v->second) << " " << m.unit;
                std::cout << std::endl;
            }
    }

    result.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    try {
        report::write_comparison(result, o.report_dir);
    } catch (const std::exception& e) {
        std::cerr << "wsgate compare: cannot write the report: " << e.what() << "\n";
        return exit_code::failed;
    }
    std::cout << "comparison: " << (o.report_dir / "compare.html").string() << " (also compare.md, compare.json)"
              << std::endl;
    if (interrupted()) return exit_code::interrupted_by(interrupt_signal());
    const bool all_started = std::all_of(result.targets.begin(), result.targets.end(),
                                         [](const report::target_run& t) { return t.start_error.empty(); });
    return all_started ? exit_code::ok : exit_code::start_failed;
}

}  // namespace wsgate::cli
