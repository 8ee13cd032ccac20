// ngx_http_rewrite_module in wsgate-proxy: rewrite with its four flags and
// without one, set, break and if, as nginx 1.22 reads and runs them (the
// nginx docs of the module and of proxy_pass; ngx_http_script.c).
#include "http/request_phases.hpp"
#include "http/upstream_request.hpp"
#include "proxy_route_helpers.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

namespace cfg = wsgate::proxy::config;
namespace http = wsgate::proxy::http;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::load_text;
using wsgate::testing::route;
using action = http::route_result::action;

namespace {

std::string server_text(const std::string& body) {
    return in_http("server {\n listen 127.0.0.1:8080;\n" + body + "\n}");
}

// GET /rooms/lobby-2/ws from User-Agent app/42 through the config's first
// server: the URI sent upstream and the head that carries it ("" when the
// request is not proxied).
std::pair<std::string, std::string> room_request(const cfg::main_config& c) {
    const auto& server = c.servers.at(0);
    http::client_request request{"GET", "/rooms/lobby-2/ws", 11, {{"Host", "a"}, {"User-Agent", "app/42 x"}}};
    auto info = wsgate::testing::inspect(request);
    const auto routed = http::route_request(c, server, request, info, wsgate::testing::plain(8080), "h");
    if (routed.what != action::proxy) return {};
    const auto eval = http::make_eval_context(c, request, info, wsgate::testing::plain(8080), server, *routed.location, "h");
    return {routed.upstream_uri, http::build_upstream_request(*routed.location, routed.upstream_uri, eval)};
}

}  // namespace

// "last": the location is searched again with the new URI, whose captures
// the replacement used; the arguments follow unless it ends with "?".
TEST(RewriteModule, LastSearchesTheLocationsAgainWithTheNewUri) {
    const auto c = load_text(server_text(" location /old/ { rewrite ^/old/(.*)$ /new/$1 last; }\n"
                                         " location /drop/ { rewrite ^/drop/(.*)$ /new/$1? last; }\n"
                                         " location /new/ { proxy_pass http://127.0.0.1:8282; }"),
                             "rewrite-last")
                       .config;
    const auto& server = c.servers.at(0);
    const auto moved = route(server, "/old/room?a=1", "a", 8080);
    EXPECT_EQ(moved.what, action::proxy);
    EXPECT_EQ(moved.location->path, "/new/");
    EXPECT_EQ(moved.upstream_uri, "/new/room?a=1");
    EXPECT_EQ(route(server, "/drop/room?a=1", "a", 8080).upstream_uri, "/new/room");
}

// nginx docs, proxy_pass: a URI changed by "rewrite ... break" in the
// location is passed whole; the directive's own URI part is ignored.
TEST(RewriteModule, BreakStaysInTheLocationAndSendsTheChangedUriWhole) {
    const auto c = load_text(server_text(" location /api/ { rewrite ^/api/v1/(.*)$ /$1 break;"
                                         " proxy_pass http://127.0.0.1:8282/internal/; }"),
                             "rewrite-break")
                       .config;
    const auto& server = c.servers.at(0);
    const auto stripped = route(server, "/api/v1/users?page=2", "a", 8080);
    EXPECT_EQ(stripped.what, action::proxy);
    EXPECT_EQ(stripped.upstream_uri, "/users?page=2");
    EXPECT_EQ(route(server, "/api/v2/users", "a", 8080).upstream_uri, "/internal/v2/users")
        << "no match: the location's usual replacement of its path";
}

// A replacement that starts with http:// (or https://, $scheme) redirects
// with 302, "permanent" with 301, "redirect" makes a relative one absolute.
TEST(RewriteModule, RedirectsAnswerWithTheirCodeAndAnAbsoluteLocation) {
    const auto c = load_text(server_text(" location /a { rewrite ^/a(.*)$ https://example.org$1; }\n"
                                         " location /b { rewrite ^/b(.*)$ /c$1 permanent; }\n"
                                         " location /d { rewrite ^ /e redirect; }\n"
                                         " location /f { rewrite ^ https://example.org$request_uri? permanent; }"),
                             "rewrite-redirect")
                       .config;
    const auto& server = c.servers.at(0);
    const auto a = route(server, "/a/x?q=1", "chat.example.com", 8080);
    EXPECT_EQ(a.what, action::redirect);
    EXPECT_EQ(a.status, 302);
    EXPECT_EQ(a.location_header, "https://example.org/x?q=1");
    const auto b = route(server, "/b/y", "chat.example.com", 8080);
    EXPECT_EQ(b.status, 301);
    EXPECT_EQ(b.location_header, "http://chat.example.com:8080/c/y");
    EXPECT_EQ(route(server, "/d", "chat.example.com", 8080).location_header, "http://chat.example.com:8080/e");
    EXPECT_EQ(route(server, "/f?q=1", "a", 8080).location_header, "https://example.org/f?q=1")
        << "the trailing ? keeps the arguments from being added twice";
}

