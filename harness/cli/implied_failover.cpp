#include "cli/implied_failover.hpp"

#include "inspect/config_duration.hpp"

#include <algorithm>
#include <regex>

namespace wsgate::cli {

namespace {

using namespace std::chrono_literals;

// HAProxy's health check defaults: a server is down after `fall` failed
// checks `inter` apart.
constexpr int haproxy_default_fall = 3;
constexpr auto haproxy_default_inter = 2000ms;
// Caddy's default active health check interval.
constexpr auto caddy_default_health_interval = 30000ms;
// Past the settle time, for the check that takes the server down to land.
constexpr auto settle_slack = 2500ms;
// HAProxy waits up to a second before each retry of a dead server, so a
// redispatched connection may take its retries' seconds.
constexpr auto per_connection_bound = 5000ms;
constexpr std::size_t min_connections = 4;

std::optional<std::string> word_after(const std::string& parameters, const std::string& keyword) {
    const std::regex re("(?:^|\\s)" + keyword + "\\s+(\\S+)");
    std::smatch m;
    if (!std::regex_search(parameters, m, re)) return std::nullopt;
    return m[1].str();
}

// A HAProxy time: a bare number is milliseconds there.
std::optional<std::chrono::milliseconds> haproxy_time(const std::string& text) {
    const bool bare = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    return inspect::duration_of(bare ? text + "ms" : text);
}

bool has_word(const std::string& parameters, const std::string& word) {
    return std::regex_search(parameters, std::regex("(^|\\s)" + word + "(\\s|$)"));
}

failover_plan haproxy_plan(const inspect::upstream_group& g) {
    if (g.failover.count("option redispatch")) return {true, 0ms, "option redispatch"};
    const bool checked = !g.servers.empty() && std::all_of(g.servers.begin(), g.servers.end(), [](const auto& s) {
        return has_word(s.parameters, "check");
    });
    if (!checked) return {false, 0ms, "no option redispatch, and servers without check"};
    std::chrono::milliseconds settle{0};
    for (const auto& s : g.servers) {
        const auto fall = word_after(s.parameters, "fall");
        const auto inter = word_after(s.parameters, "inter");
        const auto interval = inter ? haproxy_time(*inter) : std::optional(haproxy_default_inter);
        const int falls = fall ? std::max(1, std::atoi(fall->c_str())) : haproxy_default_fall;
        if (!interval) return {false, 0ms, "a check interval wsgate cannot read (inter " + inter.value_or("") + ")"};
        settle = std::max(settle, *interval * falls);
    }
    return {true, settle, "health checks (check, fall x inter)"};
}

failover_plan caddy_plan(const inspect::upstream_group& g) {
    if (const auto t = g.failover.find("lb_try_duration"); t != g.failover.end()) {
        const auto d = inspect::duration_of(t->second);
        if (d && d->count() > 0) return {true, 0ms, "lb_try_duration " + t->second};
    }
    if (g.failover.count("health_uri")) {
        const auto i = g.failover.find("health_interval");
        const auto interval = i == g.failover.end() ? std::optional(caddy_default_health_interval) : inspect::duration_of(i->second);
        if (interval) return {true, *interval, "active health checks (health_uri, health_interval)"};
    }
    return {false, 0ms, "no lb_try_duration and no active health checks (health_uri)"};
}

}  // namespace

failover_plan failover_of(const inspect::discovery& found, const inspect::upstream_group& group) {
    if (found.language == "haproxy") return haproxy_plan(group);
    if (found.language == "caddy") return caddy_plan(group);
    return {true, 0ms, "proxy_next_upstream error (nginx's default): a failed connection goes to the next server"};
}

std::optional<engine::runnable_case> failover_case(const inspect::endpoint& e, const inspect::discovery& found,
                                                   const std::vector<weighted_backend>& backends, std::uint16_t port) {
    const inspect::upstream_group* group = nullptr;
    for (const auto& g : found.upstreams)
        if (g.name == e.upstream && (found.language != "caddy" || g.source == e.source)) group = &g;
    std::vector<std::string> serving;
    for (const auto& b : backends)
        if (!b.backup) serving.push_back(b.id);
    if (!group || serving.size() < 2) return std::nullopt;
    const auto plan = failover_of(found, *group);
    const auto& dead = serving.front();

    engine::runnable_case c;
    c.info.id = "config/failover@" + e.url;
    c.info.group = "config";
    c.info.title = "With server " + dead + " dead, new connections upgrade on the route's other servers";
    c.info.requirement = "the route's failover settings: " + plan.how + " (" + group->source + ")";
    // A config without failover chose it: what it costs is a finding.
    c.info.severity = plan.fails_over ? harness::report::level::required : harness::report::level::recommended;
    c.info.file = found.config;
    c.info.tags = {"config", "failover"};
    c.needs_backends = true;
    // It kills a server: alone, after every case that needs them all.
    c.exclusive = true;
    c.endpoint = engine::endpoint_binding{engine::parse_url(e.url), port};
    const std::size_t count = std::max(min_connections, 2 * (serving.size() - 1));
    c.timeout = plan.settle + settle_slack + per_connection_bound * count;

    c.steps.push_back({engine::backend_step{engine::backend_step::kind::kill, "main", {}, dead}, "backend"});
    if (plan.settle.count() > 0) c.steps.push_back({engine::sleep_step{plan.settle + settle_slack}, "sleep"});
    engine::connect_many_step connect;
    connect.prefix = "while-down";
    connect.count = count;
    connect.like.url = e.url;
    connect.sequential = true;
    connect.within = per_connection_bound * count;
    c.steps.push_back({connect, "connect_many"});
    engine::expect_distribution_step spread;
    spread.prefix = "while-down";
    spread.never = {dead};
    c.steps.push_back({spread, "expect_distribution"});
    c.steps.push_back({engine::backend_step{engine::backend_step::kind::restart, "main", {}, dead}, "backend"});
    return c;
}

}  // namespace wsgate::cli
