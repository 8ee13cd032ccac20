#include "cli/load_command.hpp"

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/locate.hpp"
#include "load/phases.hpp"
#include "load/result_json.hpp"
#include "topology/url_target.hpp"

#include "wsgate/address.hpp"
#include "wsgate/proc_stats.hpp"
#include "wsgate/process.hpp"

#include <boost/json/parse.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace wsgate::cli {

namespace {

using namespace std::chrono_literals;

// An agent's bound past its ramp, warm-up and measurement: the generator's
// linger after measuring, and the agent's own start and exit.
constexpr auto agent_slack = 30s;

std::string describe(const load_command_options& o) {
    std::ostringstream out;
    out << o.load.connections << " connections to " << (o.load.target.tls ? "wss" : "ws") << "://"
        << o.load.target.host << ":" << o.load.target.port << o.load.target.path << ", "
        << (o.load.rate > 0 ? std::to_string(static_cast<long long>(o.load.rate)) + " messages/s"
                            : std::string("closed loop"))
        << ", " << o.load.size << "-byte messages, warm-up " << o.warmup_s << " s, measure " << o.duration_s << " s";
    if (o.processes > 1) out << ", " << o.processes << " agent processes";
    if (o.agents > 1) out << ", agent " << o.agent_index << " of " << o.agents;
    return out.str();
}

// The phases this load is planned to go through, for the live line.
load::load_phases planned(const load_command_options& o) {
    return load::planned_phases(o.load.ramp > 0 ? o.load.connections / o.load.ramp : 0, o.warmup_s, o.duration_s);
}

std::string url_of(const load::load_target& t) {
    return std::string(t.tls ? "wss://" : "ws://") + t.host + ":" + std::to_string(t.port) + t.path;
}

// The same load as this command, as one agent's share, for a child process.
std::vector<std::string> agent_command(const load_command_options& o, unsigned index, const std::string& json) {
    std::vector<std::string> argv = {(own_bin_dir() / "wsgate").string(),
                                     "load",
                                     "--url",
                                     url_of(o.load.target),
                                     "--host",
                                     o.load.target.host_header,
                                     "--agent-index",
                                     std::to_string(index),
                                     "--agents",
                                     std::to_string(o.processes),
                                     "--connections",
                                     std::to_string(o.load.connections),
                                     "--duration",
                                     std::to_string(o.duration_s),
                                     "--warmup",
                                     std::to_string(o.warmup_s),
                                     "--size",
                                     std::to_string(o.load.size),
                                     "--threads",
                                     std::to_string(o.load.threads),
                                     "--json",
                                     json};
    if (o.load.rate > 0) argv.insert(argv.end(), {"--rate", std::to_string(o.load.rate)});
    else argv.push_back("--closed");
    if (o.load.ramp > 0) argv.insert(argv.end(), {"--ramp", std::to_string(o.load.ramp)});
    if (o.load.binary) argv.push_back("--binary");
    if (o.load.tls_resume) argv.push_back("--tls-resume");
    if (!o.load.target.ca_file.empty()) argv.insert(argv.end(), {"--ca", o.load.target.ca_file});
    if (o.load.target.insecure) argv.push_back("--insecure");
    if (!o.sources.empty()) argv.insert(argv.end(), {"--sources", o.sources});
    if (o.allow_remote) argv.push_back("--allow-remote");
    return argv;
}

// Runs the agents as child processes and merges their results; a child
// that fails or outlives the load's bound is reported and stopped.
std::optional<load::load_result> run_agents(const load_command_options& o, const std::filesystem::path& dir,
                                            const std::function<void()>& each_second) {
    std::filesystem::create_directories(dir);
    std::vector<proc::child> agents;
    for (unsigned i = 0; i < o.processes; ++i) {
        const auto json = (dir / ("agent-" + std::to_string(i) + ".json")).string();
        const auto log = (dir / ("agent-" + std::to_string(i) + ".log")).string();
        std::filesystem::remove(json);
        agents.emplace_back(proc::spawn_options{.argv = agent_command(o, i, json), .stdout_path = log, .stderr_path = log});
    }
    const auto bound = std::chrono::duration<double>(o.warmup_s + o.duration_s + agent_slack.count() +
                                                     (o.load.ramp > 0 ? o.load.connections / o.load.ramp : 0));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::milliseconds>(bound);
    bool failed = false;
    for (unsigned i = 0; i < agents.size(); ++i) {
        std::optional<int> status;
        while (!(status = agents[i].wait_for(1s)) && std::chrono::steady_clock::now() < deadline && !interrupted())
            each_second();
        if (!status) {
            agents[i].stop();
            std::cerr << "wsgate load: agent " << i << " did not finish in time (log: " << (dir / ("agent-" + std::to_string(i) + ".log")).string() << ")\n";
            failed = true;
        } else if (!WIFEXITED(*status) || (WEXITSTATUS(*status) != 0 && WEXITSTATUS(*status) != 1)) {
            std::cerr << "wsgate load: agent " << i << " " << proc::describe_status(*status)
                      << " (log: " << (dir / ("agent-" + std::to_string(i) + ".log")).string() << ")\n";
            failed = true;
        }
    }
    if (failed || interrupted()) return std::nullopt;
    load::load_result total;
    for (unsigned i = 0; i < o.processes; ++i) {
        const auto path = dir / ("agent-" + std::to_string(i) + ".json");
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        total.merge(load::from_json(boost::json::parse(text.str())));
    }
    return total;
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
        rules = parse_thresholds(o.outputs.thresholds);
        if (!o.sources.empty()) o.load.sources = parse_sources(o.sources);
        if (o.insecure && !o.ca_file.empty())
            throw std::invalid_argument("--insecure and --ca contradict each other: verify against the CA, or not at all");
        if ((o.insecure || !o.ca_file.empty()) && o.url.empty())
            throw std::invalid_argument("--ca and --insecure are for --url: a started target uses the test CA");
        if (o.agents == 0 || o.agent_index >= o.agents)
            throw std::invalid_argument("--agent-index must be below --agents");
        if (o.agents > 1 && o.processes > 1)
            throw std::invalid_argument("--processes runs agents itself; it cannot be one of --agents");
        if (o.processes > o.load.connections)
            throw std::invalid_argument("--processes is larger than --connections");
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
        std::unique_ptr<topology::url_target> target;
        try {
            target = std::make_unique<topology::url_target>(o.url, o.allow_remote);
        } catch (const std::invalid_argument& e) {
            std::cerr << "wsgate load: " << e.what() << "\n";
            return exit_code::usage;
        }
        const auto ep = target->endpoint();
        o.load.target.host = ep.host;
        o.load.target.tls = ep.wss_port != 0;
        o.load.target.port = o.load.target.tls ? ep.wss_port : ep.ws_port;
        o.load.target.path = ep.path_prefix;
        o.load.target.host_header = o.host.empty() ? target->host_name() : o.host;
        o.load.target.ca_file = o.ca_file;
        o.load.target.insecure = o.insecure;
        if (o.insecure && o.load.target.tls)
            std::cerr << "wsgate load: WARNING: --insecure: the server's certificate is NOT verified; anyone on the "
                         "path could be answering\n";
    } else {
        o.topology.run_dir = "reports/load/run";
        start_problem problem;
        topo = start_topology(o.topology, "load", problem);
        if (!topo) return problem.exit_code;
        const auto ep = topo->proxy().endpoint();
        o.load.target.host = ep.host;
        o.load.target.tls = o.tls;
        o.load.target.port = o.tls ? ep.wss_port : ep.ws_port;
        o.load.target.path = !o.path.empty() ? o.path : o.tls ? "/wss" : "/ws/";
        o.load.target.ca_file = (topo->context().pki_dir / "ca.pem").string();
        proxy_pid = topo->proxy().pid();
    }

