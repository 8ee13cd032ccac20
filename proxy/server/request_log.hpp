// What the access log lines of one request are written from, gathered as
// the request goes: its variables once routed, when its first byte came,
// its length, and the upstream that answered (nginx keeps the same in the
// request and its upstream state for ngx_http_log_module).
#pragma once

#include "config/variables.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace wsgate::proxy::server {

struct request_log {
    using clock = std::chrono::steady_clock;

    config::eval_context eval;  // the connection's variables, the request's once routed
    clock::time_point started;  // its first byte; unset until one is read
    std::uint64_t length = 0;   // head and body, as read
    std::uint64_t number = 0;   // of the connection's requests, from 1
    bool pipelined = false;     // its bytes were already read with the previous request's
    std::string upstream_addr;  // the peer that answered
    std::string upstream_status;
    clock::time_point upstream_started;  // when the upstream was first asked
    std::optional<clock::duration> upstream_connect_time, upstream_header_time;
};

}  // namespace wsgate::proxy::server
