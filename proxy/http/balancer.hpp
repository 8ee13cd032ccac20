// Peer selection for one upstream block, as ngx_http_upstream_round_robin.c
// does it: smooth weighted round-robin (each pick adds every live peer's
// effective weight to its current weight, takes the largest, subtracts the
// total), failures counted within fail_timeout, a peer that reached
// max_fails rested for fail_timeout, backup servers only when no primary is
// left, and a single-server group never marked down. Times are whole
// seconds, as nginx keeps them. With least_conn
// (ngx_http_upstream_least_conn_module.c) the peer with the fewest active
// connections for its weight is taken, ties by the same round-robin; a
// connection counts from pick() to its report().
#pragma once

#include "config/model.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace wsgate::proxy::http {

using clock = std::chrono::steady_clock;

class balancer {
public:
    explicit balancer(const config::upstream_block& block);

    // Peers already tried by one request (nginx's rrp->tried bitmap).
    struct attempt {
        std::vector<bool> tried;
        std::size_t tries_left = 0;  // nginx: as many tries as peers
    };
    attempt start() const;

    // The next peer for this request, or nullopt when none is live ("no live
    // upstreams" in nginx's log; the request gets 502).
    std::optional<std::size_t> pick(attempt& a, clock::time_point now);

    // The end of one try (its connection closed, or its failure); a failure
    // counts towards max_fails.
    void report(std::size_t peer, bool failed, clock::time_point now);

    const config::upstream_server& server(std::size_t peer) const { return *peers_[peer].server; }
    std::size_t size() const { return peers_.size(); }

private:
    struct peer {
        const config::upstream_server* server;
        int current_weight = 0;
        int effective_weight = 0;
        int fails = 0;
        std::int64_t accessed = 0;  // whole seconds, as nginx's ngx_time()
        std::int64_t checked = 0;
        int conns = 0;  // picked and not yet reported
    };
    // fail_timeout is measured in whole seconds, like nginx: a peer that
    // failed at 12.9 s is tried again when the clock reads 23 s or later.
    bool resting(const peer& p, std::int64_t now_s) const;
    std::optional<std::size_t> pick_from(attempt& a, bool backup, clock::time_point now);
    std::optional<std::size_t> pick_least_conn_from(attempt& a, bool backup, clock::time_point now);
    // Whether peer i may be tried by this request at all.
    bool eligible(const attempt& a, std::size_t i, std::int64_t now_s) const;
    // The checked time moves on once fail_timeout has passed since it.
    void mark_checked(peer& p, std::int64_t now_s) const;

    std::mutex mutex_;  // workers share the group, as nginx workers share a zone
    std::vector<peer> peers_;
    std::size_t primaries_ = 0;
    config::upstream_block::method method_ = config::upstream_block::method::round_robin;
};

}  // namespace wsgate::proxy::http
