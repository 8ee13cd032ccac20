// The HTTP part of a connection: reads requests (request_reader), answers
// plain requests and refused handshakes with keep-alive, and hands the
// connection to a websocket_session after a 101.
#pragma once

#include "connection_registry.hpp"
#include "echo_stream.hpp"
#include "introspection.hpp"
#include "listener_context.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>
#include <tuple>
#include <string_view>

namespace wsgate::echo {

class http_session : public connection, public std::enable_shared_from_this<http_session> {
public:
    http_session(echo_stream stream, const listener_context& context);
    ~http_session() override;

    void start();
    void stop() override;

private:
    net::awaitable<void> run();
    net::awaitable<void> reject(boost::beast::http::status status, std::string_view reason);
    net::awaitable<std::tuple<boost::system::error_code, std::size_t>> write_within(
        const boost::beast::http::response<boost::beast::http::string_body>& response,
        std::chrono::milliseconds timeout);
    void log(std::string_view what) const;

    echo_stream stream_;
    net::any_io_executor executor_;
    const listener_context& context_;
    peer_info peer_;
    boost::beast::flat_buffer buffer_;
    std::uint64_t registry_key_ = 0;
    bool handed_over_ = false;
};

}  // namespace wsgate::echo
