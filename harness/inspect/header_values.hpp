// The value a proxy's header rule gives a request of the harness's own
// clients (from 127.0.0.1, without X-Forwarded-For), so the gate can check
// what the backend received against what the config says.
#pragma once

#include <optional>
#include <string>

namespace wsgate::inspect {

struct request_facts {
    std::string host;       // the request's host name, lowercase, without port
    std::string authority;  // the Host header as sent: host[:port]
    bool tls = false;
    std::string target;     // path and query as sent
};

// The header's value, or none when the rule needs something the harness
// cannot know (another variable, a log-format alias). nginx: $host,
// $http_host, $remote_addr, $proxy_add_x_forwarded_for, $scheme,
// $http_upgrade, $request_uri; HAProxy: %[src], %[req.hdr(host)], "%%";
// Caddy: {remote_host}, {scheme}, {host}, {hostport}, {uri} and their
// {http.request.*} names.
std::optional<std::string> header_value_for(const std::string& rule, const request_facts& request);

}  // namespace wsgate::inspect
