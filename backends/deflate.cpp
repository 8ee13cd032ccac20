#include "deflate.hpp"

#include <charconv>
#include <set>
#include <vector>

namespace wsgate::echo::deflate {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Splits at sep outside quoted strings (RFC 7230 §3.2.6).
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '"') quoted = !quoted;
        if (s[i] == '\\' && quoted)
            ++i;
        else if (s[i] == sep && !quoted) {
            parts.push_back(trim(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    parts.push_back(trim(s.substr(start)));
    return parts;
}

std::optional<int> window_bits(std::string_view value) {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    int bits = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), bits);
    if (value.empty() || ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
    if (bits < 8 || bits > 15) return std::nullopt;
    return bits;
}

// One offer "permessage-deflate; p1; p2=v": the response for it or nullopt.
std::optional<std::string> accept_offer(std::string_view offer) {
    const auto parts = split(offer, ';');
    if (parts.front() != "permessage-deflate") return std::nullopt;
    std::string response = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
    std::set<std::string_view> seen;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const auto equals = parts[i].find('=');
        const auto name = trim(parts[i].substr(0, equals));
        const auto value = equals == std::string_view::npos ? std::optional<std::string_view>{}
                                                            : trim(parts[i].substr(equals + 1));
        if (!seen.insert(name).second) return std::nullopt;
        if (name == "server_no_context_takeover" || name == "client_no_context_takeover") {
            if (value) return std::nullopt;
        } else if (name == "client_max_window_bits") {
            if (value && !window_bits(*value)) return std::nullopt;
        } else if (name == "server_max_window_bits") {
            if (!value || window_bits(*value) != 15) return std::nullopt;
            response += "; server_max_window_bits=15";
        } else {
            return std::nullopt;
        }
    }
    return response;
}

}  // namespace

std::optional<std::string> negotiate(std::string_view offers) {
    for (const auto offer : split(offers, ',')) {
        if (auto response = accept_offer(offer)) return response;
    }
    return std::nullopt;
}

}  // namespace wsgate::echo::deflate
