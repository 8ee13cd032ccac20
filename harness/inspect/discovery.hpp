// What a proxy config serves, as a person reviewing it would list it: each
// server's listeners and names, each location that proxies (or redirects),
// whether it carries WebSocket upgrades and, when not, why not; its
// backends and balancing, the headers it sets upstream, its timeouts. Every
// item names the FILE:LINE it comes from in the user's files.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wsgate::inspect {

struct listen_socket {
    std::string address;  // "*:443", "[::]:80"
    bool ssl = false;
    bool http2 = false;
    bool default_server = false;
    std::string source;
};

struct upstream_server {
    std::string address;     // as written
    std::string parameters;  // "weight=2 max_fails=3 fail_timeout=30s backup", as written
    std::string source;
};

struct upstream_group {
    std::string name;
    std::string balancing = "round-robin";  // "least_conn", "ip_hash", "hash $remote_addr consistent", "random"
    std::optional<int> keepalive;
    std::vector<upstream_server> servers;
    std::string source;
    // The group's settings that decide what a dead server costs, as written:
    // HAProxy's "option redispatch" (no value) and "retries"; Caddy's
    // "lb_try_duration", "fail_duration", "health_uri", "health_interval".
    // nginx keeps them on each server (max_fails, fail_timeout).
    std::map<std::string, std::string> failover;
};

struct endpoint {
    std::string url;        // the public URL: scheme, the server's own name, port when not the default, path
    bool path_is_sample = false;  // a regular-expression location: url's path is one that should match it
    bool websocket = false;
    std::vector<std::string> why_not;  // empty when websocket
    std::string location;   // "/socket.io/", "= /ws", "~* ^/live/"
    std::string source;     // the location's FILE:LINE (the server's for a redirect)
    std::vector<std::string> server_names;
    std::vector<listen_socket> listeners;
    std::string proxy_pass;        // as written, empty for a redirect
    std::string upstream;          // the group it names, empty for a host
    std::string http_version = "1.0";
    std::map<std::string, std::string> headers;  // proxy_set_header in effect, names as written
    std::string read_timeout = "60s";
    std::string read_timeout_source;  // FILE:LINE that sets it; empty: the proxy's default
    // The route is there for WebSockets: it sets or tests the Upgrade or
    // Connection header, or its path or backend says so (ws, wss, socket,
    // websocket). Such a route that does not carry upgrades fails the gate.
    bool meant_for_websocket = false;
    std::string redirect;          // "301 https://$host$request_uri" when a return answers instead
};

struct discovery {
    std::string config;
    std::string language = "nginx";  // "nginx", "haproxy" or "caddy": the words the text output uses
    std::vector<endpoint> endpoints;
    std::vector<upstream_group> upstreams;
};

}  // namespace wsgate::inspect
