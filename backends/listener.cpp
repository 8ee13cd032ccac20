#include "listener.hpp"

#include "http_session.hpp"
#include "log.hpp"
#include "spawn.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>

namespace wsgate::echo {

namespace {

constexpr auto nothrow = net::as_tuple(net::use_awaitable);
// After a failed accept (out of file descriptors, most likely) the listener
// waits this long instead of spinning.
constexpr auto accept_retry_pause = std::chrono::milliseconds(100);

tcp::acceptor bind(net::io_context& ioc, const listen_spec& spec) {
    try {
        const tcp::endpoint endpoint(net::ip::make_address(spec.address.host), spec.address.port);
        tcp::acceptor acceptor(ioc, endpoint.protocol());
        acceptor.set_option(tcp::acceptor::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(net::socket_base::max_listen_connections);
        return acceptor;
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + spec.address.str() + " (" + spec.id +
                                 "): " + e.code().message());
    }
}

}  // namespace

listener::listener(io_pool& pool, const listen_spec& spec, const listener_context& context)
    : pool_(pool), acceptor_(bind(pool.first(), spec)), context_(context) {}

void listener::start() {
    spawn(acceptor_.get_executor(), [self = shared_from_this()] { return self->accept_loop(); });
}

void listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ignored;
        self->acceptor_.close(ignored);
    });
}

net::awaitable<void> listener::accept_loop() {
    while (acceptor_.is_open()) {
        auto [ec, socket] = co_await acceptor_.async_accept(pool_.next_strand(), nothrow);
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) co_return;
        if (ec) {
            log_line("[" + context_.id + "] accept failed: " + ec.message());
            net::steady_timer pause(acceptor_.get_executor(), accept_retry_pause);
            co_await pause.async_wait(nothrow);
            continue;
        }
        // Small echoes go out at once, as the servers wsgate-echo stands for
        // send them (Node's ws, nginx's tcp_nodelay on): with Nagle an echo
        // waited for the peer's next message to carry the ACK it needed, and
        // every latency past a few thousand messages a second was one send
        // interval long.
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        auto stream =
            context_.tls ? echo_stream(std::move(socket), *context_.tls) : echo_stream(std::move(socket));
        std::make_shared<http_session>(std::move(stream), context_)->start();
    }
}

}  // namespace wsgate::echo
