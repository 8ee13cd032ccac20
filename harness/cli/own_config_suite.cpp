#include "cli/own_config_suite.hpp"

#include "sandbox/nginx_address.hpp"

#include <algorithm>

namespace wsgate::cli {

namespace report = harness::report;

namespace {

constexpr const char* endpoint_tag = "endpoint";
constexpr const char* seed_profile_reason =
    "seed profile: checks the seed topology's own URLs, backends and choices; it runs against the seed template";

bool holds_everywhere(const engine::runnable_case& c) {
    return std::find(c.info.tags.begin(), c.info.tags.end(), endpoint_tag) != c.info.tags.end();
}

// The sandbox's loopback port for the first of the endpoint's listeners.
std::uint16_t listener_port(const inspect::endpoint& e, const sandbox::sandbox_result& sandbox) {
    for (const auto& l : e.listeners)
        for (const auto& moved : sandbox.listeners)
            if (moved.original == sandbox::listen_socket(l.address)) return moved.port;
    return 0;
}

report::case_result endpoints_verdict(const inspect::discovery& found) {
    report::case_result r;
    r.id = "config/websocket-endpoints";
    r.group = "config";
    r.title = "The config carries WebSocket upgrades on at least one endpoint";
    r.requirement = "RFC 6455 §4.1 through nginx's proxy module: HTTP/1.1 upstream, Upgrade and Connection forwarded";
    r.file = found.config;
    report::step_result step{.index = 1, .name = "inspect", .message = "endpoints that carry WebSocket upgrades"};
    std::size_t websockets = 0;
    std::string reasons;
    for (const auto& e : found.endpoints) {
        if (e.websocket) {
            ++websockets;
            continue;
        }
        for (const auto& why : e.why_not) reasons += e.url + " (" + e.source + "): " + why + "\n";
    }
    if (websockets == 0) {
        r.result = step.result = report::outcome::failed;
        step.expected = "at least one location that proxies WebSocket upgrades";
        step.actual = found.endpoints.empty() ? "no location with proxy_pass" : reasons;
    }
    r.steps.push_back(std::move(step));
    return r;
}

}  // namespace

own_config_suite bind_to_endpoints(const std::vector<engine::runnable_case>& cases, const inspect::discovery& found,
                                   const sandbox::sandbox_result& sandbox) {
    own_config_suite suite;
    suite.verdicts.push_back(endpoints_verdict(found));
    for (const auto& c : cases) {
        if (!holds_everywhere(c)) {
            auto skipped = c;
            if (!skipped.skip) skipped.skip = seed_profile_reason;
            suite.cases.push_back(std::move(skipped));
            continue;
        }
        for (const auto& e : found.endpoints) {
            if (!e.websocket) continue;
            auto bound = c;
            bound.info.id = c.info.id + "@" + e.url;
            bound.endpoint = engine::endpoint_binding{engine::parse_url(e.url), listener_port(e, sandbox)};
            suite.cases.push_back(std::move(bound));
        }
    }
    return suite;
}

}  // namespace wsgate::cli
