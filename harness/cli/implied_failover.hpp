// config/failover@URL: with one of the route's servers dead, new
// connections still upgrade, on the others, as the config's failover
// settings say they will. nginx passes a failed connection to the next
// server (proxy_next_upstream error, its default), so every connection must
// upgrade at once. HAProxy redispatches with "option redispatch", or stops
// sending to a server its health checks ("check", fall x inter) took down;
// Caddy retries others within lb_try_duration, or leaves a server its
// active health checks (health_uri, health_interval) marked down. A route
// with none of these loses the connections sent to the dead server: a
// finding that names what to add, not a failure (the config chose it).
#pragma once

#include "cli/implied_distribution.hpp"
#include "engine/runner.hpp"
#include "inspect/discovery.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace wsgate::cli {

// How a route survives a dead server, read from its settings.
struct failover_plan {
    bool fails_over = false;                 // the config says connections reach the others
    std::chrono::milliseconds settle{0};     // how long until the proxy stops choosing the dead one
    std::string how;                         // the settings that decide, in the config's words
};

failover_plan failover_of(const inspect::discovery& found, const inspect::upstream_group& group);

// The case for one WebSocket endpoint with at least two servers serving.
std::optional<engine::runnable_case> failover_case(const inspect::endpoint& e, const inspect::discovery& found,
                                                   const std::vector<weighted_backend>& backends, std::uint16_t port);

}  // namespace wsgate::cli
