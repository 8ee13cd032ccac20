// Reading a request body before the upstream is asked, as nginx does with
// proxy_request_buffering on (ngx_http_request_body.c): a Content-Length
// body whole, a chunked one decoded, both within client_header_timeout per read.
#include "server/session.hpp"

#include "wsgate/chunked.hpp"

namespace wsgate::proxy::server {

asio::awaitable<std::optional<std::string>> session::read_request_body(const http::request_info& info,
                                                                       const config::server_block& server,
                                                                       const config::location_block& location,
                                                                       const std::string& request_line) {
    using config::log_level;
    std::string body;
    const auto read_more = [&]() -> asio::awaitable<bool> {
        client_deadline_.arm(server.client_header_timeout, [this] { client_.close(); });
        const auto ec = co_await read_more_from_client();
        client_deadline_.cancel();
        co_return !ec;
    };
    if (info.chunked) {
        const std::uint64_t limit = location.client_max_body_size ? location.client_max_body_size : UINT64_MAX;
        // One decoder across the reads: each byte is decoded once however
        // the body arrives, where decoding the whole buffer again after every
        // read would cost a slow sender's body size squared.
        http1::chunked_decoder decoder(limit);
        std::size_t decoded = 0;
        while (!decoder.done()) {
            decoded += decoder.feed(std::string_view(buffer_).substr(decoded), &body);
            if (decoder.state() == http1::chunked_decoder::status::invalid) {
                log(log_level::info, "client sent invalid chunked body, client: " + connection_.remote_addr);
                co_await respond(400, {}, false, request_line, &location);
                co_return std::nullopt;
            }
            if (decoder.state() == http1::chunked_decoder::status::too_large) {
                log(log_level::error,
                    "client intended to send too large chunked body, client: " + connection_.remote_addr);
                co_await respond(413, {}, false, request_line, &location);
                co_return std::nullopt;
            }
            if (!decoder.done() && !co_await read_more()) co_return std::nullopt;
        }
        buffer_.erase(0, decoded);
    } else if (info.content_length && *info.content_length > 0) {
        while (buffer_.size() < *info.content_length)
            if (!co_await read_more()) co_return std::nullopt;
        body = buffer_.substr(0, *info.content_length);
        buffer_.erase(0, *info.content_length);
    }
    co_return body;
}

}  // namespace wsgate::proxy::server
