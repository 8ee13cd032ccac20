// One worker thread: its own io_context and its own acceptor on every
// listening socket (a descriptor of the socket all workers share), so
// nothing on the connection path is shared or locked.
#pragma once

#include "server/connection_slots.hpp"
#include "server/context.hpp"
#include "server/listeners.hpp"
#include "server/session.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace wsgate::proxy::server {

class worker {
public:
    // Accepts on every socket of sockets; throws std::runtime_error when it
    // cannot (too few worker_connections for them, descriptors exhausted).
    worker(proxy_context& ctx, const listeners& sockets);
    ~worker();

    void start();
    // Stop accepting; then end sessions now (fast) or when idle (graceful).
    void shut_down(bool graceful);
    // After the grace period: end whatever is left.
    void stop_now();
    void join();
    // True once the worker's thread has returned (no sessions, no acceptors).
    bool idle() const { return finished_; }

private:
    asio::awaitable<void> accept_loop(tcp::acceptor& acceptor);

    proxy_context& ctx_;
    connection_slots slots_;  // before the sessions, which hold slots of it
    std::vector<connection_slot> listening_slots_;
    session_set sessions_;  // declared before the io_context: outlives its handlers
    // One thread runs this context and every socket and timer on it, so the
    // reactor's per-socket locks are left out; posting from other threads
    // (shut_down) stays safe, the scheduler keeps its lock.
    asio::io_context ioc_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
    std::vector<std::unique_ptr<tcp::acceptor>> acceptors_;
    std::thread thread_;
    std::atomic<bool> finished_{false};
};

}  // namespace wsgate::proxy::server
