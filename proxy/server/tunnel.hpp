// After a 101: bytes copied both ways without looking at them, one buffer of
// proxy_buffer_size per direction, until either side ends (then both are
// closed, as ngx_http_upstream_process_upgraded does) or nothing moved in
// either direction for the idle timeout, or a write has waited longer than
// its send timeout (a peer that stopped reading), as nginx times the writes
// of an upgraded connection.
#pragma once

#include "server/client_stream.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace wsgate::proxy::server {

struct tunnel_result {
    std::uint64_t to_client = 0;
    std::uint64_t to_upstream = 0;
    bool idle_timeout = false;
    bool client_send_timeout = false;    // the client took nothing for send_timeout
    bool upstream_send_timeout = false;  // the upstream took nothing for proxy_send_timeout
};

struct tunnel_limits {
    std::size_t buffer_size;                  // proxy_buffer_size
    std::chrono::milliseconds idle;           // proxy_read_timeout
    std::chrono::milliseconds client_send;    // send_timeout
    std::chrono::milliseconds upstream_send;  // proxy_send_timeout
};

asio::awaitable<tunnel_result> run_tunnel(client_stream& client, tcp::socket& upstream, std::string pending_to_upstream,
                                          const tunnel_limits& limits);

}  // namespace wsgate::proxy::server
