// Carrying an upgraded connection: the 101 to the client, then the tunnel
// (tunnel.cpp) until either side ends, then the log lines nginx writes for
// it (ngx_http_upstream_upgrade, ngx_http_upstream_process_upgraded).
#include "server/session.hpp"

#include "server/tunnel.hpp"

namespace wsgate::proxy::server {

asio::awaitable<void> session::carry_upgraded(upstream_reply& reply, std::string head,
                                              const config::location_block& location, const std::string& log_context) {
    using config::log_level;
    head += "Connection: upgrade\r\n\r\n";
    if (!co_await write_client(head + reply.leftover)) co_return;
    idle_ = false;
    const auto stats =
        co_await run_tunnel(client_, reply.socket, std::move(buffer_),
                            {location.proxy_buffer_size, location.proxy_read_timeout, location.send_timeout,
                             location.proxy_send_timeout});
    if (stats.idle_timeout || stats.upstream_send_timeout)
        log(log_level::error,
            "upstream timed out (110: Connection timed out) while proxying upgraded connection" + log_context);
    if (stats.client_send_timeout)
        log(log_level::info,
            "client timed out (110: Connection timed out) while proxying upgraded connection" + log_context);
    log_access(&location, 101, stats.to_client, head.size() + reply.leftover.size() + stats.to_client);
}

}  // namespace wsgate::proxy::server
