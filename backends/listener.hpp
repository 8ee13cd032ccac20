// Accepts connections on one address and starts an http_session for each, on
// a strand of the next I/O thread.
#pragma once

#include "echo_stream.hpp"
#include "io_pool.hpp"
#include "listener_context.hpp"
#include "options.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>

namespace wsgate::echo {

class listener : public std::enable_shared_from_this<listener> {
public:
    // Binds and listens at once; throws std::runtime_error naming the address.
    // context must outlive every connection (the server keeps it).
    listener(io_pool& pool, const listen_spec& spec, const listener_context& context);

    tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    const listener_context& context() const { return context_; }

    void start();
    // Closes the listening socket; open connections stay. Any thread.
    void stop();

private:
    net::awaitable<void> accept_loop();

    io_pool& pool_;
    tcp::acceptor acceptor_;
    const listener_context& context_;
};

}  // namespace wsgate::echo