// The server rewrite phase runs before any location; "if" enters its block
// when the condition holds: a variable not empty and not "0", = and !=, the
// four regex operators, and file tests, which see no file.
TEST(RewriteModule, IfConditionsDecideWhetherTheirBlockRuns) {
    const auto c = load_text(server_text(" if ($http_x_blocked) { return 403; }\n"
                                         " location /ws/ {\n"
                                         "  if ($http_upgrade !~* ^websocket$) { return 426 \"WebSocket only\"; }\n"
                                         "  if ($arg_v = 2) { return 410; }\n"
                                         "  if (-f $uri) { return 404; }\n"
                                         "  if (!-e /nowhere) { set $checked yes; }\n"
                                         "  proxy_pass http://127.0.0.1:8282;\n }"),
                             "rewrite-if")
                       .config;
    const auto& server = c.servers.at(0);
    const auto upgrade = [](const std::string& target, std::vector<cfg::header_field> headers) {
        http::client_request r{"GET", target, 11, {{"Host", "a"}}};
        r.headers.insert(r.headers.end(), headers.begin(), headers.end());
        return r;
    };
    const auto phases = [&](const http::client_request& request) {
        auto info = wsgate::testing::inspect(request);
        return http::route_request(c, server, request, info, wsgate::testing::plain(8080), "h");
    };
    EXPECT_EQ(phases(upgrade("/ws/", {{"Upgrade", "WebSocket"}})).what, action::proxy);
    EXPECT_EQ(phases(upgrade("/ws/", {})).status, 426);
    EXPECT_EQ(phases(upgrade("/ws/?v=2", {{"Upgrade", "websocket"}})).status, 410);
    EXPECT_EQ(phases(upgrade("/ws/", {{"Upgrade", "websocket"}, {"X-Blocked", "1"}})).status, 403);
    EXPECT_EQ(phases(upgrade("/ws/", {{"Upgrade", "websocket"}, {"X-Blocked", "0"}})).what, action::proxy)
        << "\"0\" is false";
}

