#include "engine/url.hpp"

#include <charconv>
#include <stdexcept>

namespace wsgate::engine {

parsed_url parse_url(const std::string& url) {
    parsed_url u;
    std::string_view rest = url;
    if (rest.starts_with("ws://")) {
        rest.remove_prefix(5);
    } else if (rest.starts_with("wss://")) {
        u.tls = true;
        rest.remove_prefix(6);
    } else {
        throw std::invalid_argument("URL must start with ws:// or wss://: \"" + url + "\"");
    }
    const auto slash = rest.find_first_of("/?");
    auto authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        u.target = std::string(rest.substr(slash));
        if (u.target.front() == '?') u.target = "/" + u.target;
    }
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
        std::uint16_t port = 0;
        const auto digits = authority.substr(colon + 1);
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (ec != std::errc{} || ptr != digits.data() + digits.size())
            throw std::invalid_argument("bad port in URL \"" + url + "\"");
        u.port = port;
        authority = authority.substr(0, colon);
    }
    if (authority.empty()) throw std::invalid_argument("URL has no host: \"" + url + "\"");
    u.host = std::string(authority);
    return u;
}

}  // namespace wsgate::engine
