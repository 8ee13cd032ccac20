#include "inspect/nginx_discovery.hpp"

#include "inspect/route_hints.hpp"
#include "inspect/sample_path.hpp"

#include "sandbox/nginx_address.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>

namespace wsgate::inspect {

namespace {

using sandbox::config_tree;
using sandbox::directive;
using sandbox::for_each_in_block;

constexpr const char* default_http_version = "1.0";
constexpr const char* default_read_timeout = "60s";

// What a location inherits from the levels around it, as nginx merges them:
// a level that sets any proxy_set_header replaces the whole inherited list.
struct proxy_settings {
    std::string http_version = default_http_version;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string read_timeout = default_read_timeout;
    std::string read_timeout_source;
};

struct map_block {
    std::string source;                // "$http_upgrade"
    std::vector<std::string> results;  // every value it can give
};

std::string join(const std::vector<std::string>& words, std::size_t from) {
    std::string text;
    for (std::size_t i = from; i < words.size(); ++i) text += (text.empty() ? "" : " ") + words[i];
    return text;
}

class nginx_discovery {
public:
    explicit nginx_discovery(const config_tree& tree) : tree_(tree) {}

    discovery run() {
        out_.config = tree_.copies.front().original.string();
        for_each_in_block(tree_.top, [this](const directive& d) {
            if (d.block && d.name() == "http") http(d);
        });
        return std::move(out_);
    }

private:
    std::string where(const directive& d) const {
        return tree_.copies[d.copy].original.string() + ":" + std::to_string(d.line);
    }

    proxy_settings merged(const std::vector<directive>& block, proxy_settings settings) const {
        bool headers_here = false;
        for_each_in_block(block, [&](const directive& d) {
            if (d.block) return;
            if (d.name() == "proxy_http_version" && d.args.size() == 2) settings.http_version = d.args[1];
            if (d.name() == "proxy_read_timeout" && d.args.size() == 2) {
                settings.read_timeout = d.args[1];
                settings.read_timeout_source = where(d);
            }
            if (d.name() == "proxy_set_header" && d.args.size() == 3) {
                if (!headers_here) settings.headers.clear();
                headers_here = true;
                settings.headers.emplace_back(d.args[1], d.args[2]);
            }
        });
        return settings;
    }

    void http(const directive& block) {
        for_each_in_block(block.children, [this](const directive& d) {
            if (d.block && d.name() == "map" && d.args.size() == 3) map(d);
            if (d.block && d.name() == "upstream" && d.args.size() == 2) upstream(d);
        });
        const auto settings = merged(block.children, {});
        for_each_in_block(block.children, [&](const directive& d) {
            if (d.block && d.name() == "server") server(d, settings);
        });
    }

    void map(const directive& d) {
        map_block m{d.args[1], {}};
        for_each_in_block(d.children, [&m](const directive& entry) {
            if (!entry.block && entry.args.size() == 2 && entry.name() != "hostnames" && entry.name() != "volatile")
                m.results.push_back(entry.args[1]);
        });
        maps_["$" + d.args[2].substr(d.args[2].starts_with("$") ? 1 : 0)] = std::move(m);
    }

    void upstream(const directive& d) {
        upstream_group g{d.args[1], "round-robin", std::nullopt, {}, where(d)};
        for_each_in_block(d.children, [&](const directive& inner) {
            if (inner.block) return;
            const auto& name = inner.name();
            if (name == "least_conn" || name == "ip_hash" || name == "random" || name == "hash")
                g.balancing = join(inner.args, 0);
            if (name == "keepalive" && inner.args.size() == 2) g.keepalive = std::atoi(inner.args[1].c_str());
            if (name == "server" && inner.args.size() >= 2)
                g.servers.push_back({inner.args[1], join(inner.args, 2), where(inner)});
        });
        out_.upstreams.push_back(std::move(g));
    }

