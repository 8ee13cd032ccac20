// After a 101: bytes copied both ways without looking at them, one buffer of
// proxy_buffer_size per direction, until either side ends (then both are
// closed, as ngx_http_upstream_process_upgraded does) or nothing moved in
// either direction for the idle timeout.
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
};

asio::awaitable<tunnel_result> run_tunnel(client_stream& client, tcp::socket& upstream, std::string pending_to_upstream,
                                          std::size_t buffer_size, std::chrono::milliseconds idle_timeout);

}  // namespace wsgate::proxy::server
