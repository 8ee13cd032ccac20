// Discovery over haproxy.cfg: each route's public URL from the host names
// and paths its ACLs test, in HAProxy's first-match order; redirects; why a
// route does not carry upgrades; balance, servers, headers and the timeout a
// tunnel lives by, each with its line. Beside it, what every discovery
// shares: which routes are meant for WebSockets and the values header rules
// give the harness's requests.
#include "inspect/haproxy_discovery.hpp"
#include "inspect/header_values.hpp"
#include "inspect/route_hints.hpp"
#include "sandbox/haproxy_config.hpp"

#include <gtest/gtest.h>

using namespace wsgate::inspect;

namespace {

discovery discover_text(const std::string& text) {
    return discover_haproxy(wsgate::sandbox::parse_haproxy_config("/etc/haproxy/haproxy.cfg", text));
}

const endpoint* find(const discovery& d, const std::string& url) {
    for (const auto& e : d.endpoints)
        if (e.url == url) return &e;
    return nullptr;
}

constexpr const char* chat_config = R"(defaults
  mode http
  timeout client 50000
  timeout server 50000
frontend http_in
  bind *:80
  http-request redirect scheme https code 301 unless { ssl_fc }
frontend https_in
  bind *:443 ssl crt /etc/x.pem
  acl host_chat hdr(host) -i chat.example.org
  acl is_socketio path_beg /socket.io/
  acl is_live path_reg ^/live/[0-9]+$
  http-request set-header X-Forwarded-Proto https
  use_backend nodes if host_chat is_socketio
  use_backend nodes if is_live || { hdr(host) -i www.example.org }
  default_backend api
backend nodes
  balance leastconn
  timeout tunnel 1h
  server n1 10.0.0.1:3000 check weight 2
  server n2 10.0.0.2:3000 backup
backend api
  server a1 10.0.0.9:8080
)";

}  // namespace

TEST(HaproxyDiscovery, EachRouteIsAUrlOfTheHostsAndPathsItsAclsTest) {
    const auto d = discover_text(chat_config);
    EXPECT_EQ(d.language, "haproxy");
    const auto* socketio = find(d, "wss://chat.example.org/socket.io/");
    ASSERT_NE(socketio, nullptr);
    EXPECT_TRUE(socketio->websocket);
    EXPECT_TRUE(socketio->meant_for_websocket);
    EXPECT_EQ(socketio->source, "/etc/haproxy/haproxy.cfg:14");
    EXPECT_EQ(socketio->upstream, "nodes");
    EXPECT_EQ(socketio->read_timeout, "1h");
    EXPECT_EQ(socketio->read_timeout_source, "/etc/haproxy/haproxy.cfg:19");
    EXPECT_EQ(socketio->headers.at("X-Forwarded-Proto"), "https");
    ASSERT_EQ(socketio->listeners.size(), 1u);
    EXPECT_EQ(socketio->listeners[0].address, "*:443");

    const auto* live = find(d, "wss://chat.example.org/live/0");
    ASSERT_NE(live, nullptr) << "a path_reg route is tested with a path its expression matches";
    EXPECT_TRUE(live->path_is_sample);
    EXPECT_NE(find(d, "wss://www.example.org/"), nullptr) << "each term of an || is a route of its own";
    EXPECT_EQ(find(d, "wss://chat.example.org/")->upstream, "api");
}

TEST(HaproxyDiscovery, ARedirectIsNoWebSocketEndpoint) {
    const auto d = discover_text(chat_config);
    const auto* redirect = find(d, "ws://chat.example.org/");
    ASSERT_NE(redirect, nullptr) << "the redirecting frontend answers the names the others serve";
    EXPECT_FALSE(redirect->websocket);
    EXPECT_NE(redirect->redirect.find("scheme https code 301"), std::string::npos);
    ASSERT_FALSE(redirect->why_not.empty());
    EXPECT_NE(redirect->why_not[0].find("clients do not follow it"), std::string::npos);
}

TEST(HaproxyDiscovery, BackendsListBalanceAndServersWithTheirParameters) {
    const auto d = discover_text(chat_config);
    ASSERT_EQ(d.upstreams.size(), 2u);
    EXPECT_EQ(d.upstreams[0].name, "nodes");
    EXPECT_EQ(d.upstreams[0].balancing, "leastconn");
    ASSERT_EQ(d.upstreams[0].servers.size(), 2u);
    EXPECT_EQ(d.upstreams[0].servers[0].address, "10.0.0.1:3000");
    EXPECT_EQ(d.upstreams[0].servers[0].parameters, "check weight 2");
    EXPECT_EQ(d.upstreams[1].balancing, "roundrobin") << "HAProxy's default";
}

