#include "url.hpp"

#include "values.hpp"

#include "wsgate/ascii.hpp"

#include <arpa/inet.h>

#include <stdexcept>

namespace wsgate::proxy::config {

namespace {

std::uint16_t port_number(std::string_view text) {
    const auto n = parse_number(text);
    if (!n || *n < 1 || *n > 65535) throw std::invalid_argument("invalid port");
    return static_cast<std::uint16_t>(*n);
}

// ngx_inet_addr: exactly four decimal octets.
bool is_ipv4(std::string_view text) {
    int octets = 0;
    int value = -1;
    for (const char ch : text) {
        if (ch >= '0' && ch <= '9') {
            value = (value < 0 ? 0 : value) * 10 + (ch - '0');
            if (value > 255) return false;
        } else if (ch == '.') {
            if (value < 0) return false;
            ++octets;
            value = -1;
        } else {
            return false;
        }
    }
    return octets == 3 && value >= 0;
}

std::optional<std::string> normalised_ipv6(std::string_view text) {
    in6_addr addr{};
    const std::string copy(text);
    if (::inet_pton(AF_INET6, copy.c_str(), &addr) != 1) return std::nullopt;
    char buffer[INET6_ADDRSTRLEN];
    ::inet_ntop(AF_INET6, &addr, buffer, sizeof buffer);
    return std::string(buffer);
}

parsed_url parse_ipv6_url(std::string_view url, std::uint16_t default_port, bool listen, bool uri_part) {
    parsed_url result;
    const auto close = url.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("invalid host");
    std::string_view rest = url.substr(close + 1);
    const auto slash = rest.find('/');
    if (slash != std::string_view::npos) {
        if (listen || !uri_part) throw std::invalid_argument("invalid host");
        result.uri = std::string(rest.substr(slash));
        rest = rest.substr(0, slash);
    }
    if (!rest.empty()) {
        if (rest[0] != ':') throw std::invalid_argument("invalid host");
        result.port_text = std::string(rest.substr(1));
        result.port = port_number(result.port_text);
        result.has_port = true;
    } else {
        result.port = default_port;
    }
    if (close == 1) throw std::invalid_argument("no host");
    result.host = std::string(url.substr(0, close + 1));
    if (!normalised_ipv6(url.substr(1, close - 1))) throw std::invalid_argument("invalid IPv6 address");
    return result;
}

}  // namespace

parsed_url parse_url(std::string_view url, std::uint16_t default_port, bool listen, bool uri_part) {
    if (!url.empty() && url[0] == '[') return parse_ipv6_url(url, default_port, listen, uri_part);

    parsed_url result;
    std::string_view rest = url;
    auto uri = rest.find('/');
    const auto args = rest.find('?');
    if (args != std::string_view::npos && (uri == std::string_view::npos || args < uri)) uri = args;
    auto colon = rest.find(':');

    if (uri != std::string_view::npos) {
        if (listen || !uri_part) throw std::invalid_argument("invalid host");
        result.uri = std::string(rest.substr(uri));
        rest = rest.substr(0, uri);
        if (colon != std::string_view::npos && colon > uri) colon = std::string_view::npos;
    }

    if (colon != std::string_view::npos) {
        result.port_text = std::string(rest.substr(colon + 1));
        result.port = port_number(result.port_text);
        result.has_port = true;
        rest = rest.substr(0, colon);
    } else {
        // "listen 8080": a lone number is the port of the wildcard address.
        if (listen && !result.uri && parse_number(rest)) {
            result.port_text = std::string(rest);
            result.port = port_number(rest);
            result.has_port = true;
            return result;
        }
        result.port = default_port;
    }

    if (rest.empty()) throw std::invalid_argument("no host");
    result.host = std::string(rest);
    return result;
}

std::optional<std::string> resolve_host(std::string_view host) {
    if (is_ipv4(host)) {
        // Leading zeros are accepted by nginx and mean decimal, so normalise.
        std::string normal;
        int value = 0;
        for (const char ch : host) {
            if (ch == '.') {
                normal += std::to_string(value) + '.';
                value = 0;
            } else {
                value = value * 10 + (ch - '0');
            }
        }
        return normal + std::to_string(value);
    }
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        return normalised_ipv6(host.substr(1, host.size() - 2));
    if (ascii::iequals(host, "localhost")) return std::string("127.0.0.1");
    return std::nullopt;
}

std::string address_text(const std::string& address, std::uint16_t port) {
    if (address.find(':') != std::string::npos) return "[" + address + "]:" + std::to_string(port);
    return address + ":" + std::to_string(port);
}

bool is_wildcard_address(const std::string& address) { return address == "0.0.0.0" || address == "::"; }

}  // namespace wsgate::proxy::config
