// Discovery reads what an nginx config serves the way nginx merges it: which
// locations carry WebSocket upgrades, why the others do not, and where in
// the user's files each item is.
#include "inspect/discovery_output.hpp"
#include "inspect/nginx_discovery.hpp"
#include "paths.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <fstream>

using namespace wsgate::inspect;

namespace {

discovery discover(const std::string& name, const std::string& text) {
    const auto dir = wsgate::testing::scratch_dir(name);
    std::ofstream(dir / "nginx.conf") << text;
    return discover_nginx(wsgate::sandbox::read_config_tree(dir / "nginx.conf", dir / "unused"));
}

const endpoint* find(const discovery& d, const std::string& url) {
    for (const auto& e : d.endpoints)
        if (e.url == url) return &e;
    return nullptr;
}

const std::string upgrade_headers = "proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; "
                                    "proxy_set_header Connection $connection_upgrade;";
const std::string upgrade_map = "map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n";

}  // namespace

TEST(NginxDiscovery, FindsTheWebSocketLocationThroughIncludesAndTheUpgradeMap) {
    const auto d = discover_nginx(wsgate::sandbox::read_config_tree(
        wsgate::testing::source_dir() / "tests/configs/nginx/debian-production/nginx.conf", "/nonexistent"));
    const auto* socketio = find(d, "wss://chat.example.org/socket.io/");
    ASSERT_NE(socketio, nullptr) << to_text(d);
    EXPECT_TRUE(socketio->websocket) << to_text(d);
    EXPECT_EQ(socketio->upstream, "chat_nodes");
    EXPECT_EQ(socketio->read_timeout, "3600s");
    EXPECT_TRUE(socketio->source.ends_with("sites-enabled/chat:25")) << socketio->source;
    const auto* redirect = find(d, "ws://chat.example.org/");
    ASSERT_NE(redirect, nullptr);
    EXPECT_FALSE(redirect->websocket);
    EXPECT_EQ(redirect->redirect, "301 https://$host$request_uri");
    ASSERT_EQ(d.upstreams.size(), 1u);
    EXPECT_EQ(d.upstreams[0].balancing, "least_conn");
    EXPECT_EQ(d.upstreams[0].keepalive, 32);
    EXPECT_EQ(d.upstreams[0].servers[1].parameters, "max_fails=3 fail_timeout=30s");
}

TEST(NginxDiscovery, SaysWhyALocationCarriesNoUpgrade) {
    const auto d = discover("discovery-why-not", "events {}\nhttp {\n server {\n  listen 8080;\n  server_name a.test;\n"
                                                 "  location /api/ { proxy_pass http://10.0.0.1; }\n }\n}\n");
    const auto* api = find(d, "ws://a.test:8080/api/");
    ASSERT_NE(api, nullptr) << to_text(d);
    EXPECT_FALSE(api->websocket);
    ASSERT_EQ(api->why_not.size(), 3u);
    EXPECT_NE(api->why_not[0].find("proxy_http_version is 1.0"), std::string::npos);
    EXPECT_NE(api->why_not[1].find("Upgrade"), std::string::npos);
    EXPECT_NE(api->why_not[2].find("Connection"), std::string::npos);
}

TEST(NginxDiscovery, AProxySetHeaderInALocationReplacesEveryInheritedOne) {
    const auto d = discover("discovery-inherit", "events {}\nhttp {\n " + upgrade_map + " " + upgrade_headers +
                                                     "\n server {\n  listen 80;\n  server_name a.test;\n"
                                                     "  location /ws/ { proxy_pass http://10.0.0.1; }\n"
                                                     "  location /lost/ { proxy_pass http://10.0.0.1; proxy_set_header Host $host; }\n"
                                                     " }\n}\n");
    ASSERT_NE(find(d, "ws://a.test/ws/"), nullptr) << to_text(d);
    EXPECT_TRUE(find(d, "ws://a.test/ws/")->websocket) << to_text(d);
    EXPECT_FALSE(find(d, "ws://a.test/lost/")->websocket) << "nginx drops the inherited Upgrade and Connection";
}

TEST(NginxDiscovery, ALiteralUpgradeOrThePassedConnectionAlsoCarriesTheUpgrade) {
    const auto d = discover("discovery-literal", "events {}\nhttp {\n server {\n  listen 80;\n  server_name a.test;\n"
                                                 "  location /a/ { proxy_pass http://10.0.0.1; proxy_http_version 1.1; "
                                                 "proxy_set_header Upgrade websocket; proxy_set_header Connection \"Upgrade\"; }\n"
                                                 "  location /b/ { proxy_pass http://10.0.0.1; proxy_http_version 1.1; "
                                                 "proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $http_connection; }\n"
                                                 " }\n}\n");
    EXPECT_TRUE(find(d, "ws://a.test/a/")->websocket) << to_text(d);
    EXPECT_TRUE(find(d, "ws://a.test/b/")->websocket) << to_text(d);
}

TEST(NginxDiscovery, RegexLocationsGetAPathTheyMatchAndTlsListenersWss) {
    const auto d = discover("discovery-regex", "events {}\nhttp {\n server {\n  listen 443 ssl;\n  listen 8443 ssl;\n"
                                               "  server_name *.chat.test;\n"
                                               "  location ~* ^/live/(\\d+)$ { proxy_pass http://10.0.0.1; }\n }\n}\n");
    ASSERT_EQ(d.endpoints.size(), 1u) << to_text(d);
    EXPECT_EQ(d.endpoints[0].url, "wss://www.chat.test/live/0");
    EXPECT_TRUE(d.endpoints[0].path_is_sample);
    EXPECT_EQ(d.endpoints[0].location, "~* ^/live/(\\d+)$");
    EXPECT_EQ(d.endpoints[0].listeners.size(), 2u);
}

TEST(NginxDiscovery, JsonListsEndpointsWithUrlWebsocketAndSource) {
    const auto d = discover("discovery-json", "events {}\nhttp {\n " + upgrade_map + " server {\n  listen 80;\n"
                                              "  location / { proxy_pass http://10.0.0.1; " + upgrade_headers + " }\n }\n}\n");
    const auto root = boost::json::parse(to_json(d));
    const auto& e = root.at("endpoints").as_array().at(0);
    EXPECT_EQ(e.at("url").as_string(), "ws://localhost/");
    EXPECT_TRUE(e.at("websocket").as_bool());
    EXPECT_TRUE(std::string(e.at("source").as_string()).ends_with("nginx.conf:6")) << e;
}
