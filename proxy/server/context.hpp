// What every connection of one configuration shares: the configuration,
// TLS contexts, upstream balancers and logs. Built once per generation
// (server/generation.hpp), read by all its workers.
#pragma once

#include "config/model.hpp"
#include "http/balancer.hpp"
#include "server/logs.hpp"
#include "server/tls_contexts.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <string>

namespace wsgate::proxy::server {

struct proxy_context {
    const config::main_config& config;
    tls_contexts& tls;
    std::map<const config::upstream_block*, std::unique_ptr<http::balancer>>& balancers;
    error_log& errors;
    access_logs& access;
    std::string hostname;
    std::atomic<std::uint64_t>& next_connection;  // the process's: numbers go on across reloads
};

}  // namespace wsgate::proxy::server
