// nginx's rewrite and try-files phases: return (server level before any
// location, a location's after its automatic redirect, a text body typed by
// default_type) and try_files when no file exists (wsgate-proxy serves
// none): "=CODE", a named location, an internal redirect.
#include "http/route.hpp"
#include "proxy_route_helpers.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

namespace cfg = wsgate::proxy::config;
namespace http = wsgate::proxy::http;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::load_text;
using wsgate::testing::route;

// ngx_http_rewrite_module: a server-level return runs in the server rewrite
// phase, before any location is looked for; a location's after it is found.
TEST(RouteReturn, AServerLevelReturnAnswersBeforeAnyLocation) {
    const auto loaded = load_text("events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n"
                                  "    return 301 https://$host$request_uri;\n"
                                  "    location /ws/ { proxy_pass http://127.0.0.1:8282; }\n  }\n}\n",
                                  "route-return-server");
    const auto r = route(loaded.config.servers.at(0), "/ws/", "chat.example.org", 8080);
    EXPECT_EQ(r.what, http::route_result::action::returned);
    EXPECT_EQ(r.status, 301);
    ASSERT_NE(r.returned, nullptr);
    EXPECT_EQ(r.returned->location->source, "https://$host$request_uri");
}

TEST(RouteReturn, ALocationsReturnComesAfterItsAutomaticRedirect) {
    const auto loaded = load_text("events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n"
                                  "    location /gone/ { proxy_pass http://127.0.0.1:8282; return 410; }\n"
                                  "    location /old { return https://example.org/new; }\n  }\n}\n",
                                  "route-return-location");
    const auto& server = loaded.config.servers.at(0);
    EXPECT_EQ(route(server, "/gone", "a", 8080).what, http::route_result::action::redirect);
    EXPECT_EQ(route(server, "/gone/x", "a", 8080).status, 410);
    const auto old = route(server, "/old", "a", 8080);
    EXPECT_EQ(old.what, http::route_result::action::returned);
    EXPECT_EQ(old.status, 302) << "a lone URL is a 302";
    EXPECT_EQ(route(server, "/other", "a", 8080).what, http::route_result::action::static_response);
}

// ngx_http_rewrite_return: a text for a code that is not a redirect is the
// body, sent with the location's default_type (nginx's own default text/plain).
TEST(RouteReturn, ATextIsTheBodyTypedByDefaultType) {
    const auto loaded = load_text("events {}\nhttp {\n  default_type application/octet-stream;\n  server {\n"
                                  "    listen 127.0.0.1:8080;\n    location = /health { return 200 \"ok $host\"; }\n"
                                  "    location /plain { default_type text/plain; return 403 'no'; }\n  }\n}\n",
                                  "route-return-text");
    const auto& server = loaded.config.servers.at(0);
    const auto health = route(server, "/health", "a", 8080);
    ASSERT_NE(health.returned, nullptr);
    EXPECT_EQ(health.status, 200);
    ASSERT_TRUE(health.returned->text);
    EXPECT_EQ(health.returned->text->source, "ok $host");
    EXPECT_FALSE(health.returned->location);
    EXPECT_EQ(health.location->default_type, "application/octet-stream");
    EXPECT_EQ(route(server, "/plain", "a", 8080).location->default_type, "text/plain");
}

// ngx_http_core_try_files_phase when no file exists: "=CODE" answers, a
// named location serves with the request's own URI, a URI is an internal
// redirect routed again from the server rewrite phase; try_files at server
// level serves only the requests no location takes.
TEST(TryFiles, TheLastArgumentDecidesWhenNoFileExists) {
    const auto loaded = load_text("events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n    root /var/www/html;\n"
                                  "    index index.html;\n    try_files $uri /index.html;\n"
                                  "    location /static/ { try_files $uri $uri/ =404; }\n"
                                  "    location /app/ { try_files $uri @app; }\n"
                                  "    location /lost/ { try_files $uri @nowhere; }\n"
                                  "    location /own/ { proxy_pass http://127.0.0.1:1; }\n"
                                  "    location @app { proxy_pass http://127.0.0.1:8282; }\n  }\n}\n",
                                  "route-try-files");
    const auto& server = loaded.config.servers.at(0);
    EXPECT_EQ(route(server, "/static/a.css", "a", 8080).status, 404);
    const auto app = route(server, "/app/x?y=1", "a", 8080);
    EXPECT_EQ(app.what, http::route_result::action::proxy);
    EXPECT_EQ(app.location->path, "@app");
    EXPECT_EQ(app.upstream_uri, "/app/x?y=1") << "a named location keeps the client's URI";
    EXPECT_EQ(route(server, "/lost/x", "a", 8080).status, 500);
    EXPECT_EQ(route(server, "/own/x", "a", 8080).upstream_uri, "/own/x")
        << "measured on nginx 1.22: the server's try_files is not merged into a location without its own";
    const auto unmatched = route(server, "/elsewhere", "a", 8080);
    EXPECT_EQ(unmatched.status, 500) << "the server's try_files serves what no location takes, and its "
                                        "/index.html, which no location serves either, redirects to itself";
    EXPECT_EQ(unmatched.error,
              "rewrite or internal redirection cycle while internally redirecting to \"/index.html\"");
    EXPECT_EQ(http::find_location(server, "@app").what, http::location_match::kind::none)
        << "a named location is never found by a URI";
}

TEST(TryFiles, AnInternalRedirectKeepsRequestUriAndSendsTheNewUriUpstream) {
    const auto loaded = load_text("events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080;\n"
                                  "    location / { try_files $uri /backend$uri; }\n"
                                  "    location /backend/ { proxy_pass http://127.0.0.1:8282; }\n  }\n}\n",
                                  "route-internal-redirect");
    const auto& server = loaded.config.servers.at(0);
    const auto original = *http::parse_target("/a%20b?q=1");
    const auto moved = http::redirected_target(original, "/backend/a b?q=1");
    EXPECT_EQ(moved.unparsed_uri, "/a%20b?q=1");
    EXPECT_EQ(moved.uri, "/backend/a b");
    EXPECT_EQ(moved.args, "q=1");
    EXPECT_EQ(http::upstream_uri(*http::find_location(server, moved.uri).location, moved), "/backend/a%20b?q=1");
}

TEST(TryFiles, ReadsItsArgumentsAsNginxDoes) {
    EXPECT_EQ(load_error(in_http("server { location / { try_files $uri; } }")),
              "invalid number of arguments in \"try_files\" directive in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { try_files $uri =40x; } }")),
              "invalid code \"=40x\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { try_files $nonesuch =404; } }")).find("unknown \"nonesuch\" variable"),
              0u);
    EXPECT_EQ(load_error(in_http("server { location @a { }\n location @a { } }")), "duplicate location \"@a\" in D/nginx.conf:4");
}
