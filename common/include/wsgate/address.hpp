// host:port parsing shared by the binaries' command lines and configs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace wsgate {

struct host_port {
    std::string host;
    std::uint16_t port = 0;

    std::string str() const { return host + ":" + std::to_string(port); }
};

// "127.0.0.1:8282", "localhost:80", "[::1]:8080". nullopt when malformed.
std::optional<host_port> parse_host_port(std::string_view text);

// True for an IPv4 address in 127.0.0.0/8 or ::1: the only addresses wsgate
// sends traffic to.
bool is_loopback(std::string_view host);

// True when a listening socket could bind HOST:PORT now (IPv4, SO_REUSEADDR
// as the servers use it): a port check before starting a topology.
bool can_bind(const std::string& host, std::uint16_t port);

// The kernel's range for the local ports of outgoing connections
// (net.ipv4.ip_local_port_range); Linux's default when unreadable.
std::pair<int, int> ephemeral_port_range();

}  // namespace wsgate
