// Attacks that hold or churn connections rather than send anything hostile:
// slowloris, half-open connections, connect-and-close churn.
#include "soak/attack_kinds.hpp"

#include <algorithm>
#include <thread>
#include <vector>

namespace wsgate::soak {

namespace {

using namespace std::chrono_literals;

// Enough to fill a small server's connection table, well under the 20,000
// open files one process may hold.
constexpr std::size_t held_connections = 300;
constexpr auto connect_limit = 2s;
constexpr auto slowloris_interval = 1s;
constexpr auto held_poll = 100ms;
// Churn stops at this rate, so it measures the server, not the kernel's
// supply of ephemeral ports (connections in TIME_WAIT on this side).
constexpr std::uint64_t churn_per_second = 10'000;
// Ahead of the rate, churn waits this long: ten connections' worth at the
// top rate, so the rate holds without spinning a core.
constexpr auto churn_pause = 1ms;
// The rest end with a reset: each FIN close leaves a local port in TIME_WAIT
// for a minute, and the legitimate clients beside the attack need ports too.
constexpr std::uint64_t fin_closes_every = 10;

// Opens up to held_connections before until, sending opening on each.
std::vector<raw_connection> open_held(const victim_endpoint& victim, clock::time_point until,
                                      attack_tally& tally, std::string_view opening) {
    std::vector<raw_connection> held;
    held.reserve(held_connections);
    // One attempt per connection wanted: a server that refuses them is not asked again and again.
    for (std::size_t attempt = 0; attempt < held_connections && clock::now() < until; ++attempt) {
        raw_connection c;
        ++tally.connections;
        if (!c.connect(victim.host, victim.port, std::min(until, clock::now() + connect_limit))) {
            ++tally.refused;
            continue;
        }
        if (!opening.empty() && !c.write_all(opening, std::min(until, clock::now() + connect_limit))) {
            ++tally.closed;
            continue;
        }
        held.push_back(std::move(c));
    }
    return held;
}

// Counts and drops the connections the server has closed.
void drop_closed(std::vector<raw_connection>& held, attack_tally& tally) {
    for (auto& c : held)
        if (c.is_open() && c.closed_by_peer()) {
            ++tally.closed;
            c.close();
        }
}

}  // namespace

void slowloris(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    const auto opening = "GET " + victim.ws_path + " HTTP/1.1\r\nHost: " + victim.host_header + "\r\n";
    auto held = open_held(victim, until, tally, opening);
    for (auto next = clock::now() + slowloris_interval; clock::now() < until; next += slowloris_interval) {
        std::this_thread::sleep_until(std::min(next, until));
        drop_closed(held, tally);
        for (auto& c : held)
            if (c.is_open() && !c.write_all("X-Slow: 1\r\n", std::min(until, clock::now() + held_poll))) {
                ++tally.closed;
                c.close();
            }
    }
    drop_closed(held, tally);
}

void half_open(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    auto held = open_held(victim, until, tally, {});
    while (clock::now() < until) {
        std::this_thread::sleep_until(std::min(clock::now() + held_poll, until));
        drop_closed(held, tally);
    }
}

void churn(const victim_endpoint& victim, clock::time_point until, attack_tally& tally) {
    const auto start = clock::now();
    std::uint64_t n = 0;
    while (clock::now() < until) {
        const auto allowed = static_cast<std::uint64_t>(
            std::chrono::duration<double>(clock::now() - start).count() * churn_per_second);
        if (n >= allowed) {
            std::this_thread::sleep_for(churn_pause);
            continue;
        }
        ++n;
        raw_connection c;
        ++tally.connections;
        if (!c.connect(victim.host, victim.port, std::min(until, clock::now() + connect_limit))) {
            ++tally.refused;
            continue;
        }
        if (n % fin_closes_every == 0)
            c.close();
        else
            c.reset();
    }
}

}  // namespace wsgate::soak
