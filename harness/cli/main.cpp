// wsgate: the test and conformance harness for WebSocket reverse proxies.
#include "cli/certs_command.hpp"
#include "cli/inspect_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/duration_option.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/load_command.hpp"
#include "cli/locate.hpp"
#include "cli/run_command.hpp"
#include "cli/suggest.hpp"
#include "cli/soak_command.hpp"
#include "cli/up_command.hpp"
#include "load/payload.hpp"
#include "topology/layout.hpp"

#include "wsgate/address.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

namespace {

using namespace wsgate::cli;

// --port-base: ports below 1024 need root, and a topology's ports must stay
// under 65535.
constexpr int min_port_base = 1024;
constexpr int max_port_base = 65000;
// --jobs, --threads, --processes: more at once than any machine's cores
// serve is a typo.
constexpr unsigned max_parallel = 64;

// " (default X)" from the value the option starts with.
template <class T>
std::string default_note(const T& value) {
    std::ostringstream text;
    text << " (default " << value << ")";
    return text.str();
}

// Ports in the kernel's ephemeral range can be taken by the local end of
// any client connection (a load's, or the proxy's own upstream ones), and
// the next topology then cannot listen there.
CLI::Validator outside_ephemeral_range() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const auto base = std::stoi(text);
            const auto [low, high] = wsgate::ephemeral_port_range();
            if (base + wsgate::topology::topology_port_span >= low && base <= high)
                return "ports " + text + ".." + std::to_string(base + wsgate::topology::topology_port_span) + " overlap the kernel's ephemeral range " +
                       std::to_string(low) + "-" + std::to_string(high) +
                       " (net.ipv4.ip_local_port_range), where client sockets can take them; choose a base below " +
                       std::to_string(low - wsgate::topology::topology_port_span);
            return {};
        },
        "PORT BASE");
}

void add_topology_options(CLI::App& cmd, topology_options& t, std::optional<std::uint16_t>& port_base,
                          std::string& config) {
    cmd.add_option("--target", t.target,
                   "builtin (default: wsgate-proxy, nginx syntax), nginx, haproxy, caddy, direct (the echo backends "
                   "without a proxy), or url=ws[s]://HOST:PORT/PATH (a running deployment)");
    cmd.add_option("--config", config,
                   "your proxy config: nginx syntax as deployed (sandboxed on loopback), or a template with the seed's "
                   "{{PLACEHOLDERS}} in the target's own language")
        ->check(CLI::ExistingFile);
    cmd.add_option("--port-base", port_base,
                   "move every port: proxy ws N, wss N+1, single backend N+2, upstream group N+3")
        ->check(CLI::Range(min_port_base, max_port_base))
        ->check(outside_ephemeral_range());
}

