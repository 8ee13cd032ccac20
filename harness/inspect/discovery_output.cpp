#include "inspect/discovery_output.hpp"

#include <boost/json.hpp>

namespace wsgate::inspect {

namespace json = boost::json;

namespace {

// Each language's own words for a route's settings in the text output.
struct vocabulary {
    const char* pass;
    const char* version;
    const char* timeout;
    const char* header;
    const char* group;
};

const vocabulary& words_of(const std::string& language) {
    static const vocabulary nginx{"proxy_pass", "proxy_http_version", "proxy_read_timeout", "proxy_set_header",
                                  "upstream"};
    static const vocabulary haproxy{"backend", "HTTP", "tunnel timeout", "http-request set-header", "backend"};
    static const vocabulary caddy{"reverse_proxy", "HTTP", "read_timeout", "header_up", "upstreams of"};
    return language == "haproxy" ? haproxy : language == "caddy" ? caddy : nginx;
}

json::array strings(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

json::object endpoint_json(const endpoint& e) {
    json::array listeners;
    for (const auto& l : e.listeners)
        listeners.push_back(json::object{{"address", l.address},
                                         {"ssl", l.ssl},
                                         {"http2", l.http2},
                                         {"default_server", l.default_server},
                                         {"source", l.source}});
    json::object headers;
    for (const auto& [name, value] : e.headers) headers[name] = value;
    return json::object{{"url", e.url},
                        {"path_is_sample", e.path_is_sample},
                        {"websocket", e.websocket},
                        {"why_not", strings(e.why_not)},
                        {"location", e.location},
                        {"source", e.source},
                        {"server_names", strings(e.server_names)},
                        {"listeners", std::move(listeners)},
                        {"proxy_pass", e.proxy_pass},
                        {"upstream", e.upstream},
                        {"proxy_http_version", e.http_version},
                        {"proxy_set_header", std::move(headers)},
                        {"proxy_read_timeout", e.read_timeout},
                        {"redirect", e.redirect}};
}

}  // namespace

std::string to_json(const discovery& d) {
    json::array endpoints, upstreams;
    for (const auto& e : d.endpoints) endpoints.push_back(endpoint_json(e));
    for (const auto& g : d.upstreams) {
        json::array servers;
        for (const auto& s : g.servers)
            servers.push_back(json::object{{"address", s.address}, {"parameters", s.parameters}, {"source", s.source}});
        json::object failover;
        for (const auto& [setting, value] : g.failover) failover[setting] = value;
        upstreams.push_back(json::object{{"name", g.name},
                                         {"balancing", g.balancing},
                                         {"keepalive", g.keepalive ? json::value(*g.keepalive) : json::value(nullptr)},
                                         {"failover", std::move(failover)},
                                         {"servers", std::move(servers)},
                                         {"source", g.source}});
    }
    return json::serialize(json::object{{"config", d.config},
                                        {"language", d.language},
                                        {"endpoints", std::move(endpoints)},
                                        {"upstreams", std::move(upstreams)}}) +
           "\n";
}

std::string to_text(const discovery& d) {
    const auto& w = words_of(d.language);
    std::string out = d.config + ":\n";
    std::size_t websockets = 0;
    for (const auto& e : d.endpoints) {
        websockets += e.websocket ? 1 : 0;
        out += "  " + e.url + (e.path_is_sample ? " (a path the regex matches)" : "") + "  " +
               (e.websocket ? "WebSocket" : "no WebSocket") + "  " + e.location + " at " + e.source + "\n";
        if (!e.proxy_pass.empty())
            out += std::string("      ") + w.pass + " " + e.proxy_pass + ", " + w.version + " " + e.http_version + ", " +
                   w.timeout + " " + e.read_timeout + "\n";
        for (const auto& [name, value] : e.headers) out += std::string("      ") + w.header + " " + name + " " + value + "\n";
        for (const auto& why : e.why_not) out += "      why not: " + why + "\n";
    }
    for (const auto& g : d.upstreams) {
        out += std::string("  ") + w.group + " " + g.name + " (" + g.balancing +
               (g.keepalive ? ", keepalive " + std::to_string(*g.keepalive) : "") + ") at " + g.source + "\n";
        for (const auto& [setting, value] : g.failover) out += "      " + setting + (value.empty() ? "" : " " + value) + "\n";
        for (const auto& s : g.servers)
            out += "      server " + s.address + (s.parameters.empty() ? "" : " " + s.parameters) + "\n";
    }
    return out + std::to_string(d.endpoints.size()) + " endpoints, " + std::to_string(websockets) +
           " carry WebSocket upgrades\n";
}

}  // namespace wsgate::inspect
