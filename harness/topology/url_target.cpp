#include "topology/url_target.hpp"

#include "wsgate/address.hpp"
#include "wsgate/process.hpp"

#include <stdexcept>

namespace wsgate::topology {

url_target::url_target(const std::string& url) : url_(url) {
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
    if (hp->host == "localhost") hp->host = "127.0.0.1";
    if (!is_loopback(hp->host))
        throw std::invalid_argument("target url host must be a loopback address (127.0.0.0/8): " + url);
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
