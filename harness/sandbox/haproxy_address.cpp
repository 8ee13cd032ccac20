#include "sandbox/haproxy_address.hpp"

#include <sstream>

namespace wsgate::sandbox {

namespace {

std::string without_family(const std::string& address, std::string& family) {
    const auto at = address.find('@');
    if (at == std::string::npos) return address;
    family = address.substr(0, at);
    return address.substr(at + 1);
}

bool all_digits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

}  // namespace

std::optional<std::string> bind_socket(const std::string& address) {
    std::string family;
    const auto rest = without_family(address, family);
    if (family == "unix" || (family.empty() && rest.starts_with("/"))) return "unix:" + rest;
    if (!family.empty() && family != "ipv4" && family != "ipv6" && family != "tcp" && family != "tcp4" &&
        family != "tcp6")
        return std::nullopt;
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    const auto port = rest.substr(colon + 1);
    if (!all_digits(port)) return std::nullopt;
    auto host = rest.substr(0, colon);
    if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
    const bool v6 = family == "ipv6" || family == "tcp6" || host.find(':') != std::string::npos;
    if (host.empty() || host == "*" || host == "0.0.0.0" || host == "::") return (v6 ? "[::]:" : "*:") + port;
    return v6 ? "[" + host + "]:" + port : host + ":" + port;
}

std::vector<std::string> bind_addresses(const std::string& word) {
    std::vector<std::string> out;
    std::istringstream in(word);
    for (std::string part; std::getline(in, part, ',');)
        if (!part.empty()) out.push_back(part);
    return out;
}

std::string server_address(const std::string& address) {
    std::string family;
    return without_family(address, family);
}

}  // namespace wsgate::sandbox
