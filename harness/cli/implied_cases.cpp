#include "cli/implied_cases.hpp"

#include "cli/implied_distribution.hpp"
#include "cli/implied_failover.hpp"
#include "cli/implied_redirect.hpp"
#include "cli/own_config_suite.hpp"
#include "inspect/header_values.hpp"

#include "sandbox/haproxy_address.hpp"
#include "sandbox/nginx_address.hpp"

#include "wsgate/ascii.hpp"

#include <algorithm>
#include <regex>

namespace wsgate::cli {

namespace {

namespace report = harness::report;

// Headers the WebSocket handshake itself decides: the endpoint cases check them.
bool hop_by_hop(const std::string& name) {
    return ascii::iequals(name, "Connection") || ascii::iequals(name, "Upgrade");
}

// The sandbox's backends of the route, with their weights and whether each
// is a backup (which serves only when the others are down).
std::vector<weighted_backend> route_backends(const inspect::endpoint& e, const inspect::discovery& found,
                                             const sandbox::sandbox_result& sandbox) {
    std::vector<weighted_backend> out;
    const auto add = [&](const std::string& id, const std::string& parameters) {
        const bool known = std::any_of(sandbox.backends.begin(), sandbox.backends.end(),
                                       [&](const sandbox::backend& b) { return b.id == id; });
        const bool listed = std::any_of(out.begin(), out.end(), [&](const weighted_backend& b) { return b.id == id; });
        if (known && !listed)
            out.push_back({id, weight_of(parameters), std::regex_search(parameters, std::regex(R"((^|\s)backup(\s|$))"))});
    };
    const bool nginx = found.language == "nginx";
    // A Caddyfile's routes of one site share its name: the route's own
    // reverse_proxy line tells its upstreams apart.
    const bool caddy = found.language == "caddy";
    for (const auto& g : found.upstreams) {
        if (g.name != e.upstream || (caddy && g.source != e.source)) continue;
        for (const auto& s : g.servers)
            add(g.name + "/" + (nginx ? sandbox::upstream_address(s.address) : sandbox::server_address(s.address)),
                s.parameters);
    }
    if (out.empty() && nginx && e.upstream.empty()) {
        if (const auto target = sandbox::split_pass_target(e.proxy_pass)) add(sandbox::with_default_port(*target), "");
    }
    return out;
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
    for (const auto& b : route_backends(e, found, sandbox))
        if (!b.backup) saw.backend_in.push_back(b.id);
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
    std::vector<engine::runnable_case> cases, failovers;
    for (const auto& e : found.endpoints) {
        const auto port = listener_port(e, sandbox);
        if (!e.redirect.empty())
            if (auto redirect = redirect_case(e, found, port)) cases.push_back(std::move(*redirect));
        if (!e.websocket) continue;
        cases.push_back(forwarded_head(e, found, sandbox, port));
        const auto backends = route_backends(e, found, sandbox);
        if (auto spread = distribution_case(e, found, backends, port)) cases.push_back(std::move(*spread));
        if (auto failover = failover_case(e, found, backends, port)) failovers.push_back(std::move(*failover));
    }
    // Each failover case kills a server, leaving the balancer resting it:
    // after every case that counts on all of them.
    cases.insert(cases.end(), std::make_move_iterator(failovers.begin()), std::make_move_iterator(failovers.end()));
    return cases;
}

}  // namespace wsgate::cli