    void server(const directive& block, const proxy_settings& inherited) {
        server_view view;
        std::string redirect, redirect_source;
        for_each_in_block(block.children, [&](const directive& d) {
            if (d.block) return;
            if (d.name() == "listen" && d.args.size() >= 2) view.listeners.push_back(listener(d));
            if (d.name() == "server_name") view.names.insert(view.names.end(), d.args.begin() + 1, d.args.end());
            if (d.name() == "return" && redirect.empty()) {
                redirect = join(d.args, 1);
                redirect_source = where(d);
            }
        });
        if (view.listeners.empty()) view.listeners.push_back({"*:80", false, false, false, where(block)});
        if (!redirect.empty()) {
            // A return at server level answers every request before any location.
            for (const auto& scheme : schemes(view)) {
                endpoint e = base_endpoint(view, scheme, "/");
                e.location = "(server)";
                e.source = redirect_source;
                e.redirect = redirect;
                e.why_not.push_back("answered by \"return " + redirect + "\" (" + redirect_source +
                                    "): WebSocket clients do not follow redirects");
                out_.endpoints.push_back(std::move(e));
            }
            return;
        }
        view.block = &block.children;
        view.settings = merged(block.children, inherited);
        locations(block.children, view, view.settings);
    }

    struct server_view {
        std::vector<listen_socket> listeners;
        std::vector<std::string> names;
        const std::vector<directive>* block = nullptr;  // where its named locations are
        proxy_settings settings;                       // what they inherit
    };

    listen_socket listener(const directive& d) const {
        listen_socket l{d.args[1], false, false, false, where(d)};
        for (std::size_t i = 2; i < d.args.size(); ++i) {
            l.ssl = l.ssl || d.args[i] == "ssl";
            l.http2 = l.http2 || d.args[i] == "http2";
            l.default_server = l.default_server || d.args[i] == "default_server" || d.args[i] == "default";
        }
        return l;
    }

    static std::vector<std::string> schemes(const server_view& view) {
        std::vector<std::string> out;
        for (const auto& l : view.listeners) {
            const auto scheme = l.ssl ? "wss" : "ws";
            if (std::find(out.begin(), out.end(), scheme) == out.end()) out.push_back(scheme);
        }
        return out;
    }

    // The first name a client could send: exact names first, "*.x" as "www.x".
    static std::string public_host(const std::vector<std::string>& names) {
        for (const auto& n : names)
            if (!n.empty() && n != "_" && !n.starts_with("~") && n.find('*') == std::string::npos && !n.starts_with("."))
                return n;
        for (const auto& n : names)
            if (n.starts_with("*.")) return "www" + n.substr(1);
            else if (n.starts_with(".")) return n.substr(1);
        return "localhost";
    }

    static std::string port_part(const server_view& view, const std::string& scheme) {
        for (const auto& l : view.listeners) {
            if ((scheme == "wss") != l.ssl) continue;
            const auto socket = sandbox::listen_socket(l.address);
            if (socket.starts_with("unix:")) return "";
            const auto port = socket.substr(socket.rfind(':') + 1);
            return port == (scheme == "wss" ? "443" : "80") ? "" : ":" + port;
        }
        return "";
    }

    endpoint base_endpoint(const server_view& view, const std::string& scheme, const std::string& path) const {
        endpoint e;
        e.url = scheme + "://" + public_host(view.names) + port_part(view, scheme) + path;
        e.server_names = view.names;
        for (const auto& l : view.listeners)
            if ((scheme == "wss") == l.ssl) e.listeners.push_back(l);
        return e;
    }

