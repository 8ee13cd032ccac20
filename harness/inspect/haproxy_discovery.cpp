#include "inspect/haproxy_discovery.hpp"

#include "inspect/route_hints.hpp"
#include "inspect/sample_path.hpp"
#include "sandbox/haproxy_acl.hpp"
#include "sandbox/haproxy_address.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>

namespace wsgate::inspect {

namespace {

using sandbox::acl_condition;
using sandbox::acl_test;
using sandbox::haproxy_config;
using sandbox::haproxy_line;
using sandbox::haproxy_section;

std::string join(const std::vector<std::string>& words, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i];
    return out;
}

// What a route's condition asks of the request, as far as a URL can say.
struct route_match {
    std::string host;   // empty: any
    std::string path = "/";
    bool path_is_sample = false;
    bool refuses_upgrades = false;  // a negated test on the Upgrade or Connection header
    bool asks_for_upgrades = false;  // a test on the Upgrade or Connection header
};

bool tests_upgrade(const acl_test& t) {
    const auto f = ascii::lowercase(t.fetch);
    return f.find("(upgrade)") != std::string::npos || f.find("(connection)") != std::string::npos;
}

route_match match_of(const sandbox::acl_term& term) {
    route_match m;
    for (const auto& part : term.all_of) {
        for (const auto& t : part.any_of) {
            if (part.negated) {
                m.refuses_upgrades = m.refuses_upgrades || tests_upgrade(t);
                continue;
            }
            m.asks_for_upgrades = m.asks_for_upgrades || tests_upgrade(t);
            if (t.patterns.empty()) continue;
            if (sandbox::tests_host(t) && m.host.empty()) m.host = t.patterns.front();
            if (sandbox::tests_path(t) && m.path == "/") {
                const bool regex = t.fetch.find("_reg") != std::string::npos || t.method == "reg";
                m.path = regex ? sample_path(t.patterns.front()) : t.patterns.front();
                m.path_is_sample = regex;
                if (!m.path.starts_with("/")) m.path = "/" + m.path;
            }
        }
    }
    return m;
}

// One request shape per term of the condition (`a || b` is two); an
// `unless` condition or none at all matches any request.
std::vector<route_match> matches_of(const acl_condition& c) {
    if (c.always() || c.unless) return {route_match{}};
    std::vector<route_match> out;
    for (const auto& term : c.any_of) out.push_back(match_of(term));
    return out;
}

class haproxy_discoverer {
public:
    explicit haproxy_discoverer(const haproxy_config& config) : config_(config) {
        out_.config = config.file.string();
        out_.language = "haproxy";
        // A frontend whose ACLs name no host (a redirecting port 80) is
        // reached by the names the other frontends answer.
        for (const auto& s : config.sections) {
            if (s.kind != "frontend" && s.kind != "listen") continue;
            const auto names = sandbox::host_names(s);
            if (!names.empty() && config_host_.empty()) config_host_ = names.front();
        }
        if (config_host_.empty()) config_host_ = "localhost";
    }

    discovery run() {
        const haproxy_section* defaults = nullptr;
        for (const auto& s : config_.sections) {
            if (s.kind == "defaults") defaults = &s;
            if (s.kind == "backend" || s.kind == "listen") backend(s, defaults);
        }
        defaults = nullptr;
        for (const auto& s : config_.sections) {
            if (s.kind == "defaults") defaults = &s;
            if (s.kind == "frontend" || s.kind == "listen") frontend(s, defaults);
        }
        return std::move(out_);
    }

private:
    // A backend's settings that decide what its endpoints carry.
    struct backend_view {
        std::string mode;
        std::string tunnel_timeout, server_timeout;
        std::string tunnel_timeout_source, server_timeout_source;
        std::map<std::string, std::string> headers;
        std::vector<std::string> why_not;
    };

    std::string where(const haproxy_line& l) const { return config_.file.string() + ":" + std::to_string(l.line); }

    static const haproxy_line* last(const haproxy_section* s, const std::string& keyword, const std::string& second = {}) {
        if (!s) return nullptr;
        const haproxy_line* found = nullptr;
        for (const auto& l : s->lines)
            if (l.words[0] == keyword && (second.empty() || (l.words.size() > 1 && l.words[1] == second))) found = &l;
        return found;
    }

