// The whole proxy: configuration loaded, logs and TLS contexts opened,
// workers started, the pid file written; then signals decide how it ends.
#pragma once

#include "config/model.hpp"

namespace wsgate::proxy::server {

// Runs until SIGTERM/SIGINT (stop now) or SIGQUIT (let requests and tunnels
// finish, bounded by worker_shutdown_timeout). Returns the exit code;
// throws std::runtime_error when it cannot start (logs, certificates, bind).
int run(const config::main_config& config);

}  // namespace wsgate::proxy::server
