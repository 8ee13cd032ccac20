#include "echo_stream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>

namespace wsgate::echo {

namespace {
constexpr auto nothrow = net::as_tuple(net::use_awaitable);
}

echo_stream::echo_stream(tcp::socket socket) : stream_(std::move(socket)) {}

echo_stream::echo_stream(tcp::socket socket, net::ssl::context& tls)
    : stream_(std::in_place_type<tls_stream>, std::move(socket), tls) {}

tcp::socket& echo_stream::socket() {
    if (auto* tls = std::get_if<tls_stream>(&stream_)) return tls->next_layer();
    return std::get<tcp::socket>(stream_);
}

echo_stream::deadline::deadline(echo_stream& stream, std::chrono::milliseconds timeout)
    : timer_(stream.get_executor(), timeout) {
    timer_.async_wait([&socket = stream.socket(), armed = armed_](boost::system::error_code ec) {
        if (!ec && *armed) {
            boost::system::error_code ignored;
            socket.close(ignored);
        }
    });
}

echo_stream::deadline::~deadline() {
    *armed_ = false;
    timer_.cancel();
}

net::awaitable<boost::system::error_code> echo_stream::handshake(std::chrono::milliseconds timeout) {
    auto* tls = std::get_if<tls_stream>(&stream_);
    if (!tls) co_return boost::system::error_code{};
    deadline limit(*this, timeout);
    auto [ec] = co_await tls->async_handshake(net::ssl::stream_base::server, nothrow);
    co_return ec;
}

net::awaitable<void> echo_stream::shutdown(std::chrono::milliseconds timeout) {
    deadline limit(*this, timeout);
    if (auto* tls = std::get_if<tls_stream>(&stream_)) {
        co_await tls->async_shutdown(nothrow);
    }
    boost::system::error_code ec;
    socket().shutdown(tcp::socket::shutdown_send, ec);
    std::array<char, 4096> discard;
    while (!ec) {
        std::tie(ec, std::ignore) = co_await socket().async_read_some(net::buffer(discard), nothrow);
    }
    socket().close(ec);
}

void echo_stream::reset() {
    boost::system::error_code ec;
    socket().set_option(tcp::socket::linger(true, 0), ec);
    socket().close(ec);
}

}  // namespace wsgate::echo
