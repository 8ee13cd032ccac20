// Rules that move what a Caddyfile reaches over the network to loopback:
// each site address's port (the HTTP and HTTPS ports through the global
// options), bind, and each reverse_proxy upstream to a mock echo backend of
// its own, with the transport's TLS to it removed.
#include "sandbox/caddy_rewriter.hpp"

namespace wsgate::sandbox {

namespace {

constexpr const char* loopback = "127.0.0.1";

std::string on_loopback(std::uint16_t port) { return std::string(loopback) + ":" + std::to_string(port); }

// The first argument of reverse_proxy may be a matcher: "@name", "/path*", "*".
bool is_matcher(const std::string& word) { return word.starts_with("@") || word.starts_with("/") || word == "*"; }

}  // namespace

std::uint16_t caddy_rewriter::port_for(std::uint16_t written, int line) {
    auto known = ports_.find(written);
    if (known == ports_.end()) known = ports_.emplace(written, take_port(line)).first;
    return known->second;
}

void caddy_rewriter::site(const caddy_site& s) {
    std::string owner;
    for (const auto& token : s.addresses) {
        const auto address = parse_site_address(token.text);
        if (!address) {
            problem(token.line, "site address " + token.text + " is not one the sandbox can give a loopback port");
            continue;
        }
        if (owner.empty()) owner = address->host.empty() ? ":" + std::to_string(address->listen_port()) : address->host;
        const auto port = port_for(address->listen_port(), token.line);
        // The written listeners, and the HTTP one Caddy adds to redirect an HTTPS site.
        std::vector<std::pair<std::uint16_t, bool>> sockets = {{address->listen_port(), address->https()}};
        if (address->https() && !address->port) sockets.emplace_back(caddy_http_port, false);
        for (const auto& [written, ssl] : sockets) {
            const auto original = "*:" + std::to_string(written);
            bool known = false;
            for (auto& l : result_.listeners)
                if (l.original == original) {
                    l.ssl = l.ssl || ssl;
                    known = true;
                }
            if (!known) result_.listeners.push_back({original, where(token.line), port_for(written, token.line), ssl});
        }
        if (!address->port) continue;
        std::string moved = address->scheme.empty() ? "" : address->scheme + "://";
        moved += address->host + ":" + std::to_string(port) + address->path;
        replace(token, moved, "site address");
    }
    walk(s.directives, owner);
}

void caddy_rewriter::bind(const caddy_directive& d, const std::string&) {
    if (d.words.size() < 2) return;
    replace_range(d.words[1].begin, d.words.back().end, loopback, "bind", d.words[1].text, d.line);
}

void caddy_rewriter::reverse_proxy(const caddy_directive& d, const std::string& owner) {
    std::size_t first = 1;
    if (d.words.size() > 1 && is_matcher(d.words[1].text)) first = 2;
    for (std::size_t i = first; i < d.words.size(); ++i) upstream(d.words[i], owner, d.line);
    for (const auto& sub : d.block) {
        if (sub.name() == "to")
            for (std::size_t i = 1; i < sub.words.size(); ++i) upstream(sub.words[i], owner, sub.line);
        if (sub.name() == "transport") transport(sub);
    }
}

void caddy_rewriter::upstream(const caddy_token& t, const std::string& owner, int line) {
    const auto address = caddy_upstream_address(t.text);
    if (address.empty()) {
        problem(line, "upstream " + t.text + " (a placeholder or a UNIX socket) cannot be moved to a mock backend");
        return;
    }
    const auto id = owner + "/" + address;
    auto known = backend_index_.find(id);
    if (known == backend_index_.end()) {
        known = backend_index_.emplace(id, result_.backends.size()).first;
        result_.backends.push_back({id, t.text, where(line), take_port(line)});
    }
    replace(t, on_loopback(result_.backends[known->second].port), "reverse_proxy");
}

void caddy_rewriter::transport(const caddy_directive& d) {
    // The mock backends speak plain ws: every TLS setting towards them goes.
    for (const auto& sub : d.block)
        if (sub.name().starts_with("tls")) blank(sub, "(removed: the mock backend speaks plain ws)");
}

}  // namespace wsgate::sandbox
