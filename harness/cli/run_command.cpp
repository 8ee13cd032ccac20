#include "cli/run_command.hpp"

#include "cli/console.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/fault_topologies.hpp"
#include "cli/own_config_suite.hpp"
#include "cli/own_expectations.hpp"
#include "cli/sandbox_summary.hpp"
#include "engine/run_steps.hpp"
#include "engine/runner.hpp"
#include "inspect/discover.hpp"
#include "report/stopped_run.hpp"
#include "report/writers.hpp"
#include "scenario/loader.hpp"
#include "scenario/selection.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <ctime>
#include <iostream>
#include <mutex>
#include <thread>

namespace wsgate::cli {

namespace report = harness::report;

namespace {


engine::runnable_case runnable(const scenario::scenario_case& c, const std::string& target_name,
                               const run_options& options) {
    engine::runnable_case r;
    r.info.id = c.id;
    r.info.group = c.group;
    r.info.title = c.title;
    r.info.requirement = c.requirement;
    r.info.severity = c.severity;
    r.info.tags = c.tags;
    r.info.file = c.file;
    r.needs_backends = engine::needs_backends(c.steps);
    r.exclusive = engine::disturbs_backends(c.steps);
    r.timeout = options.timeout_seconds
                    ? std::chrono::milliseconds(static_cast<long long>(*options.timeout_seconds * 1000))
                    : c.timeout;
    r.steps = c.steps;
    r.skip = c.skip;
    const auto has_tag = [](const std::vector<std::string>& tags, const char* t) {
        return std::find(tags.begin(), tags.end(), t) != tags.end();
    };
    if (!r.skip && has_tag(c.tags, "slow") && !has_tag(options.tags, "slow"))
        r.skip = "slow case (waits for a default timeout): run it with --tag slow";
    if (!r.skip && !c.targets.empty() && std::find(c.targets.begin(), c.targets.end(), target_name) == c.targets.end())
        r.skip = "applies to targets " + [&] {
            std::string list;
            for (const auto& t : c.targets) list += (list.empty() ? "" : ", ") + t;
            return list;
        }() + ", not " + target_name;
    return r;
}

}  // namespace

std::vector<scenario::scenario_case> select_suite(const run_options& options) {
    auto cases = scenario::select_cases(options.scenario_dir, options.selectors, options.tags);
    std::erase_if(cases, [&](const scenario::scenario_case& c) {
        return std::any_of(options.excludes.begin(), options.excludes.end(),
                           [&](const std::string& glob) { return scenario::glob_match(glob, c.id); });
    });
    return cases;
}

engine::environment environment_for(started_topology& topo, const run_options& options) {
    engine::environment env{topo.proxy().endpoint(), topo.backends(), topo.context().pki_dir, {}};
    for (const auto& b : topo.where().backends) env.placeholders[ascii::uppercase(b.id)] = b.address();
    env.interrupted = [] { return interrupted(); };
    env.ca_file = options.ca_file;
    env.insecure = options.insecure;
    env.host_name = options.host_name;
    env.placeholders["WS_PORT"] = std::to_string(topo.where().ws_port);
    env.placeholders["WSS_PORT"] = std::to_string(topo.where().wss_port);
    return env;
}

engine::run_options case_options(started_topology& topo, const run_options& options, std::mutex& out,
                                 const std::function<void(const report::case_result&)>& on_case_done) {
    engine::run_options ro;
    ro.jobs = options.jobs;
    ro.interrupted = [] { return interrupted(); };
    ro.health = [&topo] { return topo.failure(); };
    ro.on_case_done = [&topo, &out, on_case_done](report::case_result& r) {
        // A failing case keeps the proxy's log as it was then.
        if (r.result == report::outcome::failed || r.result == report::outcome::error) {
            if (auto logs = topo.proxy().logs(); !logs.empty()) r.logs[topo.proxy().name()] = logs;
        }
        std::lock_guard lock(out);
        on_case_done(r);
    };
    return ro;
}

report::run_result run_on(started_topology& topo, const std::vector<scenario::scenario_case>& cases,
                          const run_options& options,
                          const std::function<void(const report::case_result&)>& on_case_done) {
    const auto env = environment_for(topo, options);
    std::vector<engine::runnable_case> runnables;
    for (const auto& c : cases) runnables.push_back(runnable(c, topo.proxy().name(), options));
    std::vector<report::case_result> verdicts;
    if (options.expected && !topo.context().sandbox)
        throw scenario::scenario_error(options.expected->file.string() +
                                       ": expectations apply to a user's own config (without placeholders), not to "
                                       "a template or the seed");
    if (const auto& sandbox = topo.context().sandbox) {
        auto found = inspect::discover(sandbox->language, *options.topology.config);
        if (options.expected) apply_expectations(found, *options.expected);
        for (const auto& e : found.endpoints)
            if (e.websocket) std::cout << "endpoint " << e.url << " (" << e.location << " at " << e.source << ")\n";
        auto suite = bind_to_endpoints(runnables, found, *sandbox);
        runnables = std::move(suite.cases);
        verdicts = std::move(suite.verdicts);
        if (options.expected) {
            auto own = expectation_cases(*options.expected, found, *sandbox, [&](const scenario::scenario_case& c) {
                return runnable(c, topo.proxy().name(), options);
            });
            runnables.insert(runnables.end(), own.begin(), own.end());
        }
        for (auto& v : verdicts) on_case_done(v);
    }

    const auto started = std::chrono::steady_clock::now();
    const auto started_at = report::iso_utc(std::time(nullptr));

    std::mutex out;
    // Fault cases of the seed or a template each get a topology of their
    // own, beside the shared one, instead of waiting their turn on it.
    std::vector<engine::runnable_case> faults;
    if (options.faults_on_own_topologies && !topo.context().sandbox) {
        const auto split = std::stable_partition(runnables.begin(), runnables.end(),
                                                 [](const engine::runnable_case& c) { return !c.exclusive; });
        faults.assign(std::make_move_iterator(split), std::make_move_iterator(runnables.end()));
        runnables.erase(split, runnables.end());
    }
    // Load cases run last, one at a time, when nothing else runs: beside
    // other cases they starve them (a handshake waits seconds behind
    // hundreds of new connections on a busy proxy), and the others' traffic
    // would enter their figures.
    const auto loads_from = std::stable_partition(runnables.begin(), runnables.end(), [](const engine::runnable_case& c) {
        return c.exclusive || !engine::loads_the_proxy(c.steps);
    });
    std::vector<engine::runnable_case> loads(std::make_move_iterator(loads_from),
                                             std::make_move_iterator(runnables.end()));
    runnables.erase(loads_from, runnables.end());
    std::vector<report::case_result> fault_results;
    std::thread fault_runner([&] {
        fault_results = run_on_own_topologies(faults, topo.context(), options, out, on_case_done);
    });
    auto results = engine::run_cases(runnables, env, case_options(topo, options, out, on_case_done));
    fault_runner.join();
    results.insert(results.end(), fault_results.begin(), fault_results.end());
    auto one_at_a_time = case_options(topo, options, out, on_case_done);
    one_at_a_time.jobs = 1;
    const auto load_results = engine::run_cases(loads, env, one_at_a_time);
    results.insert(results.end(), load_results.begin(), load_results.end());

    report::run_result run;
    run.tool_version = WSGATE_VERSION;
    run.target = options.topology.target;
    run.config_path = options.topology.config ? options.topology.config->string() : std::string("seed template");
    run.started_at = started_at;
    run.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    run.strict = options.strict;
    run.cases = std::move(verdicts);
    run.cases.insert(run.cases.end(), results.begin(), results.end());
    if (topo.context().sandbox) run.sandbox = sandbox_rows(*topo.context().sandbox);
    if (auto failure = topo.failure(); !failure.empty()) run.logs["failure"] = failure;
    if (auto logs = topo.proxy().logs(); !logs.empty()) run.logs[topo.proxy().name()] = logs;
    return run;
}

namespace {

// The reports of a run, whatever ended it: a CI server always finds them.
void write_reports(const report::run_result& run, const run_options& options) {
    try {
        report::write_all(run, options.report_dir);
        std::cout << "reports: " << (options.report_dir / "report.html").string() << " (also junit.xml, "
                  << "report.json, summary.md)\n";
    } catch (const std::exception& e) {
        std::cerr << "wsgate run: cannot write reports to " << options.report_dir.string() << ": " << e.what() << "\n";
    }
}

report::run_result empty_run(const run_options& options) {
    report::run_result run;
    run.tool_version = WSGATE_VERSION;
    run.target = options.topology.target;
    run.config_path = options.topology.config ? options.topology.config->string() : std::string("seed template");
    run.started_at = report::iso_utc(std::time(nullptr));
    run.strict = options.strict;
    return run;
}

// --ca, --insecure and --host name how to reach a deployment wsgate did
// not start; a started target has the test CA and its own names.
std::string url_options_problem(const run_options& o) {
    const bool any = !o.ca_file.empty() || o.insecure || !o.host_name.empty();
    if (any && !o.topology.target.starts_with("url="))
        return "--ca, --insecure and --host are for --target url=...: a target wsgate starts uses the test CA";
    if (o.insecure && !o.ca_file.empty()) return "--insecure and --ca contradict each other";
    return {};
}

// A run that stopped before its cases: the problem on stderr as before, and
// in every report as error cases.
int stopped(const run_options& options, report::stop_kind kind, const std::string& message, int exit) {
    auto run = empty_run(options);
    report::add_stop_cases(run, kind, message);
    write_reports(run, options);
    print_totals(std::cout, run);
    return exit;
}

}  // namespace

int run_suite(const run_options& options) {
    std::vector<scenario::scenario_case> cases;
    try {
        cases = select_suite(options);
    } catch (const scenario::scenario_error& e) {
        std::cerr << "wsgate run: " << e.what() << "\n";
        return stopped(options, report::stop_kind::scenario_error, e.what(), exit_code::usage);
    }
    if (options.list) {
        for (const auto& c : cases) std::cout << c.id << "  " << c.title << "\n";
        std::cout << cases.size() << " cases\n";
        return exit_code::ok;
    }
    if (cases.empty()) {
        std::cerr << "wsgate run: no cases selected\n";
        return stopped(options, report::stop_kind::usage_error, "no cases selected", exit_code::usage);
    }
    if (const auto problem = url_options_problem(options); !problem.empty()) {
        std::cerr << "wsgate run: " << problem << "\n";
        return stopped(options, report::stop_kind::usage_error, problem, exit_code::usage);
    }
    if (options.insecure)
        std::cerr << "wsgate run: WARNING: --insecure: the target's certificate is NOT verified; the TLS cases "
                     "that check it cannot fail\n";

    // Each round gets a topology of its own: the proxy's balancer state and
    // the backends' counters left by one round must not decide the next.
    auto run = empty_run(options);
    case_printer printer(std::cout, options.strict, options.verbose);
    auto round_options = options;
    round_options.faults_on_own_topologies = true;
    if (!options.expect_file && options.topology.config) {
        const auto beside = options.topology.config->parent_path() / "wsgate.yaml";
        if (std::filesystem::exists(beside)) round_options.expect_file = beside;
    }
    if (round_options.expect_file) {
        try {
            round_options.expected = scenario::load_expectations(*round_options.expect_file);
        } catch (const scenario::scenario_error& e) {
            std::cerr << "wsgate run: " << e.what() << "\n";
            return stopped(options, report::stop_kind::scenario_error, e.what(), exit_code::usage);
        }
        std::cout << "expectations: " << round_options.expect_file->string() << "\n";
    }
    const unsigned rounds = std::max(1u, options.repeat);
    start_problem problem;
    for (unsigned round = 0; round < rounds && !interrupted(); ++round) {
        if (rounds > 1) std::cout << "round " << round + 1 << " of " << rounds << "\n";
        auto topo_options = options.topology;
        topo_options.run_dir = options.report_dir / (round == 0 ? std::string("run") : "run-" + std::to_string(round + 1));
        const auto topo = start_topology(topo_options, "run", problem);
        // A later round that cannot start ends the run; the rounds before it
        // are still reported, with the start failure as an error case.
        if (!topo && round == 0) {
            const auto kind = problem.exit_code == exit_code::usage ? report::stop_kind::config_error
                                                                    : report::stop_kind::start_failure;
            return stopped(options, kind, problem.message, problem.exit_code);
        }
        if (!topo) {
            report::add_stop_cases(run, report::stop_kind::start_failure, problem.message);
            break;
        }
        if (round == 0 && topo->context().sandbox) print_sandbox(std::cout, *topo->context().sandbox);
        report::run_result this_round;
        try {
            this_round = run_on(*topo, cases, round_options, [&](const report::case_result& r) {
                printer.print(r);
                std::cout.flush();
            });
        } catch (const scenario::scenario_error& e) {
            std::cerr << "wsgate run: " << e.what() << "\n";
            return stopped(options, report::stop_kind::scenario_error, e.what(), exit_code::usage);
        }
        if (round == 0) {
            run = std::move(this_round);
            continue;
        }
        run.duration_ms += this_round.duration_ms;
        run.cases.insert(run.cases.end(), this_round.cases.begin(), this_round.cases.end());
        for (auto& [name, log] : this_round.logs) run.logs[name] = std::move(log);
    }
    run.interrupted = interrupted();
    write_reports(run, options);
    print_totals(std::cout, run);
    if (run.interrupted) return exit_code::interrupted_by(interrupt_signal());
    if (problem.exit_code != exit_code::ok) return problem.exit_code;
    return report::verdict(run) == "passed" ? exit_code::ok : exit_code::failed;
}

}  // namespace wsgate::cli