// set keeps a value for later directives, a regex location's and an if's
// captures included; proxy_set_header sends it.
TEST(RewriteModule, SetValuesAndCapturesReachTheUpstreamRequest) {
    const auto c = load_text(server_text(" location ~ ^/rooms/([a-z0-9-]+)/ws$ {\n"
                                         "  set $room $1;\n"
                                         "  if ($http_user_agent ~ ^app/(\\d+)) { set $app $1; }\n"
                                         "  rewrite ^ /ws/ break;\n"
                                         "  proxy_pass http://127.0.0.1:8282;\n"
                                         "  proxy_set_header X-Room $room;\n"
                                         "  proxy_set_header X-App \"$app-$1\";\n }"),
                             "rewrite-set")
                       .config;
    const auto [uri, head] = room_request(c);
    EXPECT_EQ(uri, "/ws/");
    EXPECT_NE(head.find("X-Room: lobby-2\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("X-App: 42-\r\n"), std::string::npos) << "the last match, rewrite's ^, has no $1: " << head;
}

// Named groups of a regex location, rewrite or if are variables, set on
// each match and kept after later matches (measured on nginx 1.22 with this
// location: X-Room lobby-2, X-Ver 42-42, X-Rest lobby-2/ws, /r/lobby-2/ws).
TEST(RewriteModule, NamedCapturesAreVariablesAsInNginx) {
    const auto c = load_text(server_text(" location ~ ^/rooms/(?<room>[a-z0-9-]+)/ws$ {\n"
                                         "  if ($http_user_agent ~ ^app/(?<ver>\\d+)) { set $v $ver; }\n"
                                         "  rewrite ^/rooms/(?<rest>.*)$ /r/$rest break;\n"
                                         "  proxy_pass http://127.0.0.1:8282;\n"
                                         "  proxy_set_header X-Room $room;\n"
                                         "  proxy_set_header X-Ver \"$v-$ver\";\n"
                                         "  proxy_set_header X-Rest $rest;\n }"),
                             "rewrite-named")
                       .config;
    const auto [uri, head] = room_request(c);
    EXPECT_EQ(uri, "/r/lobby-2/ws");
    EXPECT_NE(head.find("X-Room: lobby-2\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("X-Ver: 42-42\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("X-Rest: lobby-2/ws\r\n"), std::string::npos) << head;
    EXPECT_EQ(load_error(in_http("server { server_name ~^(?<sub>.+)\\.example\\.com$;\n"
                                 " location / { return 200 $sub; } }")),
              "unknown \"sub\" variable in D/nginx.conf:4")
        << "a server name's named captures are not variables in wsgate-proxy";
}

// NGX_HTTP_MAX_URI_CHANGES: a rewrite that keeps changing the URI ends in
// a 500 with nginx's error at the eleventh change (measured on nginx 1.22:
// "/cyc/x" with rewrite ^(.*)$ /cyc$1 last ends at twelve "/cyc").
TEST(RewriteModule, ARewriteCycleIsA500AfterTenChanges) {
    const auto c = load_text(server_text(" location / { rewrite ^(.*)$ /a$1 last; }"), "rewrite-cycle").config;
    const auto r = route(c.servers.at(0), "/x", "a", 8080);
    EXPECT_EQ(r.what, action::static_response);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.error, "rewrite or internal redirection cycle while processing \"/a/a/a/a/a/a/a/a/a/a/a/x\"");
}

// A rewrite without a flag goes on with the next directive; at the end of
// the phase the changed URI is searched again. break ends the phase.
TEST(RewriteModule, WithoutAFlagTheNextDirectiveRunsThenTheSearchRepeats) {
    const auto c = load_text(server_text(" location /one/ { rewrite ^/one/(.*)$ /two/$1; rewrite ^/two/(.*)$ /three/$1; }\n"
                                         " location /three/ { proxy_pass http://127.0.0.1:8282; }\n"
                                         " location /stop/ { rewrite ^/stop/(.*)$ /three/$1; break; return 410;"
                                         " proxy_pass http://127.0.0.1:8282/s/; }"),
                             "rewrite-noflag")
                       .config;
    const auto& server = c.servers.at(0);
    const auto chained = route(server, "/one/x", "a", 8080);
    EXPECT_EQ(chained.location->path, "/three/");
    EXPECT_EQ(chained.upstream_uri, "/three/x");
    const auto stopped = route(server, "/stop/x", "a", 8080);
    EXPECT_EQ(stopped.what, action::proxy) << "break ends the phase before return";
    EXPECT_EQ(stopped.location->path, "/stop/");
    EXPECT_EQ(stopped.upstream_uri, "/three/x");
}

// The loader reads the directives as nginx does and names each mistake.
TEST(RewriteModule, MalformedDirectivesGetNginxsErrors) {
    EXPECT_EQ(load_error(in_http("server { location / { rewrite ^ /x sideways; } }")),
              "invalid parameter \"sideways\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { rewrite ^(/x /y; } }")).find("pcre2_compile() failed"), 0u);
    EXPECT_EQ(load_error(in_http("server { location / { set room 1; } }")),
              "invalid variable name \"room\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { set $uri /x; } }")),
              "the duplicate \"uri\" variable in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { if $a { } } }")), "invalid condition \"$a\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { if ($a == b) { } } }")),
              "unexpected \"==\" in condition in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { if ($host = a) { proxy_set_header X y; } } }")),
              "\"proxy_set_header\" directive is not allowed here in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { if ($host = a) { proxy_pass http://127.0.0.1:1; } } }")),
              "\"proxy_pass\" inside \"if\" is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { return 200 $undefined_here; } }")),
              "unknown \"undefined_here\" variable in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { set $later 1; }\n location /b { return 200 $later; } }")),
              "loaded without error")
        << "a set variable is known everywhere";
}
