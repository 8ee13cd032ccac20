#include "inspect/caddy_discovery.hpp"

#include "inspect/route_hints.hpp"
#include "sandbox/caddy_address.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace wsgate::inspect {

namespace {

using sandbox::caddy_directive;
using sandbox::caddy_site;

// Headers Caddy's reverse_proxy adds to every request unless a header_up
// rule removes them, with the placeholders they are made of.
const std::vector<std::pair<std::string, std::string>> caddy_default_headers = {
    {"X-Forwarded-For", "{remote_host}"}, {"X-Forwarded-Proto", "{scheme}"}, {"X-Forwarded-Host", "{hostport}"}};

std::string join(const std::vector<sandbox::caddy_token>& words, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i].text;
    return out;
}

// A path matcher's pattern as a path to test: "/ws/*" is "/ws/", "/live*" "/live".
std::string path_of(const std::string& pattern) {
    auto path = pattern;
    while (!path.empty() && path.back() == '*') path.pop_back();
    return path.empty() || path.front() != '/' ? "/" + path : path;
}

struct matcher {
    std::string path;             // empty: any
    bool tests_upgrade = false;   // header Upgrade / Connection
};

class caddy_discoverer {
public:
    explicit caddy_discoverer(const sandbox::caddyfile& config) : config_(config) {
        out_.config = config.file.string();
        out_.language = "caddy";
        for (const auto& s : config.sites)
            for (const auto& a : s.addresses)
                if (const auto parsed = sandbox::parse_site_address(a.text); parsed && config_host_.empty() &&
                                                                              !parsed->host.empty() &&
                                                                              parsed->host.find('*') == std::string::npos)
                    config_host_ = parsed->host;
        if (config_host_.empty()) config_host_ = "localhost";
        for (const auto& s : config.snippets) snippets_[s.name] = &s.directives;
    }

    discovery run() {
        for (const auto& s : config_.sites) site(s);
        return std::move(out_);
    }

private:
    struct site_view {
        std::string owner;
        std::vector<std::pair<sandbox::caddy_site_address, listen_socket>> addresses;
        std::map<std::string, matcher> matchers;
    };

    std::string where(int line) const { return config_.file.string() + ":" + std::to_string(line); }

    void site(const caddy_site& s) {
        site_view view;
        for (const auto& token : s.addresses) {
            const auto a = sandbox::parse_site_address(token.text);
            if (!a) continue;
            if (view.owner.empty()) view.owner = a->host.empty() ? ":" + std::to_string(a->listen_port()) : a->host;
            view.addresses.push_back(
                {*a, listen_socket{"*:" + std::to_string(a->listen_port()), a->https(), false, false, where(token.line)}});
            if (a->https() && !a->port) redirect_to_https(*a, token.line);
        }
        collect_matchers(s.directives, view);
        routes(s.directives, view, "/", "");
    }

    // Automatic HTTPS answers the site's plain-HTTP requests with a redirect.
    void redirect_to_https(const sandbox::caddy_site_address& a, int line) {
        endpoint e;
        e.url = "ws://" + (a.host.empty() || a.host.find('*') != std::string::npos ? config_host_ : a.host) + "/";
        e.listeners.push_back({"*:80", false, false, false, where(line)});
        e.location = a.host + " (automatic HTTPS)";
        e.source = where(line);
        e.redirect = "308 https://{host}{uri}";
        e.why_not.push_back("answered by automatic HTTPS's redirect (" + e.source + "): clients do not follow it");
        add(std::move(e));
    }

    void collect_matchers(const std::vector<caddy_directive>& block, site_view& view) const {
        for (const auto& d : block) {
            if (!d.name().starts_with("@")) continue;
            matcher m;
            const auto read = [&m](const std::vector<sandbox::caddy_token>& w, std::size_t from) {
                if (w.size() <= from) return;
                if (w[from].text == "path" && w.size() > from + 1 && m.path.empty()) m.path = path_of(w[from + 1].text);
                if ((w[from].text == "header" || w[from].text == "header_regexp") && w.size() > from + 1) {
                    const auto name = ascii::lowercase(w[from + 1].text);
                    m.tests_upgrade = m.tests_upgrade || name == "upgrade" || name == "connection";
                }
            };
            read(d.words, 1);
            for (const auto& sub : d.block) read(sub.words, 0);
            view.matchers[d.name()] = m;
        }
    }

