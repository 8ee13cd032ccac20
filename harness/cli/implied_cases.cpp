#include "cli/implied_cases.hpp"

#include "cli/own_config_suite.hpp"
#include "inspect/header_values.hpp"

#include "sandbox/haproxy_address.hpp"
#include "sandbox/nginx_address.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>

namespace wsgate::cli {

namespace {

namespace report = harness::report;

// Headers the WebSocket handshake itself decides: the endpoint cases check them.
bool hop_by_hop(const std::string& name) {
    return ascii::iequals(name, "Connection") || ascii::iequals(name, "Upgrade");
}

// The ids of the sandbox's backends that may serve the route: its group's
// servers other than backups (they serve only when the others are down).
std::vector<std::string> serving_backends(const inspect::endpoint& e, const inspect::discovery& found,
                                          const sandbox::sandbox_result& sandbox) {
    std::vector<std::string> ids;
    const auto add = [&](const std::string& id) {
        for (const auto& b : sandbox.backends)
            if (b.id == id && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    const bool nginx = found.language == "nginx";
    // A Caddyfile's routes of one site share its name: the route's own
    // reverse_proxy line tells its upstreams apart.
    const bool caddy = found.language == "caddy";
    for (const auto& g : found.upstreams) {
        if (g.name != e.upstream || (caddy && g.source != e.source)) continue;
        for (const auto& s : g.servers) {
            if (s.parameters.find("backup") != std::string::npos) continue;
            add(g.name + "/" + (nginx ? sandbox::upstream_address(s.address) : sandbox::server_address(s.address)));
        }
    }
    if (ids.empty() && nginx && e.upstream.empty()) {
        if (const auto target = sandbox::split_pass_target(e.proxy_pass)) add(sandbox::with_default_port(*target));
    }
    return ids;
}

report::case_result info_for(const std::string& id, const std::string& title, const std::string& requirement,
                             const inspect::discovery& found, const inspect::endpoint& e) {
    report::case_result info;
    info.id = id + "@" + e.url;
    info.group = "config";
    info.title = title;
    info.requirement = requirement + " (" + e.source + ")";
    info.file = found.config;
    info.tags = {"config"};
    return info;
}

engine::runnable_case forwarded_head(const inspect::endpoint& e, const inspect::discovery& found,
                                     const sandbox::sandbox_result& sandbox, std::uint16_t port) {
    const auto url = engine::parse_url(e.url);
    engine::runnable_case c;
    c.info = info_for("config/forwarded-head", "The upgrade reaches the route's own backends with the head its "
                      "header rules produce",
                      "the config's routing and header rules, as the proxy applies them", found, e);
    c.needs_backends = true;
    c.endpoint = engine::endpoint_binding{url, port};
    engine::connect_step connect;
    connect.url = e.url;
    engine::expect_handshake_step handshake;
    handshake.status = 101;
    engine::backend_saw_step saw;
    saw.method = "GET";
    saw.backend_in = serving_backends(e, found, sandbox);
    for (const auto& [name, rule] : e.headers) {
        if (hop_by_hop(name)) continue;
        const auto value = inspect::header_value_for(rule, {ascii::lowercase(url.host), url.authority(), url.tls,
                                                            url.target});
        if (!value) continue;
        using how = engine::header_expectation::kind;
        // nginx sends no header whose value is empty.
        saw.headers.push_back({name, value->empty() ? how::absent : how::equals, *value});
    }
    // HAProxy and Caddy pass the client's Host on unless a rule sets it.
    if (found.language != "nginx" &&
        std::none_of(e.headers.begin(), e.headers.end(), [](const auto& h) { return ascii::iequals(h.first, "Host"); }))
        saw.headers.push_back({"Host", engine::header_expectation::kind::equals, url.authority()});
    c.steps = {engine::step{connect, "connect"}, engine::step{handshake, "expect_handshake"},
               engine::step{saw, "backend_saw"}};
    return c;
}

}  // namespace

std::vector<engine::runnable_case> implied_cases(const inspect::discovery& found,
                                                 const sandbox::sandbox_result& sandbox) {
    std::vector<engine::runnable_case> cases;
    for (const auto& e : found.endpoints) {
        if (!e.websocket) continue;
        cases.push_back(forwarded_head(e, found, sandbox, listener_port(e, sandbox)));
    }
    return cases;
}

}  // namespace wsgate::cli
