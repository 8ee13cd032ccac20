#include "server/worker.hpp"

#include "http/route.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace wsgate::proxy::server {

worker::worker(proxy_context& ctx, const listeners& sockets)
    : ctx_(ctx), slots_(static_cast<std::size_t>(std::max(0, ctx.config.worker_connections))) {
    // Each worker accepts on its own descriptor of the shared socket, so
    // closing its acceptor leaves the socket to the others and to a reload.
    for (const auto& address : ctx.config.addresses) {
        if (!address.bind) continue;
        const int fd = ::fcntl(sockets.socket_of(address.text), F_DUPFD_CLOEXEC, 0);
        if (fd < 0) throw std::runtime_error("dup() of the socket of " + address.text + " failed");
        const bool v6 = address.address.find(':') != std::string::npos;
        auto acceptor = std::make_unique<tcp::acceptor>(ioc_);
        boost::system::error_code ec;
        acceptor->assign(v6 ? tcp::v6() : tcp::v4(), fd, ec);
        if (ec) {
            ::close(fd);
            throw std::runtime_error("listening on " + address.text + " failed (" + ec.message() + ")");
        }
        acceptors_.push_back(std::move(acceptor));
    }
    // Each listening socket holds a connection of the worker, as in nginx,
    // and one more stands for the nginx worker's channel to its master: the
    // same number of clients fit under the same worker_connections.
    for (std::size_t held = 0; held <= acceptors_.size(); ++held) {
        auto slot = slots_.take();
        if (!slot) throw std::runtime_error(slots_.not_enough());
        listening_slots_.push_back(std::move(*slot));
    }
}

worker::~worker() { join(); }

void worker::start() {
    for (auto& a : acceptors_) asio::co_spawn(ioc_, accept_loop(*a), asio::detached);
    thread_ = std::thread([this] {
        ioc_.run();
        finished_ = true;
    });
}

asio::awaitable<void> worker::accept_loop(tcp::acceptor& acceptor) {
    while (acceptor.is_open()) {
        auto [ec, socket] = co_await acceptor.async_accept(nothrow);
        if (ec) {
            if (!acceptor.is_open()) co_return;
            ctx_.errors.write(config::log_level::alert, 0, "accept() failed (" + ec.message() + ")");
            continue;
        }
        boost::system::error_code ignored;
        // ngx_event_accept: no connection left, the new one is closed at once.
        auto slot = slots_.take();
        if (!slot) {
            ctx_.errors.write(config::log_level::alert, 0, slots_.not_enough());
            socket.close(ignored);
            continue;
        }
        const auto local = socket.local_endpoint(ignored);
        const auto* address = http::find_listen_address(ctx_.config, local.address().to_string(), local.port());
        if (!address) continue;
        socket.set_option(tcp::no_delay(true), ignored);
        try {
            client_stream stream = address->ssl ? client_stream(std::move(socket), *ctx_.tls.for_address(*address))
                                                : client_stream(std::move(socket));
            std::make_shared<session>(ctx_, *address, std::move(stream), sessions_, slots_, std::move(*slot))->start();
        } catch (const std::exception& e) {
            ctx_.errors.write(config::log_level::error, 0, e.what());
        }
    }
}

void worker::shut_down(bool graceful) {
    asio::post(ioc_, [this, graceful] {
        for (auto& a : acceptors_) {
            boost::system::error_code ignored;
            a->close(ignored);
        }
        sessions_.each([graceful](session& s) { graceful ? s.stop_when_idle() : s.stop(); });
    });
}

void worker::stop_now() { ioc_.stop(); }

void worker::join() {
    if (thread_.joinable()) thread_.join();
}

}  // namespace wsgate::proxy::server
