// Relaying an ordinary response body to the client as it arrives, with the
// upstream's framing (Content-Length, chunked, or until the upstream closes)
// and proxy_read_timeout per read, as nginx's unbuffered upstream does.
#include "server/session.hpp"

#include "wsgate/chunked.hpp"

#include <algorithm>
#include <vector>

namespace wsgate::proxy::server {

namespace {

// The read buffer is proxy_buffer_size, but never smaller than this.
constexpr std::size_t min_read_buffer = 4096;

}  // namespace

asio::awaitable<session::relay_outcome> session::relay_body(upstream_reply& reply,
                                                            const http::client_response_head& head, bool until_close,
                                                            const config::location_block& location,
                                                            const std::string& log_context) {
    using config::log_level;
    relay_outcome out;
    std::string pending = std::move(reply.leftover);
    // Only finds where a chunked body ends: the chunks are relayed as they are.
    http1::chunked_decoder chunks;
    std::uint64_t remaining = head.content_length.value_or(0);
    std::vector<char> buffer(std::max<std::size_t>(location.proxy_buffer_size, min_read_buffer));
    deadline upstream_deadline(reply.socket.get_executor());
    for (;;) {
        std::string_view piece = pending;
        if (head.chunked) piece = piece.substr(0, chunks.feed(piece));
        else if (head.content_length) piece = piece.substr(0, std::min<std::uint64_t>(remaining, piece.size()));
        if (!piece.empty()) {
            if (!co_await write_client(std::string(piece))) co_return out;
            out.sent += piece.size();
            if (head.content_length) remaining -= piece.size();
        }
        pending.clear();
        if (head.chunked && chunks.state() == http1::chunked_decoder::status::invalid) {
            log(log_level::error, "upstream sent invalid chunked response while reading upstream" + log_context);
            co_return out;
        }
        if ((head.chunked && chunks.done()) || (head.content_length && remaining == 0)) {
            out.complete = true;
            co_return out;
        }
        upstream_deadline.arm(location.proxy_read_timeout, [&reply] {
            boost::system::error_code ignored;
            reply.socket.close(ignored);
        });
        auto [ec, n] = co_await reply.socket.async_read_some(asio::buffer(buffer), nothrow);
        upstream_deadline.cancel();
        if (ec) {
            if (!until_close)
                log(log_level::error, std::string(upstream_deadline.expired() ? "upstream timed out"
                                                                              : "upstream prematurely closed connection") +
                                          " while reading upstream" + log_context);
            out.complete = until_close;
            co_return out;
        }
        pending.assign(buffer.data(), n);
    }
}

}  // namespace wsgate::proxy::server
