// The whole proxy: the first configuration's generation started and the
// pid file written; then signals decide: reload, or how it ends.
#pragma once

#include "config/model.hpp"

#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace wsgate::proxy::server {

// The configuration read again for a reload, or the [emerg] lines that
// say why it is refused.
using config_reader = std::function<std::variant<config::main_config, std::vector<std::string>>()>;

// Runs until SIGTERM/SIGINT (stop now) or SIGQUIT (let requests and tunnels
// finish, bounded by worker_shutdown_timeout); SIGHUP reads the
// configuration again and replaces the workers, as nginx does. Returns the
// exit code; throws std::runtime_error when it cannot start (logs,
// certificates, bind).
int run(config::main_config config, const config_reader& reread);

}  // namespace wsgate::proxy::server
