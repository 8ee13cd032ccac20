// The whole backend: the I/O threads, a listener per --listen, the TLS
// context of the wss listeners, and the signals that stop it.
#pragma once

#include "connection_registry.hpp"
#include "io_pool.hpp"
#include "listener.hpp"
#include "listener_context.hpp"
#include "options.hpp"
#include "ready_file.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>

#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <vector>

namespace wsgate::echo {

class server {
public:
    // Binds every listener; throws std::runtime_error naming what failed.
    explicit server(const options& o);

    std::vector<bound_listener> listeners() const;

    // Serves until SIGTERM or SIGINT, then sends close 1001 on every
    // WebSocket and returns within 2 s. SIGUSR1 closes the listening sockets
    // and keeps the open connections.
    void run();

private:
    void wait_for_signal();

    // Declared before the pool: connections refer to them until the pool's
    // io_contexts are gone.
    connection_registry registry_;
    std::optional<boost::asio::ssl::context> tls_;
    std::deque<listener_context> contexts_;
    io_pool pool_;
    boost::asio::signal_set signals_;
    std::vector<std::shared_ptr<listener>> listeners_;
    std::promise<void> stop_requested_;
};

}  // namespace wsgate::echo
