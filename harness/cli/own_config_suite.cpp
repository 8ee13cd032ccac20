#include "cli/own_config_suite.hpp"

#include "cli/implied_cases.hpp"

#include "inspect/config_duration.hpp"
#include "sandbox/nginx_address.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>

namespace wsgate::cli {

namespace report = harness::report;

namespace {

constexpr const char* endpoint_tag = "endpoint";
constexpr const char* seed_profile_reason =
    "seed profile: checks the seed topology's own URLs, backends and choices; it runs against the seed template";

bool holds_everywhere(const engine::runnable_case& c) {
    return std::find(c.info.tags.begin(), c.info.tags.end(), endpoint_tag) != c.info.tags.end();
}

// An idle tunnel closed sooner than this breaks real clients: browsers and
// socket.io send their first ping after 20-25 s.
constexpr std::chrono::seconds min_idle_tunnel{10};

// Why a WebSocket endpoint cannot serve real clients, or empty.
std::string short_tunnel(const inspect::endpoint& e) {
    const auto timeout = inspect::duration_of(e.read_timeout);
    if (!timeout || *timeout >= min_idle_tunnel) return {};
    return "idle tunnels are closed after " + e.read_timeout + " (" +
           (e.read_timeout_source.empty() ? std::string("the proxy's default") : "set at " + e.read_timeout_source) +
           "): clients that stay quiet for " + std::to_string(min_idle_tunnel.count()) + " s lose the connection";
}

report::case_result endpoints_verdict(const inspect::discovery& found) {
    report::case_result r;
    r.id = "config/websocket-endpoints";
    r.group = "config";
    r.title = "Every route meant for WebSockets carries upgrades, and idle tunnels live at least 10 s";
    r.requirement = "RFC 6455 §4.1 through the proxy: the upgrade reaches the backend (HTTP/1.1, Upgrade and "
                    "Connection forwarded, no redirect in the way), and a quiet tunnel is not cut within 10 s";
    r.file = found.config;
    report::step_result step{.index = 1, .name = "inspect", .message = "the config's routes"};
    std::size_t websockets = 0;
    std::string problems, reasons;
    for (const auto& e : found.endpoints) {
        if (e.websocket) {
            ++websockets;
            if (const auto why = short_tunnel(e); !why.empty()) problems += e.url + " (" + e.source + "): " + why + "\n";
            continue;
        }
        std::string why_not;
        for (const auto& why : e.why_not) why_not += e.url + " (" + e.source + "): " + why + "\n";
        reasons += why_not;
        if (e.meant_for_websocket) problems += why_not;
    }
    if (websockets == 0) {
        step.expected = "at least one route that proxies WebSocket upgrades";
        step.actual = found.endpoints.empty() ? "no route that proxies" : reasons;
    } else if (!problems.empty()) {
        step.expected = "every route meant for WebSockets carries upgrades; idle tunnels live at least " +
                        std::to_string(min_idle_tunnel.count()) + " s";
        step.actual = problems;
    }
    if (!step.actual.empty()) r.result = step.result = report::outcome::failed;
    r.steps.push_back(std::move(step));
    return r;
}

}  // namespace

std::uint16_t listener_port(const inspect::endpoint& e, const sandbox::sandbox_result& sandbox) {
    for (const auto& l : e.listeners)
        for (const auto& moved : sandbox.listeners)
            if (moved.original == sandbox::listen_socket(l.address)) return moved.port;
    return 0;
}

own_config_suite bind_to_endpoints(const std::vector<engine::runnable_case>& cases, const inspect::discovery& found,
                                   const sandbox::sandbox_result& sandbox) {
    own_config_suite suite;
    suite.verdicts.push_back(endpoints_verdict(found));
    suite.cases = implied_cases(found, sandbox);
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
