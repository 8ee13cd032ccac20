// The address forms a Caddyfile takes: site addresses ("chat.example.org",
// ":8080", "http://x:8080") and reverse_proxy upstreams ("node1.internal:3000",
// "https://api.internal"), read as Caddy 2.6 reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace wsgate::sandbox {

inline constexpr std::uint16_t caddy_http_port = 80;
inline constexpr std::uint16_t caddy_https_port = 443;

struct caddy_site_address {
    std::string scheme;  // "http", "https", or "" as written
    std::string host;    // "" for every host
    std::optional<std::uint16_t> port;  // as written
    std::string path;    // "/api*" after the host, rare
    // HTTPS unless the scheme or port says HTTP or there is no host name to
    // get a certificate for (Caddy's automatic HTTPS).
    bool https() const;
    // The port Caddy listens on: the written one, else 80 or 443.
    std::uint16_t listen_port() const;
};

std::optional<caddy_site_address> parse_site_address(const std::string& text);

// An upstream's host:port with the scheme's default port ("node1.internal:3000",
// "api.internal:443"); empty for a placeholder or a UNIX socket.
std::string caddy_upstream_address(const std::string& text);

}  // namespace wsgate::sandbox
