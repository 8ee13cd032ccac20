#include "soak/soak_run.hpp"

#include "soak/legit_traffic.hpp"

#include "wsgate/proc_stats.hpp"

#include <algorithm>
#include <thread>

namespace wsgate::soak {

namespace {

using namespace std::chrono_literals;

// The legitimate clients connect before the attack starts.
constexpr auto lead_in = 500ms;
constexpr auto sample_interval = 100ms;
// How long the victim gets to release what the attack held once it let go.
constexpr auto settle_limit = 15s;
// Open files that may come and go without being a leak: log files being
// reopened, an upstream keep-alive connection, the listener of a reload.
constexpr std::size_t fd_slack = 4;

struct sample {
    std::size_t fds = 0;
    std::size_t rss_kib = 0;
};

sample take_sample(pid_t pid) { return {proc::open_fds(pid), proc::rss_kib(pid)}; }

// Waits until the victim holds no more open files than before (plus the
// slack), the settle limit passes, or a process of the run ends.
sample settle(pid_t pid, std::size_t fds_before, const std::function<std::string()>& health) {
    const auto until = std::chrono::steady_clock::now() + settle_limit;
    auto now = take_sample(pid);
    while (now.fds > fds_before + fd_slack && std::chrono::steady_clock::now() < until && health().empty()) {
        std::this_thread::sleep_for(sample_interval);
        now = take_sample(pid);
    }
    return now;
}

soak_row run_one(const victim& v, const attack& a, const soak_options& options,
                 const std::function<std::string()>& health) {
    soak_row row;
    row.attack = std::string(a.name);
    row.victim = v.name;
    if (a.on_tls_port && v.endpoint.tls_port == 0) {
        row.skipped = "no TLS listener";
        return row;
    }
    const auto before = take_sample(v.pid);
    row.fds = {before.fds, before.fds, 0};
    row.rss_kib = {before.rss_kib, before.rss_kib, 0};

    const auto started = std::chrono::steady_clock::now();
    legit_traffic legit(v.legit, lead_in + options.per_attack);
    std::this_thread::sleep_for(lead_in);
    attack_tally tally;
    const auto attack_until = std::chrono::steady_clock::now() + options.per_attack;
    std::jthread attacker([&] { a.run(v.endpoint, attack_until, tally); });
    while (std::chrono::steady_clock::now() < attack_until && health().empty()) {
        std::this_thread::sleep_for(sample_interval);
        const auto now = take_sample(v.pid);
        row.fds.peak = std::max(row.fds.peak, now.fds);
        row.rss_kib.peak = std::max(row.rss_kib.peak, now.rss_kib);
    }
    attacker.join();
    const auto outcome = legit.finish();
    row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const auto after = settle(v.pid, before.fds, health);
    row.fds.after = after.fds;
    row.rss_kib.after = after.rss_kib;
    row.crash = health();
    row.fd_leak = row.crash.empty() && after.fds > before.fds + fd_slack;
    row.attack_connections = tally.connections;
    row.refused = tally.refused;
    row.answered = tally.answered;
    row.closed_by_victim = tally.closed;
    row.legit_messages = outcome.messages;
    row.legit_failures = outcome.failures;
    row.probes = outcome.probes;
    row.first_legit_failure = outcome.first_failure;
    return row;
}

}  // namespace

std::vector<soak_row> run_soak(const std::vector<victim>& victims, const soak_options& options,
                               const std::function<std::string()>& health,
                               const std::function<void(const soak_row&)>& done,
                               const std::function<bool()>& interrupted) {
    std::vector<soak_row> rows;
    for (const auto& v : victims)
        for (const auto* a : options.attacks) {
            if (interrupted() || !health().empty()) return rows;
            rows.push_back(run_one(v, *a, options, health));
            done(rows.back());
        }
    return rows;
}

}  // namespace wsgate::soak
