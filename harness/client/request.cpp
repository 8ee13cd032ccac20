#include "client/request.hpp"

#include "client/http_response.hpp"

#include "wsgate/ascii.hpp"
#include "wsgate/frame.hpp"

#include <algorithm>

namespace wsgate::client {

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

}  // namespace

built_request build_upgrade_request(const upgrade_request& r) {
    built_request built;
    built.key = r.key.empty() ? ws::generate_key() : r.key;
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Host", r.host},
        {"Upgrade", "websocket"},
        {"Connection", "Upgrade"},
        {"Sec-WebSocket-Key", built.key},
        {"Sec-WebSocket-Version", "13"},
    };
    if (!r.subprotocols.empty()) headers.emplace_back("Sec-WebSocket-Protocol", join(r.subprotocols));
    if (!r.extensions.empty()) headers.emplace_back("Sec-WebSocket-Extensions", join(r.extensions));

    for (const auto& header : r.headers) {
        const auto& [name, value] = header;
        auto same = [&header](const auto& h) { return ascii::iequals(h.first, header.first); };
        auto it = std::find_if(headers.begin(), headers.end(), same);
        if (!value) {
            headers.erase(std::remove_if(headers.begin(), headers.end(), same), headers.end());
        } else if (it != headers.end()) {
            *it = {name, *value};
        } else {
            headers.emplace_back(name, *value);
        }
        if (ascii::iequals(name, "Sec-WebSocket-Key")) built.key = value.value_or("");
    }

    built.bytes = r.method + " " + r.target + " " + r.version + "\r\n";
    for (const auto& [name, value] : headers) built.bytes += name + ": " + value + "\r\n";
    built.bytes += "\r\n";
    return built;
}

}  // namespace wsgate::client
