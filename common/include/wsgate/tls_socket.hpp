// A TLS connection that reads and writes the TCP socket itself, as nginx
// does, instead of through Asio's ssl::stream. ssl::stream keeps two 17 KiB
// record buffers per connection for its whole life; here OpenSSL's own
// buffers are the only ones, and SSL_MODE_RELEASE_BUFFERS frees them while a
// connection is idle. That is what an idle wss tunnel costs in the proxy and
// what each of thousands of load connections costs in the generator.
//
// Every operation is a non-blocking SSL call; when OpenSSL needs the socket
// readable or writable the operation waits for that and calls again. One
// thread (or strand) at a time may use it; a read and a write may be pending
// together.
#pragma once

#include <boost/asio/compose.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream_base.hpp>

#include <cstddef>
#include <type_traits>

namespace wsgate {

class tls_socket {
public:
    using tcp = boost::asio::ip::tcp;
    using executor_type = tcp::socket::executor_type;
    using error_code = boost::system::error_code;
    using handshake_type = boost::asio::ssl::stream_base::handshake_type;

    tls_socket(tcp::socket socket, boost::asio::ssl::context& ctx);
    tls_socket(tls_socket&& other) noexcept;
    tls_socket& operator=(tls_socket&&) = delete;
    ~tls_socket();

    executor_type get_executor() { return socket_.get_executor(); }
    tcp::socket& next_layer() { return socket_; }
    SSL* native_handle() { return ssl_; }

    // Decrypted or undecrypted bytes OpenSSL already holds: a read can
    // succeed with nothing new on the socket.
    bool has_buffered_input() const;

    // One non-blocking read: would_block means wait for wanted_for_read()
    // on the socket, then call again.
    std::size_t read_some_now(boost::asio::mutable_buffer buffer, error_code& ec);

    // What a read waits for: readable, unless the last read_some_now needed
    // to write first (a TLS 1.3 key update answered into a full socket).
    tcp::socket::wait_type wanted_for_read() const { return read_wants_write_ ? tcp::socket::wait_write : tcp::socket::wait_read; }

    template <class Token>
    auto async_handshake(handshake_type type, Token&& token) {
        start_handshake(type);
        return start<false>([this](error_code& ec) { handshake_now(ec); return std::size_t{0}; }, token);
    }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        const auto b = first_nonempty<boost::asio::mutable_buffer>(buffers);
        return start<true>([this, b](error_code& ec) { return read_some_now(b, ec); }, token);
    }

    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        const auto b = first_nonempty<boost::asio::const_buffer>(buffers);
        return start<true>([this, b](error_code& ec) { return write_some_now(b, ec); }, token);
    }

private:
    // The other non-blocking steps; would_block means wait for wanted_.
    std::size_t write_some_now(boost::asio::const_buffer buffer, error_code& ec);
    void handshake_now(error_code& ec);

    // Calls step until it stops asking to wait. A result ready on the first
    // call is posted, so a handler never runs inside its own initiation.
    template <bool WithSize, class Step>
    struct step_op {
        tls_socket& s;
        Step step;
        enum class state { first, waiting, posted } at = state::first;
        error_code result{};
        std::size_t bytes = 0;

        template <class Self>
        void operator()(Self& self, error_code ec = {}) {
            if (at != state::posted) {
                if (!ec) {
                    bytes = step(ec);
                    if (ec == boost::asio::error::would_block) {
                        at = state::waiting;
                        return s.socket_.async_wait(s.wanted_, std::move(self));
                    }
                }
                result = ec;
                if (at == state::first) {
                    at = state::posted;
                    return boost::asio::post(std::move(self));
                }
            }
            if constexpr (WithSize) self.complete(result, bytes);
            else self.complete(result);
        }
    };

    template <bool WithSize, class Step, class Token>
    auto start(Step step, Token& token) {
        using signature = std::conditional_t<WithSize, void(error_code, std::size_t), void(error_code)>;
        return boost::asio::async_compose<Token, signature>(step_op<WithSize, Step>{*this, std::move(step)}, token,
                                                            socket_);
    }

    template <class Buffer, class Sequence>
    static Buffer first_nonempty(const Sequence& buffers) {
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers); ++it)
            if (Buffer b(*it); b.size() != 0) return b;
        return Buffer{};
    }

    // One SSL_read or SSL_write of size bytes: what moved, or 0 and why.
    template <class Call>
    std::size_t transfer(std::size_t size, error_code& ec, Call call);

    void start_handshake(handshake_type type);
    error_code outcome(int ret, int saved_errno);

    tcp::socket socket_;
    SSL* ssl_;
    tcp::socket::wait_type wanted_ = tcp::socket::wait_read;
    bool read_wants_write_ = false;
};

}  // namespace wsgate