    void locations(const std::vector<directive>& block, const server_view& view, const proxy_settings& settings) {
        for_each_in_block(block, [&](const directive& d) {
            if (!d.block || d.name() != "location" || d.args.size() < 2 || d.args[1].starts_with("@")) return;
            auto local = merged(d.children, settings);
            const bool modifier = d.args.size() >= 3;
            const auto& path = modifier ? d.args[2] : d.args[1];
            const auto* pass = proxy_pass_in(d.children);
            // No file exists in the sandbox: "try_files ... @app" always ends in @app.
            const auto* named = pass ? nullptr : named_fallback(d, view);
            if (named) {
                pass = proxy_pass_in(named->children);
                local = merged(named->children, view.settings);
            }
            if (pass) {
                for (const auto& scheme : schemes(view)) {
                    const bool regex = modifier && d.args[1].starts_with("~");
                    endpoint e = base_endpoint(view, scheme, regex ? sample_path(path) : path);
                    e.path_is_sample = regex;
                    e.location = join(d.args, 1) + (named ? " (try_files to " + named->args[1] + ")" : "");
                    e.source = where(d);
                    e.proxy_pass = pass->args[1];
                    const auto host = pass->args[1].substr(pass->args[1].find("://") == std::string::npos
                                                               ? 0
                                                               : pass->args[1].find("://") + 3);
                    const auto name = host.substr(0, host.find_first_of(":/"));
                    for (const auto& g : out_.upstreams)
                        if (g.name == name) e.upstream = name;
                    e.http_version = local.http_version;
                    e.read_timeout = local.read_timeout;
                    e.read_timeout_source = local.read_timeout_source;
                    for (const auto& [header, value] : local.headers) e.headers[header] = value;
                    judge(e, local);
                    out_.endpoints.push_back(std::move(e));
                }
            }
            locations(d.children, view, local);
        });
    }

    // The named location a location's try_files ends in, in its server.
    static const directive* named_fallback(const directive& location, const server_view& view) {
        std::string name;
        for_each_in_block(location.children, [&name](const directive& d) {
            if (!d.block && d.name() == "try_files" && d.args.size() >= 3 && d.args.back().starts_with("@"))
                name = d.args.back();
        });
        if (name.empty() || !view.block) return nullptr;
        const directive* found = nullptr;
        for_each_in_block(*view.block, [&](const directive& d) {
            if (d.block && d.name() == "location" && d.args.size() == 2 && d.args[1] == name) found = &d;
        });
        return found;
    }

    static const directive* proxy_pass_in(const std::vector<directive>& block) {
        const directive* found = nullptr;
        for_each_in_block(block, [&found](const directive& d) {
            if (!d.block && d.name() == "proxy_pass" && d.args.size() == 2 && !found) found = &d;
        });
        return found;
    }

    std::optional<std::string> header_value(const proxy_settings& s, const std::string& name) const {
        for (const auto& [header, value] : s.headers)
            if (ascii::iequals(header, name)) return value;
        return std::nullopt;
    }

    // Does value, possibly through a map on $http_upgrade, say "upgrade"?
    bool says_upgrade(const std::string& value) const {
        if (ascii::iequals(value, "$http_connection")) return true;
        if (ascii::lowercase(value).find("upgrade") != std::string::npos && !value.starts_with("$")) return true;
        const auto m = maps_.find(value);
        if (m == maps_.end()) return false;
        return std::any_of(m->second.results.begin(), m->second.results.end(),
                           [](const std::string& r) { return ascii::iequals(r, "upgrade"); });
    }

    void judge(endpoint& e, const proxy_settings& s) const {
        if (s.http_version != "1.1")
            e.why_not.push_back("proxy_http_version is " + s.http_version +
                                (s.http_version == default_http_version ? " (nginx's default)" : "") +
                                ": an upgrade needs HTTP/1.1 to the backend");
        const auto upgrade = header_value(s, "Upgrade");
        if (!upgrade || (upgrade->find("$http_upgrade") == std::string::npos && !ascii::iequals(*upgrade, "websocket")))
            e.why_not.push_back("no proxy_set_header Upgrade $http_upgrade: nginx does not forward the client's Upgrade");
        const auto connection = header_value(s, "Connection");
        if (!connection || !says_upgrade(*connection))
            e.why_not.push_back("Connection is not set to upgrade (proxy_set_header Connection): nginx sends "
                                "\"Connection: close\" upstream");
        e.websocket = e.why_not.empty();
        e.meant_for_websocket = upgrade || (connection && says_upgrade(*connection)) || looks_like_websocket(e.url);
    }

    const config_tree& tree_;
    discovery out_;
    std::map<std::string, map_block> maps_;
};

}  // namespace

discovery discover_nginx(const config_tree& tree) { return nginx_discovery(tree).run(); }

discovery discover_nginx(const std::filesystem::path& config) {
    // Discovery writes nothing, so the copies' paths are never used.
    return discover_nginx(sandbox::read_config_tree(config, "/nonexistent/wsgate-discovery"));
}

}  // namespace wsgate::inspect
