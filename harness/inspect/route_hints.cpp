#include "inspect/route_hints.hpp"

#include "wsgate/ascii.hpp"

namespace wsgate::inspect {

bool looks_like_websocket(const std::string& path_or_name) {
    auto text = ascii::lowercase(path_or_name);
    if (const auto scheme = text.find("://"); scheme != std::string::npos) {
        const auto path = text.find('/', scheme + 3);
        text = path == std::string::npos ? "" : text.substr(path);
    }
    if (text.find("socket") != std::string::npos || text.find("sockjs") != std::string::npos) return true;
    // Segments split on the separators paths and names use.
    std::string segment;
    for (const char c : text + "/") {
        if (c == '/' || c == '_' || c == '-' || c == '.' || c == '?') {
            if (segment == "ws" || segment == "wss") return true;
            segment.clear();
        } else {
            segment += c;
        }
    }
    return false;
}

}  // namespace wsgate::inspect
