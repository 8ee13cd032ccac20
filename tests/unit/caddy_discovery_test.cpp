// Discovery over a Caddyfile: each site's routes with the paths their
// matchers and handle blocks give, the redirect automatic HTTPS adds, the
// headers Caddy adds and header_up changes, why a route does not carry
// upgrades, and the upstreams with their lb_policy.
#include "inspect/caddy_discovery.hpp"
#include "sandbox/caddyfile.hpp"

#include <gtest/gtest.h>

using namespace wsgate::inspect;

namespace {

discovery discover_text(const std::string& text) {
    return discover_caddy(wsgate::sandbox::parse_caddyfile("/etc/caddy/Caddyfile", text));
}

const endpoint* find(const discovery& d, const std::string& url) {
    for (const auto& e : d.endpoints)
        if (e.url == url) return &e;
    return nullptr;
}

}  // namespace

TEST(CaddyDiscovery, RoutesTakeTheirPathsFromMatchersAndHandleBlocks) {
    const auto d = discover_text(R"(chat.example.org {
	@socketio path /socket.io/*
	reverse_proxy @socketio 10.0.0.11:3000 10.0.0.12:3000 {
		lb_policy least_conn
		header_up X-Real-IP {remote_host}
		header_up -X-Forwarded-Host
	}
	handle_path /api/* {
		reverse_proxy 10.0.0.21:8080
	}
}
)");
    EXPECT_EQ(d.language, "caddy");
    const auto* socketio = find(d, "wss://chat.example.org/socket.io/");
    ASSERT_NE(socketio, nullptr);
    EXPECT_TRUE(socketio->websocket);
    EXPECT_TRUE(socketio->meant_for_websocket);
    EXPECT_EQ(socketio->source, "/etc/caddy/Caddyfile:3");
    EXPECT_EQ(socketio->headers.at("X-Real-IP"), "{remote_host}");
    EXPECT_EQ(socketio->headers.at("X-Forwarded-For"), "{remote_host}") << "Caddy adds it by itself";
    EXPECT_EQ(socketio->headers.count("X-Forwarded-Host"), 0u) << "header_up -X-Forwarded-Host removes it";
    EXPECT_EQ(socketio->read_timeout, "none");
    ASSERT_NE(find(d, "wss://chat.example.org/api/"), nullptr);
    ASSERT_EQ(d.upstreams.size(), 2u);
    EXPECT_EQ(d.upstreams[0].balancing, "least_conn");
    EXPECT_EQ(d.upstreams[0].servers.at(1).address, "10.0.0.12:3000");
    EXPECT_EQ(d.upstreams[1].balancing, "random") << "Caddy's default";
}

TEST(CaddyDiscovery, AutomaticHttpsAnswersPlainHttpWithARedirect) {
    const auto d = discover_text("chat.example.org {\n\treverse_proxy 10.0.0.1:80\n}\n");
    const auto* plain = find(d, "ws://chat.example.org/");
    ASSERT_NE(plain, nullptr);
    EXPECT_FALSE(plain->websocket);
    EXPECT_NE(plain->why_not.at(0).find("automatic HTTPS"), std::string::npos);
    ASSERT_EQ(plain->listeners.size(), 1u);
    EXPECT_EQ(plain->listeners[0].address, "*:80");
}

TEST(CaddyDiscovery, SaysWhyARouteDoesNotCarryUpgrades) {
    const auto d = discover_text(R"(http://rt.example.net:8080 {
	reverse_proxy /ws/* 10.0.0.1:7000 {
		transport http {
			versions h2c
			read_timeout 5s
		}
	}
	reverse_proxy /socket/* 10.0.0.2:7000 {
		header_up -Upgrade
	}
	redir /old /ws/ 301
}
)");
    const auto* h2c = find(d, "ws://rt.example.net:8080/ws/");
    ASSERT_NE(h2c, nullptr);
    EXPECT_FALSE(h2c->websocket);
    EXPECT_NE(h2c->why_not.at(0).find("versions h2c (/etc/caddy/Caddyfile:4)"), std::string::npos) << h2c->why_not.at(0);
    EXPECT_EQ(h2c->read_timeout, "5s");
    EXPECT_EQ(h2c->read_timeout_source, "/etc/caddy/Caddyfile:5");
    EXPECT_NE(find(d, "ws://rt.example.net:8080/socket/")->why_not.at(0).find("header_up -Upgrade"), std::string::npos);
    const auto* old = find(d, "ws://rt.example.net:8080/old");
    ASSERT_NE(old, nullptr);
    EXPECT_EQ(old->redirect, "/ws/ 301");
}

TEST(CaddyDiscovery, ASnippetThatImportsItselfIsReadOnce) {
    const auto d = discover_text("(loop) {\n\timport loop\n\treverse_proxy /ws/* 10.0.0.1:80\n}\n"
                                 "http://a.example.org {\n\timport loop\n}\n");
    ASSERT_EQ(d.endpoints.size(), 1u);
    EXPECT_EQ(d.endpoints[0].url, "ws://a.example.org/ws/");
    EXPECT_EQ(d.endpoints[0].upstream, "loop") << "named after the snippet, as the sandbox names its backends";
}

// What a dead upstream costs a route: the settings failover cases read.
TEST(CaddyDiscovery, KeepsTheFailoverSettingsOfEachReverseProxy) {
    const auto d = discover_text(R"(chat.example.org {
	reverse_proxy 10.0.0.11:3000 10.0.0.12:3000 {
		lb_try_duration 5s
		fail_duration 30s
		health_uri /health
		health_interval 10s
	}
}
)");
    ASSERT_EQ(d.upstreams.size(), 1u);
    const auto& f = d.upstreams[0].failover;
    EXPECT_EQ(f.at("lb_try_duration"), "5s");
    EXPECT_EQ(f.at("fail_duration"), "30s");
    EXPECT_EQ(f.at("health_uri"), "/health");
    EXPECT_EQ(f.at("health_interval"), "10s");
}
