// One configuration running: its logs, TLS contexts, balancers, listening
// sockets and worker threads. A reload (SIGHUP) starts the next generation
// beside this one, on the sockets it keeps, and shuts this one down
// gracefully, as nginx's master replaces its workers.
#pragma once

#include "config/model.hpp"
#include "server/context.hpp"
#include "server/listeners.hpp"
#include "server/worker.hpp"

#include <atomic>
#include <memory>
#include <vector>

namespace wsgate::proxy::server {

class generation {
public:
    // Opens the logs, loads the certificates and binds what previous does
    // not hold; throws std::runtime_error (nginx's wording) when it cannot.
    generation(config::main_config config, std::atomic<std::uint64_t>& connections, const generation* previous);
    generation(const generation&) = delete;
    generation& operator=(const generation&) = delete;

    void start();
    // Stop accepting; then end sessions now (fast) or when idle (graceful).
    void shut_down(bool graceful);
    void stop_now();
    void join();
    // True once every worker has finished.
    bool idle() const;

    const config::main_config& config() const { return config_; }
    error_log& errors() { return errors_; }
    std::size_t threads() const { return workers_.size(); }

private:
    config::main_config config_;  // first: everything below points into it
    error_log errors_;
    access_logs access_;
    tls_contexts tls_;
    std::map<const config::upstream_block*, std::unique_ptr<http::balancer>> balancers_;
    listeners sockets_;
    proxy_context ctx_;
    std::vector<std::unique_ptr<worker>> workers_;
};

}  // namespace wsgate::proxy::server
