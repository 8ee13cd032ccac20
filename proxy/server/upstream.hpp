// Talking to the upstream for one request: pick a peer, connect, send the
// request, read the response head, and on failure move to the next peer as
// proxy_next_upstream allows (only before anything went to the client).
#pragma once

#include "config/model.hpp"
#include "server/client_stream.hpp"
#include "server/context.hpp"
#include "server/head_parser.hpp"

#include <optional>
#include <string>
#include <variant>

namespace wsgate::proxy::server {

struct upstream_reply {
    tcp::socket socket;
    parsed_response head;
    std::string leftover;   // bytes after the head (body start, or tunnel data after a 101)
    std::string peer_name;  // "127.0.0.10:8010", for the log
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
};

asio::awaitable<std::variant<upstream_reply, upstream_failure>> exchange(proxy_context& ctx, std::uint64_t connection,
                                                                         const upstream_request& request);

}  // namespace wsgate::proxy::server
