// The distribution a route's balancing settings imply, as a recommended
// case: sequential connections held open land on its non-backup servers in
// proportion to their weights (within one connection), and never on a
// backup while the others are up. Balancing by client
// address, hash, random or first-available is not checked: every connection
// of the harness comes from 127.0.0.1, so there is nothing to compare.
#pragma once

#include "engine/runner.hpp"
#include "inspect/discovery.hpp"
#include "sandbox/sandbox.hpp"

#include <cstdint>
#include <optional>

namespace wsgate::cli {

// A route's servers as the sandbox named them, with weight and backup.
struct weighted_backend {
    std::string id;
    unsigned weight = 1;
    bool backup = false;
};

// The case for one WebSocket endpoint, if its balancing can be checked.
std::optional<engine::runnable_case> distribution_case(const inspect::endpoint& e, const inspect::discovery& found,
                                                       const std::vector<weighted_backend>& backends,
                                                       std::uint16_t port);

// "weight=3" (nginx), "weight 3" (HAProxy) in a server's parameters; 1 when absent.
unsigned weight_of(const std::string& parameters);

}  // namespace wsgate::cli