    void routes(const std::vector<caddy_directive>& block, const site_view& view, const std::string& path,
                const std::string& context) {
        for (const auto& d : block) {
            const auto& name = d.name();
            // A snippet's upstreams are named after the snippet, as the sandbox
            // names them; a snippet that imports itself is read once (Caddy
            // refuses the cycle).
            if (name == "import" && d.words.size() >= 2 && snippets_.count(d.words[1].text) &&
                !expanding_.count(d.words[1].text)) {
                auto imported = view;
                imported.owner = d.words[1].text;
                expanding_.insert(imported.owner);
                routes(*snippets_.at(imported.owner), imported, path, context);
                expanding_.erase(imported.owner);
            }
            if ((name == "handle" || name == "handle_path" || name == "route") && d.has_block) {
                const auto inner = d.words.size() > 1 ? matched_path(d.words[1].text, view, path) : path;
                routes(d.block, view, inner, join(d.words, 0));
            }
            if (name == "reverse_proxy") proxy(d, view, path, context);
            if (name == "redir") redirect(d, view, path);
        }
    }

    std::string matched_path(const std::string& word, const site_view& view, const std::string& outer) const {
        if (word.starts_with("/")) return path_of(word);
        if (auto m = view.matchers.find(word); m != view.matchers.end() && !m->second.path.empty()) return m->second.path;
        return outer;
    }

    endpoint base(const site_view& view, bool https, const std::string& path, int line) const {
        endpoint e;
        for (const auto& [a, socket] : view.addresses) {
            if (a.https() != https) continue;
            if (e.listeners.empty()) {
                const auto host = a.host.empty() || a.host.find('*') != std::string::npos ? config_host_ : a.host;
                const auto port = a.listen_port();
                const bool standard = port == (https ? sandbox::caddy_https_port : sandbox::caddy_http_port);
                e.url = std::string(https ? "wss://" : "ws://") + host + (standard ? "" : ":" + std::to_string(port)) +
                        path;
            }
            e.listeners.push_back(socket);
            e.server_names.push_back(a.host);
        }
        e.source = where(line);
        e.http_version = "1.1";
        return e;
    }

