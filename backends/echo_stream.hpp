// A server connection that is either plain TCP (ws) or TLS over TCP (wss), so
// one session class serves both kinds of listener. It is an Asio stream, so
// Beast's HTTP reader and Asio's composed writes work on it.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <utility>
#include <variant>

namespace wsgate::echo {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class echo_stream {
public:
    using executor_type = net::any_io_executor;
    using tls_stream = net::ssl::stream<tcp::socket>;

    explicit echo_stream(tcp::socket socket);
    echo_stream(tcp::socket socket, net::ssl::context& tls);

    executor_type get_executor() { return socket().get_executor(); }
    tcp::socket& socket();
    bool is_tls() const { return std::holds_alternative<tls_stream>(stream_); }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        return std::visit([&](auto& s) { return s.async_read_some(buffers, std::forward<Token>(token)); },
                          stream_);
    }

    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        return std::visit([&](auto& s) { return s.async_write_some(buffers, std::forward<Token>(token)); },
                          stream_);
    }

    // The TLS server handshake; nothing on plain TCP. Gives up after timeout.
    net::awaitable<boost::system::error_code> handshake(std::chrono::milliseconds timeout);

    // Ends the connection politely within timeout: TLS close_notify, then FIN,
    // then reading until the peer closes too, so unread input cannot turn the
    // close into a reset that destroys what was sent last.
    net::awaitable<void> shutdown(std::chrono::milliseconds timeout);

    // Ends the connection with a TCP reset (SO_LINGER 0), no close_notify.
    void reset();

    // Closes the socket when timeout passes unless disarmed; one step at a time.
    class deadline {
    public:
        deadline(echo_stream& stream, std::chrono::milliseconds timeout);
        ~deadline();
        deadline(const deadline&) = delete;
        deadline& operator=(const deadline&) = delete;

    private:
        net::steady_timer timer_;
        std::shared_ptr<bool> armed_ = std::make_shared<bool>(true);
    };

private:
    std::variant<tcp::socket, tls_stream> stream_;
};

}  // namespace wsgate::echo
