#include "sandbox/caddy_address.hpp"

#include <charconv>

namespace wsgate::sandbox {

namespace {

std::optional<std::uint16_t> port_of(const std::string& text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

}  // namespace

bool caddy_site_address::https() const {
    if (scheme == "http") return false;
    if (scheme == "https") return true;
    if (port == caddy_http_port) return false;
    return !host.empty() || port == caddy_https_port;
}

std::uint16_t caddy_site_address::listen_port() const {
    if (port) return *port;
    return https() ? caddy_https_port : caddy_http_port;
}

std::optional<caddy_site_address> parse_site_address(const std::string& text) {
    caddy_site_address a;
    std::string rest = text;
    if (const auto scheme = rest.find("://"); scheme != std::string::npos) {
        a.scheme = rest.substr(0, scheme);
        rest = rest.substr(scheme + 3);
        if (a.scheme != "http" && a.scheme != "https") return std::nullopt;
    }
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        a.path = rest.substr(slash);
        rest = rest.substr(0, slash);
    }
    const auto colon = rest.rfind(':');
    const bool bracketed = rest.starts_with("[");
    if (colon != std::string::npos && (!bracketed || rest.find(']') < colon)) {
        a.port = port_of(rest.substr(colon + 1));
        if (!a.port) return std::nullopt;
        rest = rest.substr(0, colon);
    }
    a.host = rest;
    return a;
}

std::string caddy_upstream_address(const std::string& text) {
    if (text.find('{') != std::string::npos || text.starts_with("unix/")) return {};
    std::string rest = text;
    std::uint16_t default_port = caddy_http_port;
    if (const auto scheme = rest.find("://"); scheme != std::string::npos) {
        if (rest.substr(0, scheme) == "https") default_port = caddy_https_port;
        rest = rest.substr(scheme + 3);
    }
    rest = rest.substr(0, rest.find('/'));
    const auto colon = rest.rfind(':');
    const auto bracket = rest.find(']');
    if (colon != std::string::npos && (bracket == std::string::npos || bracket < colon)) return rest;
    return rest + ":" + std::to_string(default_port);
}

}  // namespace wsgate::sandbox
