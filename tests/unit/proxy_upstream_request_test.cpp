// The request head sent upstream, byte for byte as ngx_http_proxy_module 1.22
// writes it. The expected heads were captured from Debian's nginx 1.22.1 with
// the same configuration and requests (backend ports adjusted).
#include "http/request.hpp"
#include "http/request_phases.hpp"
#include "http/route.hpp"
#include "http/upstream_request.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

#include <variant>

namespace cfg = wsgate::proxy::config;
namespace http = wsgate::proxy::http;
using wsgate::testing::in_http;
using wsgate::testing::load_text;
using wsgate::testing::seed_config;

namespace {

// Routes request on the server listening on port and returns the head the
// proxy sends upstream.
std::string upstream_head(const cfg::main_config& config, std::uint16_t port, const http::client_request& request,
                          std::optional<std::uint64_t> body_length = std::nullopt) {
    http::connection_info connection;
    connection.local_addr = "127.0.0.1";
    connection.local_port = port;
    connection.remote_addr = "127.0.0.1";
    connection.remote_port = 40000;
    connection.tls = port == 8443;

    const auto* address = http::find_listen_address(config, connection.local_addr, port);
    if (!address) throw std::runtime_error("nothing listens there");
    const auto checked = http::inspect_request(request);
    if (const auto* error = std::get_if<http::request_error>(&checked)) throw std::runtime_error(error->reason);
    auto info = std::get<http::request_info>(checked);
    const auto& server = config.servers.at(http::choose_server(*address, nullptr, info.host));
    const auto routed = http::route_request(config, server, request, info, connection, "host");
    if (routed.what != http::route_result::action::proxy) throw std::runtime_error("not proxied");

    auto context = http::make_eval_context(config, request, info, connection, server, *routed.location, "host");
    if (body_length) context.body_length = body_length;
    return http::build_upstream_request(*routed.location, routed.upstream_uri, context);
}

}  // namespace

// Seed block 1 (location /ws/): the set headers in order, then the defaults left,
// then the client's headers; TE, Keep-Alive, Expect, Upgrade and Connection from
// the client are dropped, X-Real-IP passes as sent (spoofable, docs/architecture.md).
TEST(UpstreamRequest, SeedWsLocationForwardsClientHostAndUpgrade) {
    const auto seed = load_text(seed_config()).config;
    const http::client_request request{"GET",
                                       "/ws/chat?x=1",
                                       11,
                                       {{"host", "api.example.com"},
                                        {"upgrade", "websocket"},
                                        {"Connection", "keep-alive, Upgrade"},
                                        {"Sec-WebSocket-Key", "abc"},
                                        {"X-Real-IP", "6.6.6.6"},
                                        {"TE", "trailers"},
                                        {"Keep-Alive", "5"},
                                        {"Expect", "100-continue"},
                                        {"Content-Length", "0"},
                                        {"X-A", "1"},
                                        {"X-A", "2"}}};
    EXPECT_EQ(upstream_head(seed, 8080, request),
              "GET /ws/chat?x=1 HTTP/1.1\r\n"
              "Upgrade: websocket\r\n"
              "Connection: Upgrade\r\n"
              "Host: api.example.com\r\n"
              "Content-Length: 0\r\n"
              "Sec-WebSocket-Key: abc\r\n"
              "X-Real-IP: 6.6.6.6\r\n"
              "X-A: 1\r\n"
              "X-A: 2\r\n"
              "\r\n");
}

// Seed block 2 (location / with the map): a plain GET gets "Connection: close"
// and no Upgrade (an empty value is not sent); an upgrade gets "Connection: upgrade".
TEST(UpstreamRequest, SeedUpstreamLocationUsesTheConnectionMap) {
    const auto seed = load_text(seed_config()).config;
    EXPECT_EQ(upstream_head(seed, 8080, {"GET", "/", 11, {{"Host", "api.example.com"}}}),
              "GET / HTTP/1.1\r\n"
              "Connection: close\r\n"
              "Host: api.example.com\r\n"
              "\r\n");
    EXPECT_EQ(upstream_head(seed, 8080,
                            {"GET",
                             "/chat",
                             11,
                             {{"Host", "api.example.com"},
                              {"Upgrade", "websocket"},
                              {"Connection", "Upgrade"},
                              {"Sec-WebSocket-Version", "13"},
                              {"Sec-WebSocket-Extensions", "permessage-deflate"}}}),
              "GET /chat HTTP/1.1\r\n"
              "Upgrade: websocket\r\n"
              "Connection: upgrade\r\n"
              "Host: api.example.com\r\n"
              "Sec-WebSocket-Version: 13\r\n"
              "Sec-WebSocket-Extensions: permessage-deflate\r\n"
              "\r\n");
}