    const auto description = describe(o);
    std::cout << "wsgate load: " << description << std::endl;
    const bool tty = ::isatty(1);
    const double cpu_before = proxy_pid ? proc::cpu_seconds(proxy_pid) : 0;
    load::load_result result;
    const auto own_cpu = [](int who) {
        rusage u{};
        ::getrusage(who, &u);
        return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
               static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    };
    const int generator = o.processes > 1 ? RUSAGE_CHILDREN : RUSAGE_SELF;
    const double generator_before = own_cpu(generator);
    try {
        if (o.processes > 1) {
            auto merged = run_agents(o, std::filesystem::path("reports/load/agents"), [&] {
                if (tty) std::cout << "\r" << o.processes << " agents running" << std::flush;
            });
            if (tty) std::cout << "\n";
            if (!merged) return interrupted() ? exit_code::interrupted_by(interrupt_signal()) : exit_code::failed;
            result = std::move(*merged);
        } else {
            result = load::run_load(
                load::share_of(o.load, o.agent_index, o.agents),
                [&](const load::second_sample& s) {
                    std::cout << (tty ? "\r" : "") << "t=" << static_cast<int>(s.at_s) << "s " << load::phase_at(planned(o), s.at_s)
                              << "  open " << s.open << "  "
                              << s.messages << " msg/s  p50 " << static_cast<double>(s.p50_us) / 1000.0 << " ms  p99 "
                              << static_cast<double>(s.p99_us) / 1000.0 << " ms  errors " << s.errors
                              << (tty ? "   " : "\n") << std::flush;
                },
                [] { return interrupted(); });
            if (tty) std::cout << "\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "wsgate load: " << e.what() << "\n";
        return exit_code::failed;
    }
    const double generator_cpu = own_cpu(generator) - generator_before;
    std::optional<proxy_figures> proxy;
    if (proxy_pid) proxy = proxy_figures{proc::cpu_seconds(proxy_pid) - cpu_before, proc::peak_rss_kib(proxy_pid)};

    bool breached = false;
    try {
        if (interrupted())
            std::cout << "interrupted: the figures below cover only the part of the load that ran\n";
        breached = report_load(result, description, o.outputs, rules, proxy, generator_cpu, interrupted());
    } catch (const std::exception& e) {
        std::cerr << "wsgate load: " << e.what() << "\n";
        return exit_code::failed;
    }
    if (interrupted()) return exit_code::interrupted_by(interrupt_signal());
    // A load where no connection was established did not happen: nothing
    // was measured, whatever the thresholds say.
    if (result.connected == 0) {
        std::cerr << "wsgate load: no connection could be established to " << url_of(o.load.target) << ":";
        for (const auto& [kind, n] : result.errors) std::cerr << " " << kind << "=" << n;
        std::cerr << "\n";
        for (const auto& [kind, text] : result.first_errors) std::cerr << "  " << kind << ": " << text << "\n";
        return exit_code::start_failed;
    }
    return breached ? exit_code::failed : exit_code::ok;
}

int run_merge_command(const std::vector<std::string>& files, const load_outputs& outputs) {
    std::vector<load::threshold> rules;
    load::load_result total;
    try {
        rules = parse_thresholds(outputs.thresholds);
        for (const auto& file : files) {
            std::ifstream in(file);
            if (!in) throw std::invalid_argument("cannot read " + file);
            std::stringstream text;
            text << in.rdbuf();
            boost::system::error_code ec;
            const auto value = boost::json::parse(text.str(), ec);
            if (ec) throw std::invalid_argument(file + ": not JSON (" + ec.message() + ")");
            try {
                total.merge(load::from_json(value));
            } catch (const std::invalid_argument& e) {
                throw std::invalid_argument(file + ": " + e.what());
            }
        }
    } catch (const std::invalid_argument& e) {
        std::cerr << "wsgate merge: " << e.what() << "\n";
        return exit_code::usage;
    }
    const auto description = "merged from " + std::to_string(files.size()) + " agents' results";
    std::cout << "wsgate merge: " << description << "\n";
    try {
        return report_load(total, description, outputs, rules, std::nullopt, std::nullopt) ? exit_code::failed : exit_code::ok;
    } catch (const std::exception& e) {
        std::cerr << "wsgate merge: " << e.what() << "\n";
        return exit_code::failed;
    }
}

}  // namespace wsgate::cli
