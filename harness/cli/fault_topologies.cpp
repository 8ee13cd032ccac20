#include "cli/fault_topologies.hpp"

#include "cli/interrupt.hpp"

#include "wsgate/address.hpp"
#include "wsgate/seed.hpp"

#include <atomic>
#include <thread>

namespace wsgate::cli {

namespace report = harness::report;

namespace {

// At once: each is a proxy and five echo backends, most of them waiting out
// a fail_timeout; more would only queue on the machine's cores.
constexpr unsigned max_fault_topologies = 3;
// Blocks a worker tries before its case fails for want of ports.
constexpr unsigned port_block_attempts = 20;

// The first block, from first and then every stride ports, where every port
// of a seed topology is free; none below the kernel's ephemeral range.
std::optional<std::uint16_t> free_block(unsigned first, unsigned stride) {
    const auto [ephemeral_low, ephemeral_high] = ephemeral_port_range();
    for (unsigned i = 0; i < port_block_attempts; ++i) {
        const auto base = first + i * stride;
        if (base + topology::topology_port_span >= static_cast<unsigned>(ephemeral_low)) break;
        try {
            topology::require_free_ports(topology::layout::seed(static_cast<std::uint16_t>(base)), true);
            return static_cast<std::uint16_t>(base);
        } catch (const std::runtime_error&) {
        }
    }
    return std::nullopt;
}

report::case_result could_not_run(const engine::runnable_case& c, const std::string& why) {
    auto r = c.info;
    r.result = report::outcome::error;
    r.steps.push_back({.index = 1, .name = "topology", .result = report::outcome::error,
                       .message = "its own topology could not be started: " + why});
    return r;
}

}  // namespace

std::vector<report::case_result> run_on_own_topologies(
    const std::vector<engine::runnable_case>& cases, const topology::target_context& main, const run_options& options,
    std::mutex& out, const std::function<void(const report::case_result&)>& on_case_done) {
    std::vector<report::case_result> results(cases.size());
    std::atomic<std::size_t> next{0};
    const unsigned main_base = options.topology.port_base.value_or(seed::proxy_ws_port);
    const auto workers = std::min<std::size_t>(max_fault_topologies, cases.size());
    // Worker w tries blocks main_base + span * (1 + w + k * workers): the
    // workers never probe the same block.
    const auto worker = [&](unsigned w) {
        for (std::size_t i; (i = next++) < cases.size();) {
            if (interrupted()) {
                results[i] = cases[i].info;
                results[i].result = report::outcome::skipped;
                results[i].skip_reason = "interrupted";
                continue;
            }
            const unsigned span = topology::topology_port_span;
            const auto base = free_block(main_base + span * (1 + w), span * static_cast<unsigned>(workers));
            if (!base) {
                results[i] = could_not_run(cases[i], "no free block of " + std::to_string(span) + " ports");
                std::lock_guard lock(out);
                on_case_done(results[i]);
                continue;
            }
            auto t = options.topology;
            t.port_base = *base;
            t.run_dir = main.run_dir.parent_path() / (main.run_dir.filename().string() + "-fault-" + std::to_string(w));
            start_problem problem;
            const auto topo = start_topology(t, "run", problem);
            if (!topo) {
                results[i] = could_not_run(cases[i], problem.message);
                std::lock_guard lock(out);
                on_case_done(results[i]);
                continue;
            }
            results[i] = engine::run_cases({cases[i]}, environment_for(*topo, options),
                                           case_options(*topo, options, out, on_case_done))
                             .front();
        }
    };
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < workers; ++w) threads.emplace_back(worker, w);
    for (auto& t : threads) t.join();
    return results;
}

}  // namespace wsgate::cli
