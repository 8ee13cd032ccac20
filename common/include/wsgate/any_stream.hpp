// A TCP connection that is plain or TLS, read and written the same way with
// coroutines or handlers: the proxy's client side, the load generator's
// connections.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "wsgate/tls_socket.hpp"

#include <variant>

namespace wsgate {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
// Completion token for coroutines that look at error codes instead of catching.
inline constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

class any_stream {
public:
    explicit any_stream(tcp::socket socket) : stream_(std::move(socket)) {}
    any_stream(tcp::socket socket, asio::ssl::context& ctx)
        : stream_(std::in_place_type<tls_socket>, std::move(socket), ctx) {}

    bool is_tls() const { return std::holds_alternative<tls_socket>(stream_); }
    tls_socket& tls() { return std::get<tls_socket>(stream_); }

    tcp::socket& socket() {
        return std::visit(
            [](auto& s) -> tcp::socket& {
                if constexpr (std::is_same_v<std::decay_t<decltype(s)>, tcp::socket>) return s;
                else return s.next_layer();
            },
            stream_);
    }

    asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> read_some(asio::mutable_buffer b) {
        return std::visit([&](auto& s) { return s.async_read_some(b, nothrow); }, stream_);
    }

    asio::awaitable<std::tuple<boost::system::error_code, std::size_t>> write(asio::const_buffer b) {
        return std::visit([&](auto& s) { return asio::async_write(s, b, nothrow); }, stream_);
    }

    template <class Handler>
    void async_read_some(asio::mutable_buffer b, Handler&& handler) {
        std::visit([&](auto& s) { s.async_read_some(b, std::forward<Handler>(handler)); }, stream_);
    }

    template <class Handler>
    void async_write(asio::const_buffer b, Handler&& handler) {
        std::visit([&](auto& s) { asio::async_write(s, b, std::forward<Handler>(handler)); }, stream_);
    }

    // Goes on as plain TCP on the same socket (before any TLS byte was read:
    // a plain-HTTP client on a TLS port).
    void drop_tls() {
        if (!is_tls()) return;
        tcp::socket plain = std::move(tls().next_layer());
        stream_.emplace<tcp::socket>(std::move(plain));
    }

    // Reads what has arrived without waiting; would_block when nothing has.
    // A plain socket must be in non-blocking mode (a TLS one always is).
    std::size_t read_now(asio::mutable_buffer b, boost::system::error_code& ec) {
        if (is_tls()) return tls().read_some_now(b, ec);
        return socket().read_some(b, ec);
    }

    // Calls handler(ec) once read_now may have bytes: at once when the TLS
    // layer already holds some, else when the socket is ready.
    template <class Handler>
    void async_wait_readable(Handler&& handler) {
        if (!is_tls()) return socket().async_wait(tcp::socket::wait_read, std::forward<Handler>(handler));
        if (tls().has_buffered_input())
            return asio::post(socket().get_executor(),
                              [h = std::forward<Handler>(handler)]() mutable { h(boost::system::error_code{}); });
        socket().async_wait(tls().wanted_for_read(), std::forward<Handler>(handler));
    }

    void close() {
        boost::system::error_code ignored;
        socket().close(ignored);
    }

private:
    std::variant<tcp::socket, tls_socket> stream_;
};

}  // namespace wsgate