void add_load_outputs(CLI::App& cmd, load_outputs& out) {
    cmd.add_option("--threshold", out.thresholds, "p99<5ms, p999<=20ms, errors==0, rate>=10000 (repeatable)");
    cmd.add_option("--json", out.json_file, "write the results as JSON (mergeable: histograms included)");
    cmd.add_option("--html", out.html_file, "write one self-contained page with charts");
    cmd.add_option("--hdr-log", out.hdr_log_file, "write per-second latency histograms in the HdrHistogram log format");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"wsgate: test and conformance harness for WebSocket (ws/wss) reverse proxies"};
    app.require_subcommand(1);

    run_options run;
    std::optional<std::uint16_t> run_port_base;
    std::string run_config;
    std::string scenario_dir;
    std::string report_dir = "reports/latest";
    auto* run_cmd = app.add_subcommand("run", "run scenario files against a target and write reports");
    run_cmd->add_option("selectors", run.selectors, "case ids, globs (handshake/*), scenario files or folders");
    add_topology_options(*run_cmd, run.topology, run_port_base, run_config);
    run_cmd->add_option("--scenarios", scenario_dir, "scenario folder (default: ./scenarios or the source tree's)");
    run_cmd->add_option("--report-dir", report_dir, "where reports go" + default_note(report_dir));
    run_cmd->add_option("-j,--jobs", run.jobs, "cases run in parallel (faults always run alone)")
        ->check(CLI::Range(1u, max_parallel));
    run_cmd->add_option("--repeat", run.repeat, "run the selection N times, each round on a fresh topology (flakiness check)")->check(CLI::Range(1u, 1000u));
    run_cmd->add_option("--timeout", run.timeout_seconds, "time per case, overriding the files (2s, 500ms)")
        ->transform(seconds_with_units())
        ->check(CLI::Range(0.1, 3600.0));
    run_cmd->add_option("--tag", run.tags, "only cases with this tag (repeatable)");
    run_cmd->add_option("--exclude", run.excludes, "leave out cases whose id matches this glob (repeatable)");
    run_cmd->add_flag("--list", run.list, "list the selected cases and exit");
    run_cmd->add_flag("-v,--verbose", run.verbose, "print every step");
    run_cmd->add_flag("--strict", run.strict, "recommended cases fail the run too");
    run_cmd->add_option("--ca", run.ca_file, "url= targets: verify the certificate against this CA (default: the test CA)")
        ->check(CLI::ExistingFile);
    run_cmd->add_flag("--insecure", run.insecure, "url= targets: do not verify the certificate (says so loudly)");
    run_cmd->add_option("--expect", run.expect_file,
                        "your expectations of your own config (default: wsgate.yaml beside it): endpoints to skip "
                        "or add, names, scenario files")
        ->check(CLI::ExistingFile);
    run_cmd->add_option("--host,--sni", run.host_name, "url= targets: the name sent as Host and SNI (default: each case's)");

    topology_options up;
    std::optional<std::uint16_t> up_port_base;
    std::string up_config;
    auto* up_cmd = app.add_subcommand("up", "start backends and proxy of the seed topology until Ctrl-C");
    add_topology_options(*up_cmd, up, up_port_base, up_config);

    load_command_options load;
    std::optional<std::uint16_t> load_port_base;
    std::string load_config;
    auto* load_cmd = app.add_subcommand("load", "load test: constant-rate (or closed-loop) echo traffic with latency "
                                                "percentiles corrected for coordinated omission");
    add_topology_options(*load_cmd, load.topology, load_port_base, load_config);
    load_cmd->add_option("--url", load.url, "load a running deployment ws[s]://HOST:PORT/PATH instead of a target");
    load_cmd->add_option("--path", load.path, "path on the seed topology (default /ws/, or /wss with --tls)");
    load_cmd->add_flag("--tls", load.tls, "wss on the seed topology");
    load_cmd->add_option("--connections", load.load.connections, "concurrent connections")->check(CLI::Range(1u, 100000u));
    load_cmd->add_option("--rate", load.load.rate, "messages per second in total (open model)")->check(CLI::PositiveNumber);
    load_cmd->add_flag("--closed", load.closed, "closed loop: the next message when the echo arrived (saturation)");
    load_cmd->add_option("--duration", load.duration_s, "measured time (30s, 2m; a bare number is seconds)")
        ->transform(seconds_with_units())
        ->check(CLI::Range(0.1, 3600.0));
    load_cmd->add_option("--warmup", load.warmup_s, "discarded time before measuring (2s)")
        ->transform(seconds_with_units())
        ->check(CLI::Range(0.0, 600.0));
    load_cmd->add_option("--ramp", load.load.ramp, "new connections per second (0: all at once)")->check(CLI::NonNegativeNumber);
    load_cmd->add_option("--size", load.load.size,
                         "message bytes (at least " + std::to_string(wsgate::load::header_size) + ")")
        ->check(CLI::Range(std::size_t{1}, std::size_t{16} << 20));
    load_cmd->add_flag("--binary", load.load.binary, "binary messages (default text)");
    load_cmd->add_flag("--tls-resume", load.load.tls_resume, "resume TLS sessions (each client thread reuses its first)");
    load_cmd->add_option("--threads", load.load.threads, "client threads")->check(CLI::Range(1u, max_parallel));
    load_cmd->add_option("--sources", load.sources, "spread client sockets over 127.0.0.A-127.0.0.B");
    load_cmd->add_option("--host", load.host, "Host header and TLS name for --url (default: the URL's host)");
    load_cmd->add_flag("--allow-remote", load.allow_remote,
                       "let --url name a host outside 127.0.0.0/8 (a deployment you are allowed to load)");
    load_cmd->add_option("--ca", load.ca_file,
                         "verify the --url server's certificate against this CA (default: the system's CA store)")
        ->check(CLI::ExistingFile);
    load_cmd->add_flag("--insecure", load.insecure, "do not verify the --url server's certificate (says so loudly)");
    load_cmd->add_option("--processes", load.processes, "local agent processes, results merged exactly")
        ->check(CLI::Range(1u, max_parallel));
    load_cmd->add_option("--agent-index", load.agent_index, "run share I of a load split over --agents (0-based)");
    load_cmd->add_option("--agents", load.agents, "how many agents share the load (see wsgate merge)")
        ->check(CLI::Range(1u, 10000u));
    add_load_outputs(*load_cmd, load.outputs);

    std::vector<std::string> merge_files;
    load_outputs merge_outputs;
    auto* merge_cmd = app.add_subcommand("merge", "combine agents' `wsgate load --json` results exactly");
    merge_cmd->add_option("files", merge_files, "the agents' JSON results")->required()->check(CLI::ExistingFile);
    add_load_outputs(*merge_cmd, merge_outputs);

    compare_options compare;
    std::optional<std::uint16_t> compare_port_base;
    std::string compare_scenarios;
    std::string compare_report_dir = "reports/compare";
    bool compare_no_suite = false;
    auto* compare_cmd = app.add_subcommand(
        "compare", "the suite and the same load profiles against several targets, interleaved, in one report");
    compare_cmd->add_option("--targets", compare.targets, "builtin,nginx,haproxy,caddy,direct (default: all five)")
        ->delimiter(',');
    compare_cmd->add_option("--suite", compare.suite.selectors, "case ids, globs, files or folders (default: all)")
        ->delimiter(',');
    compare_cmd->add_option("--exclude", compare.suite.excludes, "leave out cases whose id matches this glob");
    compare_cmd->add_flag("--no-suite", compare_no_suite, "compare load only");
    compare_cmd->add_option("--scenarios", compare_scenarios, "scenario folder (default: ./scenarios or the source tree's)");
    compare_cmd->add_option("--load", compare.load.profiles,
                            "saturation,fixed-rate,connections (default: all three), or none")
        ->delimiter(',');
    compare_cmd->add_option("--transports", compare.transports, "ws,wss (default: both)")->delimiter(',');
    compare_cmd->add_option("--repetitions", compare.repetitions,
                            "load repetitions, targets interleaved" + default_note(compare.repetitions))
        ->check(CLI::Range(0u, 50u));
    compare_cmd->add_option("--seconds", compare.load.seconds,
                            "measured time per profile (seconds, or 5s, 1m)" + default_note(compare.load.seconds))
        ->transform(seconds_with_units())
        ->check(CLI::Range(0.2, 600.0));
    compare_cmd->add_option("--warmup", compare.load.warmup,
                            "warm-up time per profile (seconds, or 500ms)" + default_note(compare.load.warmup))
        ->transform(seconds_with_units())
        ->check(CLI::Range(0.0, 60.0));
    compare_cmd->add_option("--rate", compare.load.fixed_rate,
                            "messages/s of the fixed-rate profile" + default_note(compare.load.fixed_rate))
        ->check(CLI::PositiveNumber);
    compare_cmd->add_option("--idle-connections", compare.load.idle_connections,
                            "connections of the connections profile" + default_note(compare.load.idle_connections))
        ->check(CLI::Range(1u, 9000u));
    compare_cmd->add_option("--port-base", compare_port_base,
                            "the first target's ports as for run, each next target's " +
                                std::to_string(ports_per_target) + " higher" + default_note(default_port_base))
        ->check(CLI::Range(min_port_base, max_port_base))
        ->check(outside_ephemeral_range());
    compare_cmd->add_option("--report-dir", compare_report_dir,
                            "where the report goes" + default_note(compare_report_dir));
    compare_cmd->add_option("-j,--jobs", compare.suite.jobs, "cases run in parallel")
        ->check(CLI::Range(1u, max_parallel));

    soak_command_options soak;
    std::optional<std::uint16_t> soak_port_base;
    std::string soak_config;
    std::string soak_report_dir = soak.report_dir.string();
    auto* soak_cmd = app.add_subcommand(
        "soak", "hostile peers (slowloris, half-open, churn, huge heads, bad chunked bodies, NUL, bad frames, TLS "
                "garbage) against the proxy and the echo backend, legitimate clients beside them");
    add_topology_options(*soak_cmd, soak.topology, soak_port_base, soak_config);
    soak_cmd->add_option("--seconds", soak.seconds,
                         "time per attack and victim (seconds, or 30s, 1m)" + default_note(soak.seconds))
        ->transform(seconds_with_units())
        ->check(CLI::Range(0.5, 3600.0));
    soak_cmd->add_option("--attack", soak.attacks, "only this attack (repeatable; default: all)");
    soak_cmd->add_option("--victim", soak.victims, "proxy or echo (repeatable; default: both)")
        ->check(CLI::IsMember({"proxy", "echo"}));
    soak_cmd->add_option("--report-dir", soak_report_dir,
                         "where soak.md and soak.json go" + default_note(soak_report_dir));

    std::string certs_out;
    auto* certs_cmd = app.add_subcommand("certs", "write the test PKI (CA, server, bad and client certificates)");
    certs_cmd->add_option("--out", certs_out, "output folder")->required();
    std::vector<std::string> certs_hosts;
    certs_cmd->add_option("--host", certs_hosts,
                          "also a server certificate (host.pem, host.key) signed by the test CA for these names "
                          "(repeatable; the first names the files), as the sandbox issues for a config's servers");

    inspect_options inspect;
    auto* inspect_cmd = app.add_subcommand("inspect", "what a proxy config serves: endpoints, WebSocket or not and why, "
                                                      "backends, headers, timeouts, each with its FILE:LINE");
    inspect_cmd->add_option("--config", inspect.config, "the proxy config")->required()->check(CLI::ExistingFile);
    inspect_cmd->add_option("--target", inspect.target, "whose language: builtin or nginx (nginx syntax), haproxy, caddy");
    inspect_cmd->add_flag("--json", inspect.json, "JSON instead of text");

    for (auto* outputs : {&load.outputs, &merge_outputs}) {
        outputs->command_line = "wsgate";
        for (int i = 1; i < argc; ++i) outputs->command_line += std::string(" ") + argv[i];
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        for (const auto& line : suggestions(app, std::vector<std::string>(argv + 1, argv + argc)))
            std::cerr << line << "\n";
        return code == 0 ? exit_code::ok : exit_code::usage;
    }
    install_interrupt_handlers();

    if (*inspect_cmd) return run_inspect(inspect);
    if (*certs_cmd) return run_certs(certs_out, certs_hosts);
    if (*merge_cmd) return run_merge_command(merge_files, merge_outputs);
    if (*compare_cmd) {
        compare.suite.topology.port_base = compare_port_base;
        compare.suite.scenario_dir =
            compare_scenarios.empty() ? default_scenario_dir() : std::filesystem::path(compare_scenarios);
        compare.run_suite = !compare_no_suite;
        compare.report_dir = compare_report_dir;
        if (compare.load.profiles == std::vector<std::string>{"none"}) compare.load.profiles.clear();
        return run_compare(compare);
    }
    if (*load_cmd) {
        load.topology.port_base = load_port_base;
        if (!load_config.empty()) load.topology.config = load_config;
        return run_load_command(load);
    }
    if (*soak_cmd) {
        soak.topology.port_base = soak_port_base;
        if (!soak_config.empty()) soak.topology.config = soak_config;
        soak.report_dir = soak_report_dir;
        return run_soak_command(soak);
    }
    if (*up_cmd) {
        up.port_base = up_port_base;
        if (!up_config.empty()) up.config = up_config;
        up.run_dir = std::filesystem::path(report_dir) / "up";
        return run_up(up);
    }
    run.topology.port_base = run_port_base;
    if (!run_config.empty()) run.topology.config = run_config;
    run.scenario_dir = scenario_dir.empty() ? default_scenario_dir() : std::filesystem::path(scenario_dir);
    run.report_dir = report_dir;
    return run_suite(run);
}
