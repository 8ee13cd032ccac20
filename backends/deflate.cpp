#include "deflate.hpp"

#include "wsgate/deflate.hpp"

#include <set>

namespace wsgate::echo::deflate {

namespace {

// One offer: the response for it or nullopt.
std::optional<std::string> accept_offer(const ws::extension& offer) {
    if (offer.name != "permessage-deflate") return std::nullopt;
    std::string response = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
    std::set<std::string> seen;
    for (const auto& p : offer.params) {
        if (!seen.insert(p.name).second) return std::nullopt;
        if (p.name == "server_no_context_takeover" || p.name == "client_no_context_takeover") {
            if (p.value) return std::nullopt;
        } else if (p.name == "client_max_window_bits") {
            if (p.value && !ws::parse_window_bits(*p.value)) return std::nullopt;
        } else if (p.name == "server_max_window_bits") {
            if (!p.value || ws::parse_window_bits(*p.value) != ws::max_window_bits) return std::nullopt;
            response += "; server_max_window_bits=" + std::to_string(ws::max_window_bits);
        } else {
            return std::nullopt;
        }
    }
    return response;
}

}  // namespace

std::optional<std::string> negotiate(std::string_view offers) {
    for (const auto& offer : ws::parse_extensions(offers)) {
        if (auto response = accept_offer(offer)) return response;
    }
    return std::nullopt;
}

}  // namespace wsgate::echo::deflate
