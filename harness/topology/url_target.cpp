#include "topology/url_target.hpp"

#include "wsgate/address.hpp"
#include "wsgate/process.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <stdexcept>

namespace wsgate::topology {

namespace {

// The first IPv4 address of a host name, as the system resolver gives it.
std::string resolve(const std::string& host, const std::string& url) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found)
        throw std::invalid_argument("cannot resolve the host of " + url);
    char text[INET_ADDRSTRLEN];
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr, text, sizeof text);
    ::freeaddrinfo(found);
    return text;
}

}  // namespace

url_target::url_target(const std::string& url, bool allow_remote) : url_(url) {
    std::string_view rest = url;
    if (rest.starts_with("ws://")) {
        rest.remove_prefix(5);
    } else if (rest.starts_with("wss://")) {
        tls_ = true;
        rest.remove_prefix(6);
    } else {
        throw std::invalid_argument("target url must start with ws:// or wss://: " + url);
    }
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    endpoint_.path_prefix = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    auto hp = parse_host_port(authority);
    if (!hp) hp = host_port{std::string(authority), static_cast<std::uint16_t>(tls_ ? 443 : 80)};
    host_name_ = hp->host;
    if (hp->host == "localhost") hp->host = "127.0.0.1";
    if (!is_loopback(hp->host)) {
        if (!allow_remote)
            throw std::invalid_argument("target url host must be a loopback address (127.0.0.0/8): " + url +
                                        " (wsgate load --allow-remote loads other hosts)");
        in_addr literal{};
        if (::inet_pton(AF_INET, hp->host.c_str(), &literal) != 1) hp->host = resolve(hp->host, url);
    }
    endpoint_.host = hp->host;
    (tls_ ? endpoint_.wss_port : endpoint_.ws_port) = hp->port;
}

void url_target::start(const target_context& ctx) {
    const auto port = tls_ ? endpoint_.wss_port : endpoint_.ws_port;
    if (!proc::wait_for_port(endpoint_.host, port, ctx.start_timeout))
        throw start_error("nothing accepts connections at " + url_ + " (" + endpoint_.host + ":" +
                          std::to_string(port) + ")");
}

}  // namespace wsgate::topology