    // The value a proxy section has for keyword (its own, else its
    // defaults'), and where it is set.
    std::string setting(const haproxy_section& s, const haproxy_section* defaults, const std::string& keyword,
                        const std::string& second = {}, std::string* source = nullptr) const {
        const std::size_t at = second.empty() ? 1 : 2;
        for (const auto* from : {&s, defaults}) {
            if (const auto* l = last(from, keyword, second); l && l->words.size() > at) {
                if (source) *source = where(*l);
                return l->words[at];
            }
        }
        return {};
    }

    // The headers a section's http-request rules set, and what they break.
    void header_rules(const haproxy_section& s, backend_view& view) const {
        for (const auto& l : s.lines) {
            if (l.words.size() < 3 || (l.words[0] != "http-request" && l.words[0] != "http-response")) continue;
            const auto& action = l.words[1];
            const auto name = ascii::lowercase(l.words[2]);
            if (l.words[0] == "http-request" && (action == "set-header" || action == "add-header") && l.words.size() > 3)
                view.headers[l.words[2]] = l.words[3];
            if (action == "del-header" && (name == "upgrade" || name == "connection"))
                view.why_not.push_back(l.words[0] + " del-header " + l.words[2] + " (" + where(l) +
                                       "): the upgrade cannot reach " +
                                       (l.words[0] == "http-request" ? "the backend" : "the client"));
            if (action == "set-header" && name == "connection" && l.words.size() > 3 &&
                ascii::iequals(l.words[3], "close"))
                view.why_not.push_back(l.words[0] + " set-header Connection close (" + where(l) +
                                       "): the upgrade is refused by design");
        }
    }

    void backend(const haproxy_section& s, const haproxy_section* defaults) {
        upstream_group g;
        g.name = s.name;
        g.balancing = setting(s, defaults, "balance");
        if (g.balancing.empty()) g.balancing = "roundrobin";
        g.source = where(s.head);
        for (const auto* from : {defaults, &s})
            if (last(from, "option", "redispatch")) g.failover["option redispatch"] = "";
        if (const auto retries = setting(s, defaults, "retries"); !retries.empty()) g.failover["retries"] = retries;
        for (const auto& l : s.lines)
            if (l.words[0] == "server" && l.words.size() >= 3)
                g.servers.push_back({sandbox::server_address(l.words[2]), join(l.words, 3), where(l)});
        backend_view view;
        view.mode = setting(s, defaults, "mode");
        view.tunnel_timeout = setting(s, defaults, "timeout", "tunnel", &view.tunnel_timeout_source);
        view.server_timeout = setting(s, defaults, "timeout", "server", &view.server_timeout_source);
        if (defaults) header_rules(*defaults, view);
        header_rules(s, view);
        if (g.servers.empty()) view.why_not.push_back("backend " + s.name + " (" + g.source + ") has no server");
        backends_[s.name] = std::move(view);
        if (s.kind == "backend" || !g.servers.empty()) out_.upstreams.push_back(std::move(g));
    }

    void frontend(const haproxy_section& s, const haproxy_section* defaults) {
        std::vector<listen_socket> binds;
        for (const auto& l : s.lines) {
            if (l.words[0] != "bind" || l.words.size() < 2) continue;
            for (const auto& address : sandbox::bind_addresses(l.words[1])) {
                const auto socket = sandbox::bind_socket(address);
                if (!socket || socket->starts_with("unix:")) continue;
                listen_socket b{*socket, false, false, false, where(l)};
                for (std::size_t i = 2; i < l.words.size(); ++i) {
                    b.ssl = b.ssl || l.words[i] == "ssl";
                    if (l.words[i] == "alpn" && i + 1 < l.words.size())
                        b.http2 = l.words[i + 1].find("h2") != std::string::npos;
                }
                binds.push_back(b);
            }
        }
        if (binds.empty()) return;
        const auto names = sandbox::host_names(s);
        const auto acls = sandbox::named_acls(s);
        frontend_view_ = {&s, defaults, binds, names.empty() ? config_host_ : names.front()};
        for (const auto& l : s.lines) {
            if (l.words[0] == "http-request" && l.words.size() >= 2 && l.words[1] == "redirect")
                for (const auto& m : matches_of(sandbox::read_condition(l.words, 2, acls)))
                    route(l, m, {}, join(l.words, 2));
            if (l.words[0] == "use_backend" && l.words.size() >= 2)
                for (const auto& m : matches_of(sandbox::read_condition(l.words, 2, acls))) route(l, m, l.words[1], {});
            if (l.words[0] == "default_backend" && l.words.size() >= 2) route(l, {}, l.words[1], {});
        }
        // A listen section is its own backend when it has servers and routes nowhere else.
        const bool has_servers =
            std::any_of(s.lines.begin(), s.lines.end(), [](const haproxy_line& l) { return l.words[0] == "server"; });
        if (s.kind == "listen" && has_servers && !last(&s, "default_backend") && !last(&s, "use_backend"))
            route(s.head, {}, s.name, {});
    }