    void proxy(const caddy_directive& d, const site_view& view, const std::string& path, const std::string& context) {
        std::size_t first = 1;
        std::string here = path;
        bool upgrade_test = false;
        if (d.words.size() > 1 && (d.words[1].text.starts_with("@") || d.words[1].text.starts_with("/"))) {
            here = matched_path(d.words[1].text, view, path);
            if (auto m = view.matchers.find(d.words[1].text); m != view.matchers.end()) upgrade_test = m->second.tests_upgrade;
            first = 2;
        }
        upstream_group g{view.owner, "random", std::nullopt, {}, where(d.line)};
        for (std::size_t i = first; i < d.words.size(); ++i)
            g.servers.push_back({sandbox::caddy_upstream_address(d.words[i].text), "", where(d.line)});
        std::vector<std::pair<std::string, std::string>> headers = caddy_default_headers;
        std::vector<std::string> why_not;
        std::string read_timeout = "none", read_timeout_source;
        for (const auto& sub : d.block) {
            const auto& name = sub.name();
            if (name == "to")
                for (std::size_t i = 1; i < sub.words.size(); ++i)
                    g.servers.push_back({sandbox::caddy_upstream_address(sub.words[i].text), "", where(sub.line)});
            if (name == "lb_policy" && sub.words.size() > 1) g.balancing = join(sub.words, 1);
            for (const char* setting : {"lb_try_duration", "fail_duration", "health_uri", "health_interval"})
                if (name == setting && sub.words.size() > 1) g.failover[setting] = sub.words[1].text;
            if (name == "header_up" && sub.words.size() > 1) header_rule(sub, headers, why_not);
            if (name == "transport")
                for (const auto& t : sub.block) {
                    if (t.name() == "read_timeout" && t.words.size() > 1) {
                        read_timeout = t.words[1].text;
                        read_timeout_source = where(t.line);
                    }
                    if (t.name() == "versions" && join(t.words, 1).find("1.1") == std::string::npos)
                        why_not.push_back("transport versions " + join(t.words, 1) + " (" + where(t.line) +
                                          "): Caddy 2.6 carries WebSockets to a backend over HTTP/1.1 only");
                }
        }
        for (const bool https : {false, true}) {
            auto e = base(view, https, here, d.line);
            if (e.listeners.empty()) continue;
            e.location = context.empty() ? join(d.words, 0) : context + " > " + join(d.words, 0);
            e.proxy_pass = join(d.words, first);
            e.upstream = view.owner;
            for (const auto& [name, value] : headers) e.headers[name] = value;
            e.why_not = why_not;
            e.websocket = why_not.empty();
            e.read_timeout = read_timeout;
            e.read_timeout_source = read_timeout_source;
            e.meant_for_websocket = upgrade_test || looks_like_websocket(e.url) || looks_like_websocket(context);
            add(std::move(e));
        }
        out_.upstreams.push_back(std::move(g));
    }

    static void header_rule(const caddy_directive& sub, std::vector<std::pair<std::string, std::string>>& headers,
                            std::vector<std::string>& why_not) {
        auto name = sub.words[1].text;
        const bool remove = name.starts_with("-");
        if (remove || name.starts_with("+")) name = name.substr(1);
        const auto lower = ascii::lowercase(name);
        std::erase_if(headers, [&](const auto& h) { return ascii::iequals(h.first, name) && !sub.words[1].text.starts_with("+"); });
        if ((lower == "upgrade" || lower == "connection") && remove)
            why_not.push_back("header_up -" + name + ": the upgrade cannot reach the backend");
        if (lower == "connection" && !remove && sub.words.size() > 2 && ascii::iequals(sub.words[2].text, "close"))
            why_not.push_back("header_up Connection close: the upgrade is refused by design");
        if (!remove && sub.words.size() > 2) headers.emplace_back(name, join(sub.words, 2));
    }

    void redirect(const caddy_directive& d, const site_view& view, const std::string& path) {
        std::size_t first = 1;
        std::string here = path;
        if (d.words.size() > 2 && (d.words[1].text.starts_with("@") || d.words[1].text.starts_with("/"))) {
            here = matched_path(d.words[1].text, view, path);
            first = 2;
        }
        for (const bool https : {false, true}) {
            auto e = base(view, https, here, d.line);
            if (e.listeners.empty()) continue;
            e.location = join(d.words, 0);
            e.redirect = join(d.words, first);
            e.why_not.push_back("answered by a redirect (" + e.source + "): clients do not follow it");
            add(std::move(e));
        }
    }

    // A URL an earlier route already answers is not reached by a later one.
    void add(endpoint e) {
        if (std::none_of(out_.endpoints.begin(), out_.endpoints.end(),
                         [&](const endpoint& earlier) { return earlier.url == e.url; }))
            out_.endpoints.push_back(std::move(e));
    }

    const sandbox::caddyfile& config_;
    discovery out_;
    std::string config_host_;
    std::map<std::string, const std::vector<caddy_directive>*> snippets_;
    std::set<std::string> expanding_;  // the snippets being read now
};

}  // namespace

discovery discover_caddy(const sandbox::caddyfile& config) { return caddy_discoverer(config).run(); }

discovery discover_caddy(const std::filesystem::path& config) { return discover_caddy(sandbox::read_caddyfile(config)); }

}  // namespace wsgate::inspect
