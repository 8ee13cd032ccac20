#include "sandbox/nginx_address.hpp"

#include <algorithm>
#include <cctype>

namespace wsgate::sandbox {

namespace {

constexpr const char* http_port = "80";
constexpr const char* https_port = "443";
constexpr std::string_view unix_prefix = "unix:";

bool all_digits(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Where the port starts in HOST:PORT or [V6]:PORT, npos when there is none.
std::size_t port_colon(const std::string& address) {
    if (address.starts_with("[")) {
        const auto bracket = address.find(']');
        if (bracket == std::string::npos || bracket + 1 >= address.size() || address[bracket + 1] != ':')
            return std::string::npos;
        return bracket + 1;
    }
    const auto colon = address.rfind(':');
    return colon == std::string::npos || address.find(':') != colon ? std::string::npos : colon;
}

std::string add_port(const std::string& address, const char* port) {
    if (address.starts_with(unix_prefix)) return address;
    return port_colon(address) == std::string::npos ? address + ":" + port : address;
}

}  // namespace

std::string listen_socket(const std::string& address) {
    if (address.starts_with(unix_prefix)) return address;
    if (all_digits(address)) return "*:" + address;
    auto with_port = add_port(address, http_port);
    if (with_port.starts_with("0.0.0.0:")) with_port.replace(0, 7, "*");
    return with_port;
}

std::string upstream_address(const std::string& address) { return add_port(address, http_port); }

std::optional<pass_target> split_pass_target(const std::string& argument) {
    pass_target t;
    auto host_start = argument.find("://");
    host_start = host_start == std::string::npos ? 0 : host_start + 3;
    t.scheme = argument.substr(0, host_start);
    if (argument.compare(host_start, unix_prefix.size(), unix_prefix) == 0) {
        // nginx ends a unix: path at the ':' before the URI, or at the end.
        const auto colon = argument.find(':', host_start + unix_prefix.size());
        t.host = argument.substr(host_start, colon == std::string::npos ? std::string::npos : colon - host_start);
        t.rest = colon == std::string::npos ? "" : argument.substr(colon);
        return t;
    }
    const auto slash = argument.find('/', host_start);
    t.host = argument.substr(host_start, slash == std::string::npos ? std::string::npos : slash - host_start);
    t.rest = slash == std::string::npos ? "" : argument.substr(slash);
    if (t.host.empty()) return std::nullopt;
    return t;
}

std::string with_default_port(const pass_target& target) {
    return add_port(target.host, target.scheme == "https://" || target.scheme == "grpcs://" ? https_port : http_port);
}

}  // namespace wsgate::sandbox
