// The address forms nginx's directives take, read as nginx reads them
// (ngx_parse_url), so the sandbox knows which socket a `listen` opens and
// which host an upstream `server` or a `proxy_pass` connects to.
#pragma once

#include <optional>
#include <string>

namespace wsgate::sandbox {

// The socket a `listen` address opens, in one spelling per socket: "80",
// "*:80" and "0.0.0.0:80" are "*:80"; "[::]:443"; "unix:/run/x.sock"; an
// address without a port is on 80.
std::string listen_socket(const std::string& address);

// An upstream `server` address with its port ("node1.internal" is "node1.internal:80";
// unix: sockets as written).
std::string upstream_address(const std::string& address);

// A proxy_pass (or grpc_pass, fastcgi_pass, ...) argument cut into the part
// before the host, the host[:port] and the rest (the URI).
struct pass_target {
    std::string scheme;  // "http://", "https://", "grpc://", or "" (fastcgi_pass php.internal:9000)
    std::string host;    // "node1.internal:3000", "chat_nodes", "unix:/run/app.sock"
    std::string rest;    // "/uri", or ":/uri" after a unix: path
};
std::optional<pass_target> split_pass_target(const std::string& argument);

// The host[:port] with the scheme's default port when it has none.
std::string with_default_port(const pass_target& target);

}  // namespace wsgate::sandbox
