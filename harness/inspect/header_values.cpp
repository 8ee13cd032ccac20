#include "inspect/header_values.hpp"

#include <cctype>
#include <map>

namespace wsgate::inspect {

namespace {

// The harness's clients connect from here.
constexpr const char* client_address = "127.0.0.1";

std::map<std::string, std::string> known_values(const request_facts& r) {
    return {{"$host", r.host},
            {"$http_host", r.authority},
            {"$remote_addr", client_address},
            {"$proxy_add_x_forwarded_for", client_address},
            {"$scheme", r.tls ? "https" : "http"},
            {"$http_upgrade", "websocket"},
            {"$request_uri", r.target},
            {"%[src]", client_address},
            {"%[req.hdr(host)]", r.authority},
            {"{remote_host}", client_address},
            {"{http.request.remote.host}", client_address},
            {"{scheme}", r.tls ? "https" : "http"},
            {"{http.request.scheme}", r.tls ? "https" : "http"},
            {"{host}", r.host},
            {"{http.request.host}", r.host},
            {"{hostport}", r.authority},
            {"{http.request.hostport}", r.authority},
            {"{uri}", r.target},
            {"{http.request.uri}", r.target}};
}

bool name_character(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::optional<std::string> header_value_for(const std::string& rule, const request_facts& request) {
    const auto values = known_values(request);
    std::string out;
    for (std::size_t at = 0; at < rule.size();) {
        // HAProxy writes a literal percent sign as "%%".
        if (rule.compare(at, 2, "%%") == 0) {
            out += '%';
            at += 2;
            continue;
        }
        if (rule[at] != '$' && rule[at] != '%' && rule[at] != '{') {
            out += rule[at++];
            continue;
        }
        // The longest known name here, so $host does not take $host_x's place.
        std::string best;
        for (const auto& [name, value] : values)
            if (rule.compare(at, name.size(), name) == 0 && name.size() > best.size()) best = name;
        const auto after = at + best.size();
        if (best.empty() || (best.front() == '$' && after < rule.size() && name_character(rule[after])))
            return std::nullopt;
        out += values.at(best);
        at = after;
    }
    return out;
}

}  // namespace wsgate::inspect
