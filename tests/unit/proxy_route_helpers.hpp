// Helpers of the routing unit tests: a request inspected as the session
// inspects it, a plain loopback connection, and the phases of a request
// from a target text.
#pragma once

#include "http/request.hpp"
#include "http/request_phases.hpp"
#include "http/route.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <variant>

namespace wsgate::testing {

namespace http = wsgate::proxy::http;
namespace cfg = wsgate::proxy::config;

inline http::request_info inspect(const http::client_request& request) {
    const auto result = http::inspect_request(request);
    if (const auto* error = std::get_if<http::request_error>(&result)) throw std::runtime_error(error->reason);
    return std::get<http::request_info>(result);
}

inline http::connection_info plain(std::uint16_t port) {
    http::connection_info c;
    c.local_addr = "127.0.0.1";
    c.local_port = port;
    c.remote_addr = "127.0.0.1";
    c.remote_port = 40000;
    return c;
}

inline http::route_result route(const cfg::server_block& server, const std::string& target_text, const std::string& host,
                                std::uint16_t port, bool tls = false, const std::string& method = "GET") {
    http::client_request request{method, target_text, host.empty() ? 10 : 11, {}};
    if (!host.empty()) request.headers.push_back({"Host", host});
    auto connection = plain(port);
    connection.tls = tls;
    // The servers under test use no map{}: variables need nothing else of the config.
    static const cfg::main_config without_maps;
    auto info = inspect(request);
    return http::route_request(without_maps, server, request, info, connection, "test-host");
}

}  // namespace wsgate::testing
