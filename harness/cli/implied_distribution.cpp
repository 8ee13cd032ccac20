#include "cli/implied_distribution.hpp"

#include "wsgate/ascii.hpp"

#include <regex>

namespace wsgate::cli {

namespace {

// Two full rounds of the weights: enough to see the proportion, few enough
// to stay quick; larger weight sums are not checked.
constexpr unsigned rounds = 2;
constexpr unsigned max_connections = 60;

// Connections of a sticky case: enough that a spreading balancer would show.
constexpr unsigned sticky_connections = 6;

// sticky: every connection of one client address goes to one server.
enum class policy { round_robin, least_connections, sticky, unchecked };

policy policy_of(const std::string& language, const std::string& balancing) {
    const auto b = ascii::lowercase(balancing);
    if (language == "nginx")
        return b == "round-robin"                                     ? policy::round_robin
               : b == "least_conn"                                    ? policy::least_connections
               : b == "ip_hash" || b.starts_with("hash $remote_addr") ? policy::sticky
                                                                      : policy::unchecked;
    if (language == "haproxy")
        return b == "roundrobin" || b == "static-rr" ? policy::round_robin
               : b == "leastconn"                  ? policy::least_connections
               : b == "source"                     ? policy::sticky
                                                   : policy::unchecked;
    return b == "round_robin"                           ? policy::round_robin
           : b == "least_conn"                          ? policy::least_connections
           : b == "ip_hash" || b == "client_ip_hash"    ? policy::sticky
                                                        : policy::unchecked;
}

}  // namespace

unsigned weight_of(const std::string& parameters) {
    static const std::regex weight(R"((?:^|\s)weight[= ]([0-9]{1,3})(?:\s|$))");
    std::smatch m;
    if (!std::regex_search(parameters, m, weight)) return 1;
    return std::max(1, std::stoi(m[1]));
}

std::optional<engine::runnable_case> distribution_case(const inspect::endpoint& e, const inspect::discovery& found,
                                                       const std::vector<weighted_backend>& backends,
                                                       std::uint16_t port) {
    std::string balancing;
    for (const auto& g : found.upstreams)
        if (g.name == e.upstream && (found.language != "caddy" || g.source == e.source)) balancing = g.balancing;
    const auto how = policy_of(found.language, balancing);
    unsigned total_weight = 0, serving = 0;
    for (const auto& b : backends)
        if (!b.backup) {
            total_weight += b.weight;
            ++serving;
        }
    if (how == policy::unchecked || serving < 2 || (how != policy::sticky && total_weight * rounds > max_connections))
        return std::nullopt;

    engine::runnable_case c;
    c.info.id = "config/distribution@" + e.url;
    c.info.group = "config";
    c.info.title = how == policy::sticky ? "Sequential connections from one client all reach one server, as its " +
                                               balancing + " balancing says, never a backup"
                                         : "Sequential connections spread over the route's servers as its " + balancing +
                                               " balancing and weights say, never to a backup";
    c.info.requirement = "the route's balancing settings (" + e.source + ")";
    // A finding, not a failure: earlier cases' aborted connections count as
    // upstream failures, and nginx lowers a failed server's effective weight
    // for a while, so a legitimate proxy may be one connection off.
    c.info.severity = harness::report::level::recommended;
    c.info.file = found.config;
    c.info.tags = {"config"};
    c.needs_backends = true;
    // Other cases' connections through the same servers would move the
    // balancer's counters: this one runs alone.
    c.exclusive = true;
    c.endpoint = engine::endpoint_binding{engine::parse_url(e.url), port};
    engine::connect_many_step connect;
    connect.count = how == policy::sticky ? sticky_connections : total_weight * rounds;
    connect.like.url = e.url;
    connect.sequential = true;
    engine::expect_distribution_step expect;
    expect.tolerance = 1;
    expect.one_backend = how == policy::sticky;
    for (const auto& b : backends) {
        if (b.backup) expect.never.push_back(b.id);
        else if (how != policy::sticky) expect.counts.emplace_back(b.id, b.weight * rounds);
    }
    c.steps = {engine::step{connect, "connect_many"}, engine::step{expect, "expect_distribution"}};
    return c;
}

}  // namespace wsgate::cli
