// Talking to the upstream for one request: pick a peer, connect, send the
// request, read the response head, and on failure move to the next peer as
// proxy_next_upstream allows (only before anything went to the client).
#pragma once

#include "config/model.hpp"
#include "server/client_stream.hpp"
#include "server/connection_slots.hpp"
#include "server/context.hpp"
#include "http/head_parser.hpp"

#include "http/balancer.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace wsgate::proxy::server {

// A peer of an upstream group in use by one request. Its success is
// reported when the request ends, as nginx frees the peer in
// ngx_http_upstream_finalize_request: for a WebSocket, when the tunnel
// closes. Until then a peer that had failed stays counted as failed.
class peer_lease {
public:
    peer_lease() = default;
    peer_lease(http::balancer* group, std::size_t peer) : group_(group), peer_(peer) {}
    peer_lease(peer_lease&& other) noexcept : group_(std::exchange(other.group_, nullptr)), peer_(other.peer_) {}
    peer_lease& operator=(peer_lease&& other) noexcept {
        release();
        group_ = std::exchange(other.group_, nullptr);
        peer_ = other.peer_;
        return *this;
    }
    ~peer_lease() { release(); }

private:
    void release() {
        if (group_) group_->report(peer_, false, http::clock::now());
        group_ = nullptr;
    }
    http::balancer* group_ = nullptr;
    std::size_t peer_ = 0;
};

struct upstream_reply {
    tcp::socket socket;
    http::parsed_response head;
    std::string leftover;   // bytes after the head (body start, or tunnel data after a 101)
    std::string peer_name;  // "127.0.0.10:8010", for the log
    // From the start of this peer's try: its connect, and its response head.
    std::chrono::steady_clock::duration connect_time{}, header_time{};
    peer_lease lease;       // reports the peer when the request is done with this reply
    connection_slot slot;   // the worker_connections slot the socket holds
};

struct upstream_failure {
    int status = 502;  // 502, or 504 after a timeout
};

struct upstream_request {
    const config::location_block& location;
    std::string head;         // from http::build_upstream_request
    std::string body;         // the request body, read in full beforehand
    std::string uri;          // for log lines
    std::string log_context;  // ", client: ..., server: ..., request: ..."
    std::string balance_key;  // for an upstream group that hashes: http::balance_key
    connection_slots* slots = nullptr;  // the worker's: an upstream connection takes one
};

asio::awaitable<std::variant<upstream_reply, upstream_failure>> exchange(proxy_context& ctx, std::uint64_t connection,
                                                                         const upstream_request& request);

}  // namespace wsgate::proxy::server