// Seed block 3 (location /wss): X-Real-IP overwritten with the client address,
// and without "proxy_set_header Host" the backend sees Host: $proxy_host.
TEST(UpstreamRequest, SeedWssLocationSendsProxyHostAndRealIp) {
    const auto seed = load_text(seed_config()).config;
    EXPECT_EQ(upstream_head(seed, 8443,
                            {"GET",
                             "/wss",
                             11,
                             {{"Host", "api.example.com"},
                              {"Upgrade", "websocket"},
                              {"Connection", "Upgrade"},
                              {"X-Real-IP", "6.6.6.6"}}}),
              "GET /wss HTTP/1.1\r\n"
              "Upgrade: websocket\r\n"
              "Connection: Upgrade\r\n"
              "X-Real-IP: 127.0.0.1\r\n"
              "Host: 127.0.0.1:8282\r\n"
              "\r\n");
}

// nginx defaults: HTTP/1.0, Host: $proxy_host, Connection: close; a buffered body
// goes with Content-Length; variables joined as nginx 1.22 joins them.
TEST(UpstreamRequest, DefaultsBodyAndJoinedHeaders) {
    const auto c = load_text(in_http(R"(server {
    listen 127.0.0.1:8080;
    location /xff {
        proxy_pass http://127.0.0.1:8282;
        proxy_set_header X-F $proxy_add_x_forwarded_for;
        proxy_set_header X-C $http_cookie;
        proxy_set_header X-Empty "";
        proxy_set_header X-H $http_x_h;
        proxy_set_header X-Ph $proxy_host:$proxy_port;
    }
    location = /e { proxy_pass http://127.0.0.1:8282/y; }
})"))
                       .config;
    // A chunked body is read whole first (request buffering), then sent with its length.
    EXPECT_EQ(upstream_head(c, 8080,
                            {"POST",
                             "/xff",
                             11,
                             {{"Host", "x"},
                              {"X-Forwarded-For", "1.1.1.1"},
                              {"X-Forwarded-For", "2.2.2.2"},
                              {"Cookie", "a=1"},
                              {"Cookie", "b=2"},
                              {"X-H", "first"},
                              {"x-h", "second"},
                              {"X_Under", "dropped"},
                              {"Transfer-Encoding", "chunked"}}},
                            5),
              "POST /xff HTTP/1.0\r\n"
              "X-F: 1.1.1.1, 2.2.2.2, 127.0.0.1\r\n"
              "X-C: a=1; b=2\r\n"
              "X-H: first\r\n"
              "X-Ph: 127.0.0.1:8282:8282\r\n"
              "Host: 127.0.0.1:8282\r\n"
              "Connection: close\r\n"
              "Content-Length: 5\r\n"
              "X-Forwarded-For: 1.1.1.1\r\n"
              "X-Forwarded-For: 2.2.2.2\r\n"
              "Cookie: a=1\r\n"
              "Cookie: b=2\r\n"
              "\r\n");
    EXPECT_EQ(upstream_head(c, 8080, {"GET", "/e?z", 11, {{"Host", "x"}}}),
              "GET /y?z HTTP/1.0\r\n"
              "Host: 127.0.0.1:8282\r\n"
              "Connection: close\r\n"
              "\r\n");
}

// nginx docs, proxy_set_header: an empty value removes the header; names match without case;
// a header set twice is sent twice; an unbuffered chunked body keeps Transfer-Encoding.
TEST(UpstreamRequest, SetHeadersOverrideClientHeadersByName) {
    const auto c = load_text(in_http(R"(server {
    listen 127.0.0.1:8080;
    location / {
        proxy_pass http://websocket/base/;
        proxy_http_version 1.1;
        proxy_set_header host $host:$server_port;
        proxy_set_header connection "";
        proxy_set_header X-Twice a;
        proxy_set_header X-Twice b;
        proxy_set_header Accept "";
    }
}
upstream websocket { server 127.0.0.10:8010; })"))
                       .config;
    const http::client_request request{"PUT",
                                       "/path?q",
                                       11,
                                       {{"Host", "API.example.com"},
                                        {"Accept", "*/*"},
                                        {"CONNECTION", "close"},
                                        {"User-Agent", "test"},
                                        {"Transfer-Encoding", "chunked"}}};
    http::connection_info connection;
    connection.local_addr = "127.0.0.1";
    connection.local_port = 8080;
    connection.remote_addr = "127.0.0.1";
    connection.remote_port = 40000;
    auto info = std::get<http::request_info>(http::inspect_request(request));
    const auto& server = c.servers.at(0);
    const auto routed = http::route_request(c, server, request, info, connection, "host");
    auto context = http::make_eval_context(c, request, info, connection, server, *routed.location, "host");
    context.body_chunked = true;
    EXPECT_EQ(http::build_upstream_request(*routed.location, routed.upstream_uri, context),
              "PUT /base/path?q HTTP/1.1\r\n"
              "host: api.example.com:8080\r\n"
              "X-Twice: a\r\n"
              "X-Twice: b\r\n"
              "Transfer-Encoding: chunked\r\n"
              "User-Agent: test\r\n"
              "\r\n");
}
