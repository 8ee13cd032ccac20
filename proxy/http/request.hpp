// A client request as nginx 1.22 reads it before routing: the request-target
// split and normalised (request_target.hpp), the Host validated (ngx_http_validate_host), and the header checks that end
// in 400, 405 or 501 (ngx_http_process_request_header).
#pragma once

#include "config/variables.hpp"
#include "http/request_target.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wsgate::proxy::http {

using config::header_field;

// The request line and headers as received.
struct client_request {
    std::string method;
    std::string target;  // the request-target as sent
    int version = 11;    // 10 or 11
    std::vector<header_field> headers;
};

// "GET /ws/ HTTP/1.1": the request line as received, nginx's $request and
// the access log's request field.
std::string request_line(const client_request& request);

// nginx's keep-alive rule: HTTP/1.1 keeps the connection unless it says
// close; HTTP/1.0 only when it says keep-alive.
bool wants_keep_alive(const client_request& request);

// ngx_http_validate_host: lowercase, port and a trailing dot removed;
// nullopt for what nginx refuses with 400 ("..", '/', controls, empty).
std::optional<std::string> validate_host(std::string_view host);

// nginx drops header lines whose name has anything but letters, digits and
// '-' (ignore_invalid_headers on, underscores_in_headers off): they are
// neither forwarded nor visible in $http_*.
bool is_ignored_header(std::string_view name);

// A request that passed nginx's checks.
struct request_info {
    request_target target;
    std::string host;                   // headers_in.server: the target's host, else the Host header's; may be empty
    std::vector<header_field> headers;  // received order, ignored names left out
    std::optional<std::uint64_t> content_length;
    bool chunked = false;  // Transfer-Encoding: chunked
    config::rewrite_state rewrite;  // what the rewrite phases have set so far
};

// What nginx answers instead, with the reason it logs.
struct request_error {
    int status = 400;
    std::string reason;
};

std::variant<request_info, request_error> inspect_request(const client_request& request);

}  // namespace wsgate::proxy::http
