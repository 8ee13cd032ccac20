// nginx variables for one request: what the proxy knows about the request,
// the connection, the chosen server and upstream, and map{} results.
#pragma once

#include "model.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsgate::proxy::config {

struct header_field {
    std::string name;  // as received (case kept)
    std::string value;
};

// The rewrite module's state as a request goes: "set" variables, and the
// last regex match ([0] the whole match, then $1..$9).
struct rewrite_state {
    std::vector<std::pair<std::string, std::string>> set_variables;
    std::vector<std::string> captures;
};

// What only an access log line knows: the answer, its timing, the upstream's.
struct log_values {
    int status = 0;
    std::uint64_t body_bytes_sent = 0;
    std::uint64_t bytes_sent = 0;  // head and body
    std::chrono::system_clock::time_point now;
    double request_time = 0;       // seconds since the request's first byte was read
    std::uint64_t request_length = 0;
    std::uint64_t connection = 0;
    std::uint64_t connection_requests = 0;
    bool pipelined = false;
    std::string upstream_addr;     // the peer that answered; empty without one
    std::string upstream_status;
    std::optional<double> upstream_connect_time, upstream_header_time, upstream_response_time;  // seconds
    std::string ssl_cipher;
    bool ssl_session_reused = false;
};

// Everything a variable can read. The runtime fills it once per request
// (http::make_eval_context does it from the parsed request and the route).
struct eval_context {
    // The request.
    std::string method;                 // $request_method
    std::string request_line;           // $request: "GET /x HTTP/1.1"
    std::string request_uri;            // $request_uri: the target as received (path and query)
    std::string uri;                    // $uri, $document_uri: decoded and normalised path
    std::string args;                   // $args, $query_string: the raw query
    int http_version = 11;              // $server_protocol: 10 or 11
    std::vector<header_field> headers;  // in received order; nginx's ignored (invalid) names left out

    // The connection.
    std::string remote_addr;        // $remote_addr
    std::uint16_t remote_port = 0;  // $remote_port
    std::string server_addr;        // $server_addr: the local address
    std::uint16_t server_port = 0;  // $server_port: the local port
    bool https = false;             // $scheme, $https
    std::string ssl_protocol;       // $ssl_protocol: "TLSv1.2", empty on plain connections
    std::string ssl_server_name;    // $ssl_server_name: SNI as sent, empty without

    // From routing.
    std::string server_name;  // $server_name: the selected server's first name
    std::string host;         // $host: see http::host_variable
    std::string hostname;     // $hostname: this machine's name

    // The upstream request.
    std::string proxy_host;                    // $proxy_host
    std::string proxy_port;                    // $proxy_port
    std::optional<std::uint64_t> body_length;  // Content-Length sent upstream; nullopt: no body
    bool body_chunked = false;                 // the body goes upstream chunked (unbuffered)

    const std::vector<map_block>* maps = nullptr;  // map{} targets

    rewrite_state rewrite;
    const log_values* log = nullptr;  // set while an access log line is written
};

// Gives a "set" variable its value (a second set replaces the first).
void assign(rewrite_state& state, const std::string& name, std::string value);

// A match of pattern: its groups are the captures $1..$9 from now on, and
// each named group's value is its variable.
void take_captures(rewrite_state& state, const regex& pattern, std::vector<std::string> groups);

// Variables wsgate-proxy can evaluate, those only a log format can use
// (status, timings: the runtime's access log writes them), and the rest.
enum class variable_kind { request, log_only, unknown };

// name: lowercase, without '$'. Captures ("1".."9") are request variables;
// "set" targets are checked by the loader.
variable_kind classify_variable(std::string_view name);

// A built-in variable with exactly this name (not a $http_... style prefix):
// a map may not define it ("the duplicate "host" variable").
bool is_builtin_variable(std::string_view name);

// The template with every variable replaced by its value; a variable nginx
// would call "not found" (an absent header, no query argument of that name)
// gives "". $http_NAME: the first header whose name, lowercased with '-' as
// '_', is NAME; $http_cookie joins all Cookie headers with "; " and
// $http_x_forwarded_for all X-Forwarded-For headers with ", " (nginx 1.22).
// A map target: the source value is matched without regard to case (and, with
// "hostnames", without a trailing dot and with wildcards); maps that refer to
// each other more than 16 deep give "" where nginx reports a cycle.
std::string evaluate(const value_template& value, const eval_context& context);

// One variable's value; nullopt where nginx's is "not found".
std::optional<std::string> value_of(std::string_view name, const eval_context& context);

// A log-only variable's value (context.log set), nullopt for the ones
// wsgate-proxy does not compute (log_variables.cpp).
std::optional<std::string> log_variable(std::string_view name, const eval_context& context);

// Whether a log_format's variable gets a value (the loader warns of the
// ones written as "-").
bool writes_log_variable(std::string_view name);

// An access log line: each variable's value escaped as the format says,
// "-" for an empty one, as ngx_http_log_module writes it.
std::string evaluate_log(const log_format& format, const eval_context& context);

}  // namespace wsgate::proxy::config