TEST(HaproxyDiscovery, SaysWhyARouteDoesNotCarryUpgrades) {
    const auto d = discover_text(R"(defaults
  mode http
frontend f
  bind :8080
  acl ws hdr(Upgrade) -i websocket
  use_backend closed if ws
  use_backend stripped if { path_beg /socket/ }
  use_backend ghost if { path_beg /ghost/ }
backend closed
  http-request set-header Connection close
  server s 10.0.0.1:80
backend stripped
  http-request del-header Upgrade
  server s 10.0.0.2:80
)");
    const auto* closed = find(d, "ws://localhost:8080/");
    ASSERT_NE(closed, nullptr);
    EXPECT_FALSE(closed->websocket);
    EXPECT_TRUE(closed->meant_for_websocket) << "its condition tests the Upgrade header";
    EXPECT_NE(closed->why_not.at(0).find("set-header Connection close (/etc/haproxy/haproxy.cfg:10)"),
              std::string::npos)
        << closed->why_not.at(0);
    const auto* stripped = find(d, "ws://localhost:8080/socket/");
    ASSERT_NE(stripped, nullptr);
    EXPECT_NE(stripped->why_not.at(0).find("del-header Upgrade"), std::string::npos);
    EXPECT_NE(find(d, "ws://localhost:8080/ghost/")->why_not.at(0).find("backend ghost is not defined"),
              std::string::npos);
}

TEST(HaproxyDiscovery, TheTunnelTimeoutFallsBackToServerThenClientInMilliseconds) {
    const auto d = discover_text("defaults\n  timeout client 30000\nfrontend f\n  bind :80\n  default_backend b\n"
                                 "backend b\n  server s 10.0.0.1:80\n");
    ASSERT_EQ(d.endpoints.size(), 1u);
    EXPECT_EQ(d.endpoints[0].read_timeout, "30000ms");
    EXPECT_EQ(d.endpoints[0].read_timeout_source, "/etc/haproxy/haproxy.cfg:2");
}

TEST(RouteHints, PathsAndNamesMeantForWebSockets) {
    for (const char* yes : {"/socket.io/", "wss://x.example/ws", "chat_ws", "/api/websocket", "ws-nodes", "/sockjs/"})
        EXPECT_TRUE(looks_like_websocket(yes)) << yes;
    for (const char* no : {"/api/", "/news", "wss://ws.example.org/", "/wsdl", "api_nodes"})
        EXPECT_FALSE(looks_like_websocket(no)) << no;
}

TEST(HeaderValues, KnownVariablesAndSamplesAreFilledInOthersAreNotGuessed) {
    const request_facts r{"chat.example.org", "chat.example.org:8443", true, "/socket.io/?EIO=4"};
    EXPECT_EQ(header_value_for("$host", r), "chat.example.org");
    EXPECT_EQ(header_value_for("$http_host", r), "chat.example.org:8443");
    EXPECT_EQ(header_value_for("$proxy_add_x_forwarded_for", r), "127.0.0.1");
    EXPECT_EQ(header_value_for("$scheme://$host$request_uri", r), "https://chat.example.org/socket.io/?EIO=4");
    EXPECT_EQ(header_value_for("%[src]", r), "127.0.0.1");
    EXPECT_EQ(header_value_for("100%% literal", r), "100% literal");
    EXPECT_EQ(header_value_for("", r), "");
    EXPECT_EQ(header_value_for("$hostname", r), std::nullopt) << "another variable, not $host";
    EXPECT_EQ(header_value_for("$connection_upgrade", r), std::nullopt);
    EXPECT_EQ(header_value_for("t=%Ts", r), std::nullopt) << "a log-format alias";
    EXPECT_EQ(header_value_for("%[req.hdr(x-id)]", r), std::nullopt);
}

// What a dead server costs a route: the settings failover cases read.
TEST(HaproxyDiscovery, KeepsTheFailoverSettingsOfEachBackend) {
    const auto d = discover_text("defaults\n  mode http\n  option redispatch\n  retries 2\nfrontend f\n  bind *:80\n"
                                 "  default_backend nodes\nbackend nodes\n  server n1 10.0.0.1:3000 check\n"
                                 "backend plain\n  retries 5\n  server p1 10.0.0.2:3000\n");
    ASSERT_EQ(d.upstreams.size(), 2u);
    EXPECT_EQ(d.upstreams[0].failover.count("option redispatch"), 1u) << "from the defaults";
    EXPECT_EQ(d.upstreams[0].failover.at("retries"), "2");
    EXPECT_EQ(d.upstreams[1].failover.at("retries"), "5");
}