    void route(const haproxy_line& l, const route_match& m, const std::string& backend_name,
               const std::string& redirect) {
        const auto& f = frontend_view_;
        for (const auto* scheme : {"ws", "wss"}) {
            const bool tls = std::string(scheme) == "wss";
            endpoint e;
            for (const auto& b : f.binds)
                if (b.ssl == tls) e.listeners.push_back(b);
            if (e.listeners.empty()) continue;
            const auto port = e.listeners.front().address.substr(e.listeners.front().address.rfind(':') + 1);
            const auto host = m.host.empty() ? f.host : m.host;
            e.url = std::string(scheme) + "://" + host + (port == (tls ? "443" : "80") ? "" : ":" + port) + m.path;
            // HAProxy takes the first rule that matches: a later route the
            // same request would reach is never taken by it.
            if (std::any_of(out_.endpoints.begin(), out_.endpoints.end(),
                            [&](const endpoint& earlier) { return earlier.url == e.url; }))
                continue;
            e.path_is_sample = m.path_is_sample;
            e.location = join(l.words, 0);
            e.source = where(l);
            e.server_names = sandbox::host_names(*f.section);
            e.http_version = "1.1";
            e.redirect = redirect;
            if (!redirect.empty()) {
                e.why_not.push_back("answered by a redirect (" + e.source + "): clients do not follow it");
            } else {
                e.proxy_pass = backend_name;
                e.upstream = backend_name;
                judge(e, m, backend_name);
            }
            e.websocket = e.why_not.empty();
            out_.endpoints.push_back(std::move(e));
        }
    }

    void judge(endpoint& e, const route_match& m, const std::string& backend_name) {
        backend_view front;
        header_rules(*frontend_view_.section, front);
        const auto known = backends_.find(backend_name);
        if (known == backends_.end()) {
            e.why_not.push_back("backend " + backend_name + " is not defined");
            return;
        }
        const auto& b = known->second;
        e.headers = front.headers;
        for (const auto& [name, value] : b.headers) e.headers[name] = value;
        e.why_not = front.why_not;
        e.why_not.insert(e.why_not.end(), b.why_not.begin(), b.why_not.end());
        if (m.refuses_upgrades) e.why_not.push_back("the route's condition excludes upgrade requests");
        // Once upgraded, timeout tunnel governs an idle connection; without
        // it, timeout server and timeout client still do.
        std::string client_source;
        const auto client =
            setting(*frontend_view_.section, frontend_view_.defaults, "timeout", "client", &client_source);
        const bool tunnel = !b.tunnel_timeout.empty(), server = !b.server_timeout.empty();
        const auto& timeout = tunnel ? b.tunnel_timeout : server ? b.server_timeout : client;
        e.read_timeout_source = tunnel ? b.tunnel_timeout_source : server ? b.server_timeout_source : client_source;
        e.meant_for_websocket = m.asks_for_upgrades || looks_like_websocket(e.url) || looks_like_websocket(backend_name);
        // HAProxy's timeouts without a unit are milliseconds.
        e.read_timeout = timeout.empty() ? "none"
                         : timeout.find_first_not_of("0123456789") == std::string::npos ? timeout + "ms"
                                                                                         : timeout;
    }

    struct frontend_view {
        const haproxy_section* section = nullptr;
        const haproxy_section* defaults = nullptr;
        std::vector<listen_socket> binds;
        std::string host;
    };

    const haproxy_config& config_;
    discovery out_;
    std::map<std::string, backend_view> backends_;
    frontend_view frontend_view_;
    std::string config_host_;
};

}  // namespace

discovery discover_haproxy(const haproxy_config& config) { return haproxy_discoverer(config).run(); }

discovery discover_haproxy(const std::filesystem::path& config) {
    return discover_haproxy(sandbox::read_haproxy_config(config));
}

}  // namespace wsgate::inspect
