// Addresses in listen, upstream "server" and proxy_pass, split the way
// ngx_parse_url splits them, and resolved without DNS.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsgate::proxy::config {

struct parsed_url {
    std::string host;        // as written; IPv6 keeps its brackets; "*" or "" for a bare listen port
    std::string port_text;   // as written, empty when absent
    std::uint16_t port = 0;  // explicit, or the default port
    bool has_port = false;
    std::optional<std::string> uri;  // from the first '/' (or '?'), when uri_part allows one
};

// Throws std::invalid_argument whose what() is nginx's u->err text:
// "invalid port", "no host", "invalid host", "invalid IPv6 address".
// listen: a lone number is a port; uri_part: a URI may follow (proxy_pass).
parsed_url parse_url(std::string_view url, std::uint16_t default_port, bool listen, bool uri_part);

// The IP address (IPv6 without brackets, normalised) a host stands for: an
// IPv4 dotted quad, a bracketed IPv6 address, or "localhost" (127.0.0.1).
// Nothing else: wsgate-proxy never asks DNS. nullopt where nginx would have
// to resolve the name.
std::optional<std::string> resolve_host(std::string_view host);

// "127.0.0.1:8080", "[::1]:8080": nginx's text for an address and port.
std::string address_text(const std::string& address, std::uint16_t port);

bool is_wildcard_address(const std::string& address);

}  // namespace wsgate::proxy::config
