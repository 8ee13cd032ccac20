// Peer selection for one upstream block, as ngx_http_upstream_round_robin.c
// does it: smooth weighted round-robin (each pick adds every live peer's
// effective weight to its current weight, takes the largest, subtracts the
// total), failures counted within fail_timeout, a peer that reached
// max_fails rested for fail_timeout, backup servers only when no primary is
// left, and a single-server group never marked down. Times are whole
// seconds, as nginx keeps them. With least_conn
// (ngx_http_upstream_least_conn_module.c) the peer with the fewest active
// connections for its weight is taken, ties by the same round-robin; a
// connection counts from pick() to its report(). ip_hash, hash and
// consistent hash (hash_balancing.cpp) pick by the request's key and fall
// back to round-robin after 20 peers they could not take.
#pragma once

#include "config/model.hpp"
#include "config/variables.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wsgate::proxy::http {

using clock = std::chrono::steady_clock;

// Whole seconds, as nginx's ngx_time() keeps them.
std::int64_t whole_seconds(clock::time_point t);

class balancer {
public:
    explicit balancer(const config::upstream_block& block);

    // Peers already tried by one request (nginx's rrp->tried bitmap), and
    // the hash methods' place in their sequence for it.
    struct attempt {
        std::vector<bool> tried;
        std::size_t tries_left = 0;  // nginx: as many tries as peers
        std::string key;             // ip_hash: the client address's bytes; hash: the evaluated key
        std::uint32_t hash = 0;
        std::uint32_t rehash = 0;
        unsigned hash_tries = 0;
    };
    // key: what balance_key() gives for the request.
    attempt start(std::string key = {}) const;

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
    // nullopt: round-robin decides (a single peer, no key, or 20 misses).
    std::optional<std::size_t> pick_ip_hash(attempt& a, clock::time_point now);
    std::optional<std::size_t> pick_hash(attempt& a, clock::time_point now);
    std::optional<std::size_t> pick_consistent_hash(attempt& a, clock::time_point now);
    // The primary whose weight range holds w (nginx's walk over peer->weight).
    std::size_t peer_at_weight(std::uint32_t w) const;
    bool single() const { return primaries_ == 1 && peers_.size() == 1; }
    void build_points();
    // Whether peer i may be tried by this request at all.
    bool eligible(const attempt& a, std::size_t i, std::int64_t now_s) const;
    // The checked time moves on once fail_timeout has passed since it.
    void mark_checked(peer& p, std::int64_t now_s) const;

    std::mutex mutex_;  // workers share the group, as nginx workers share a zone
    std::vector<peer> peers_;
    std::size_t primaries_ = 0;
    std::uint32_t total_weight_ = 0;  // of the primaries, down ones included
    config::upstream_block::method method_ = config::upstream_block::method::round_robin;
    // consistent hash: 160 points per unit of weight, sorted by hash.
    struct point {
        std::uint32_t hash;
        std::size_t peer;
    };
    std::vector<point> points_;
};

// What the group's method hashes for a request: the first three bytes of an
// IPv4 client address (all sixteen of IPv6) for ip_hash, the evaluated key
// for hash; empty for the other methods.
std::string balance_key(const config::upstream_block& block, const config::eval_context& request,
                        std::string_view client_address);

}  // namespace wsgate::proxy::http
