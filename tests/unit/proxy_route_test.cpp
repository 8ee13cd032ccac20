// Request-target parsing, Host validation, server and location selection, the
// automatic 301 and the URI sent upstream, as nginx 1.22 does them. Expected
// values were taken from Debian's nginx 1.22.1 where noted.
#include "http/request.hpp"
#include "http/request_phases.hpp"
#include "http/route.hpp"
#include "proxy_route_helpers.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

#include <variant>

namespace cfg = wsgate::proxy::config;
namespace http = wsgate::proxy::http;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::load_text;
using wsgate::testing::seed_config;
using wsgate::testing::inspect;
using wsgate::testing::plain;
using wsgate::testing::route;

namespace {

http::request_target target(const std::string& text) {
    const auto t = http::parse_target(text);
    if (!t) throw std::runtime_error("refused: " + text);
    return *t;
}

http::request_error refusal(const http::client_request& request) {
    const auto result = http::inspect_request(request);
    if (const auto* error = std::get_if<http::request_error>(&result)) return *error;
    return {0, "accepted"};
}

}  // namespace

// ngx_http_parse_complex_uri: decoding and normalisation of $uri; $args and $request_uri stay raw.
TEST(RequestTarget, NormalisesTheUriLikeNginx) {
    auto t = target("/r/a%20b/../c//d?q=%41");
    EXPECT_EQ(t.uri, "/r/c/d");
    EXPECT_EQ(t.args, "q=%41");
    EXPECT_EQ(t.unparsed_uri, "/r/a%20b/../c//d?q=%41");
    EXPECT_TRUE(t.quoted);

    EXPECT_EQ(target("/plain/path?x=1").uri, "/plain/path");
    EXPECT_FALSE(target("/plain/path?x=1").quoted);
    EXPECT_EQ(target("//r//./a").uri, "/r/a");
    EXPECT_EQ(target("/r/a+b/%7e/%2F/x").uri, "/r/a+b/~/x");
    EXPECT_EQ(target("/ws/%2e%2e/x").uri, "/x");
    EXPECT_EQ(target("/ws/a/..").uri, "/ws/");
    EXPECT_EQ(target("/r/a%2e/b/%2E%2e").uri, "/r/a./");
    EXPECT_EQ(target("/r/%3F%23x").uri, "/r/?#x");
    EXPECT_EQ(target("/r/a#frag").uri, "/r/a");
    EXPECT_EQ(target("/r/a?b#c").args, "b");
    EXPECT_EQ(target("/r/a?b#c").unparsed_uri, "/r/a?b#c");
    EXPECT_EQ(target("/r/./").uri, "/r/");
    EXPECT_EQ(target("/caf\xc3\xa9").uri, "/caf\xc3\xa9");
}

// ngx_http_parse_request_line and ngx_http_parse_complex_uri refuse these with 400.
TEST(RequestTarget, RefusesWhatNginxRefuses) {
    EXPECT_FALSE(http::parse_target("/r/../../x"));
    EXPECT_FALSE(http::parse_target("/r/%00"));
    EXPECT_FALSE(http::parse_target("/r/%zz"));
    EXPECT_FALSE(http::parse_target("/r/%4"));
    EXPECT_FALSE(http::parse_target("/a\x01"));
    EXPECT_FALSE(http::parse_target("/a b"));
    EXPECT_FALSE(http::parse_target("*"));
    EXPECT_FALSE(http::parse_target("example.com:443"));
    EXPECT_FALSE(http::parse_target(""));
}

// RFC 9112 section 3.2.2 absolute-form; nginx takes the host from it ahead of the Host header.
TEST(RequestTarget, ReadsAbsoluteForm) {
    auto t = target("http://Other.COM:99/r/abs?k");
    EXPECT_EQ(t.host, "other.com");
    EXPECT_EQ(t.uri, "/r/abs");
    EXPECT_EQ(t.args, "k");
    EXPECT_EQ(t.unparsed_uri, "/r/abs?k");
    EXPECT_EQ(target("http://h").uri, "/");
    EXPECT_EQ(target("http://h?x=1").uri, "/");
    EXPECT_EQ(target("http://h?x=1").args, "x=1");
    EXPECT_EQ(target("http://[::1]:8080/a").host, "[::1]");
    EXPECT_FALSE(http::parse_target("http://a..b/"));
}

// ngx_http_validate_host: lowercase, no port, no trailing dot; refuse "..", '/', blanks, empty.
TEST(RequestHost, ValidatesHostLikeNginx) {
    EXPECT_EQ(http::validate_host("API.Example.com:8080"), "api.example.com");
    EXPECT_EQ(http::validate_host("api.example.com."), "api.example.com");
    EXPECT_EQ(http::validate_host("[::1]:80"), "[::1]");
    EXPECT_EQ(http::validate_host("a:b:c"), "a");
    EXPECT_FALSE(http::validate_host(""));
    EXPECT_FALSE(http::validate_host("a b"));
    EXPECT_FALSE(http::validate_host("a..b"));
    EXPECT_FALSE(http::validate_host("a/b"));
    EXPECT_FALSE(http::validate_host("."));
}

// ngx_http_process_request_header in nginx 1.22 (each answer checked against Debian's nginx 1.22.1).
TEST(RequestChecks, AnswersBadRequestsLikeNginx) {
    using req = http::client_request;
    EXPECT_EQ(refusal(req{"GET", "/", 11, {{"Host", "x"}, {"Host", "y"}}}).status, 400);
    EXPECT_EQ(
        refusal(req{"GET", "/", 11, {{"Host", "x"}, {"Content-Length", "1"}, {"Transfer-Encoding", "chunked"}}}).status,
        400);
    EXPECT_EQ(refusal(req{"GET", "/", 11, {{"Host", "x"}, {"Transfer-Encoding", "gzip"}}}).status, 501);
    EXPECT_EQ(refusal(req{"GET", "/", 10, {{"Transfer-Encoding", "chunked"}}}).status, 400);
    EXPECT_EQ(refusal(req{"GET", "/", 11, {}}).reason, "client sent HTTP/1.1 request without \"Host\" header");
    EXPECT_EQ(refusal(req{"TRACE", "/", 11, {{"Host", "x"}}}).status, 405);
    EXPECT_EQ(refusal(req{"GET", "/", 11, {{"Host", "x"}, {"Content-Length", "0"}, {"Content-Length", "0"}}}).status,
              400);
    EXPECT_EQ(refusal(req{"GET", "/", 11, {{"Host", "x"}, {"Content-Length", "-1"}}}).status, 400);
    EXPECT_EQ(refusal(req{"GET", "/", 11, {{"Host", "a b"}}}).reason, "client sent invalid host header");
    EXPECT_EQ(refusal(req{"GET", "/", 11, {{"Host", ""}}}).status, 400);
    EXPECT_EQ(refusal(req{"get", "/", 11, {{"Host", "x"}}}).status, 400);
    EXPECT_EQ(refusal(req{"GET", "/", 20, {{"Host", "x"}}}).status, 505);
    EXPECT_EQ(refusal(req{"GET", "/r/../..", 11, {{"Host", "x"}}}).status, 400);

    const auto ok = inspect(
        req{"POST",
            "/x",
            11,
            {{"Host", "X.com:81"}, {"X_Under", "1"}, {"X.Dot", "2"}, {"X-Ok", "3"}, {"Transfer-Encoding", "Chunked"}}});
    EXPECT_EQ(ok.host, "x.com");
    EXPECT_TRUE(ok.chunked);
    // nginx drops header lines whose names have '_' or '.' (ignore_invalid_headers).
    ASSERT_EQ(ok.headers.size(), 3u);
    EXPECT_EQ(ok.headers[1].name, "X-Ok");
    EXPECT_EQ(inspect(req{"GET", "/", 11, {{"Host", "x"}, {"Content-Length", "12"}}}).content_length, 12u);
    EXPECT_EQ(inspect(req{"GET", "http://abs.example/", 11, {{"Host", "x"}}}).host, "abs.example");
}

// ngx_http_core_find_static_location: exact beats prefix, the longest prefix wins, ^~ is a prefix.
TEST(LocationMatch, SelectsLikeNginxStaticLocations) {
    const auto c = load_text(in_http(R"(server {
    location / { }
    location /a { }
    location /a/b/ { }
    location = /a { }
    location ^~ /img/ { }
    location /ws/ { proxy_pass http://127.0.0.1:1; }
    location = /exact/ { proxy_pass http://127.0.0.1:1; }
    location /x { }
    location /x/ { proxy_pass http://127.0.0.1:1; }
})"))
                       .config;
    const auto& s = c.servers.at(0);
    const auto find = [&](const std::string& uri) {
        const auto m = http::find_location(s, uri);
        const std::string kind = m.what == http::location_match::kind::redirect ? "redirect "
                                 : m.what == http::location_match::kind::none   ? "none"
                                                                                : "";
        if (!m.location) return kind;
        return kind + (m.location->kind == cfg::location_block::match::exact ? "= " : "") + m.location->path;
    };
    EXPECT_EQ(find("/"), "/");
    EXPECT_EQ(find("/a"), "= /a");
    EXPECT_EQ(find("/ab"), "/a");
    EXPECT_EQ(find("/a/b"), "/a");
    EXPECT_EQ(find("/a/b/c"), "/a/b/");
    EXPECT_EQ(find("/img/x.png"), "/img/");
    EXPECT_EQ(find("/ws"), "redirect /ws/");
    EXPECT_EQ(find("/ws/"), "/ws/");
    EXPECT_EQ(find("/ws/chat"), "/ws/");
    EXPECT_EQ(find("/exact"), "redirect = /exact/");
    EXPECT_EQ(find("/exact/"), "= /exact/");
    // A prefix location equal to the URI is found before any redirect.
    EXPECT_EQ(find("/x"), "/x");
    EXPECT_EQ(find("/other"), "/");

    const auto bare = load_text(in_http("server { location /only { } }")).config;
    EXPECT_EQ(http::find_location(bare.servers.at(0), "/").what, http::location_match::kind::none);
}

// ngx_http_core_find_location: regexes in config order after the longest
// prefix, unless that prefix is "^~"; an exact match or the trailing-slash
// redirect ends the search before them.
TEST(LocationMatch, RegexesDecideAfterTheLongestPrefixInConfigOrder) {
    const auto c = load_text(in_http(R"(server {
    location / { }
    location ^~ /static/ { }
    location = /exact { }
    location /ws/ { proxy_pass http://127.0.0.1:1; }
    location ~ ^/(socket\.io|cable)/ { proxy_pass http://127.0.0.1:1; }
    location ~* \.(png|css)$ { }
    location ~ ^/ws/ { }
    location ~ ^/exact { }
})"))
                       .config;
    const auto& s = c.servers.at(0);
    const auto find = [&](const std::string& uri) {
        const auto m = http::find_location(s, uri);
        if (!m.location) return std::string("none");
        return std::string(m.what == http::location_match::kind::redirect ? "redirect " : "") +
               (m.location->regex ? "~ " : "") + m.location->path;
    };
    EXPECT_EQ(find("/socket.io/?EIO=4"), "~ ^/(socket\\.io|cable)/");
    EXPECT_EQ(find("/cable/"), "~ ^/(socket\\.io|cable)/");
    EXPECT_EQ(find("/socketxio/"), "/") << "the dot is escaped";
    EXPECT_EQ(find("/a/LOGO.PNG"), "~ \\.(png|css)$") << "~* ignores case";
    EXPECT_EQ(find("/static/logo.png"), "/static/") << "^~ stops the regexes";
    EXPECT_EQ(find("/ws/"), "~ ^/ws/") << "a prefix equal to the URI still lets the regexes decide";
    EXPECT_EQ(find("/ws/chat"), "~ ^/ws/");
    EXPECT_EQ(find("/ws"), "redirect /ws/") << "the redirect comes before the regexes";
    EXPECT_EQ(find("/exact"), "/exact");
    EXPECT_EQ(find("/exactly"), "~ ^/exact");
    const auto first = load_text(in_http("server { location ~ /a { }\n location ~ /a/b { } }")).config;
    EXPECT_EQ(http::find_location(first.servers.at(0), "/a/b").location->path, "/a") << "the first regex wins";
}

// docs/architecture.md, measured with nginx 1.22.1: ws://api.example.com/ws against "location /ws/" gets 301 to /ws/.
TEST(Redirect, SeedWsWithoutSlashGets301ToTheSlashLocation) {
    const auto seed = load_text(seed_config()).config;
    const auto& server = seed.servers.at(0);

    const auto on80 = route(server, "/ws", "api.example.com", 80);
    EXPECT_EQ(on80.what, http::route_result::action::redirect);
    EXPECT_EQ(on80.status, 301);
    EXPECT_EQ(on80.location_header, "http://api.example.com/ws/");
    EXPECT_EQ(route(server, "/ws", "api.example.com", 8080).location_header, "http://api.example.com:8080/ws/");
    // Measured: Host "API.Example.com:8080" on port 18080 gives the lowercased host and the listen port.
    EXPECT_EQ(route(server, "/ws?a=1", "API.Example.com.:8080", 18080).location_header,
              "http://api.example.com:18080/ws/?a=1");
    // Measured: HTTP/1.0 without Host names the local address.
    EXPECT_EQ(route(server, "/ws", "", 18080).location_header, "http://127.0.0.1:18080/ws/");
    EXPECT_EQ(route(server, "/ws", "api.example.com", 443, true).location_header, "https://api.example.com/ws/");
    EXPECT_EQ(route(server, "/ws", "api.example.com", 8443, true).location_header, "https://api.example.com:8443/ws/");
    EXPECT_EQ(route(server, "/ws", "api.example.com", 8080, false, "POST").what, http::route_result::action::redirect);
}

// ngx_http_core_find_config_phase: client_max_body_size (413) is checked before the redirect.
TEST(Redirect, BodyLimitComesFirst) {
    const auto seed = load_text(seed_config()).config;
    http::client_request request{"POST", "/ws", 11, {{"Host", "api.example.com"}, {"Content-Length", "2000000"}}};
    auto info = inspect(request);
    const auto r = http::route_request(seed, seed.servers.at(0), request, info, plain(8080), "test-host");
    EXPECT_EQ(r.what, http::route_result::action::too_large);
    EXPECT_EQ(r.status, 413);
}

// Without proxy_pass nginx's static handler answers (no files here): 404, 405 for other methods.
TEST(Route, NoLocationOrNoProxyPassGetsTheStaticAnswer) {
    const auto c =
        load_text(in_http("server { listen 127.0.0.1:8080; }\nserver { listen 127.0.0.1:8081; location /a { } }"))
            .config;
    const auto none = route(c.servers.at(0), "/anything", "x", 8080);
    EXPECT_EQ(none.what, http::route_result::action::static_response);
    EXPECT_EQ(none.status, 404);
    EXPECT_EQ(none.location, &c.servers.at(0).unmatched);
    EXPECT_EQ(route(c.servers.at(1), "/a", "x", 8081).status, 404);
    EXPECT_EQ(route(c.servers.at(1), "/a", "x", 8081, false, "DELETE").status, 405);
}

// ngx_http_proxy_create_request: the URI sent upstream (checked against Debian's nginx 1.22.1).
TEST(UpstreamUri, ReplacesTheLocationPrefixOrPassesTheUriUnchanged) {
    const auto c = load_text(in_http(R"(server {
    location /r/ { proxy_pass http://127.0.0.1:1/x/; }
    location = /e { proxy_pass http://127.0.0.1:1/y; }
    location /ws/ { proxy_pass http://127.0.0.1:1; }
    location / { proxy_pass http://127.0.0.1:1; }
})"))
                       .config;
    const auto& s = c.servers.at(0);
    const auto sent = [&](const std::string& t) { return route(s, t, "x", 8080).upstream_uri; };
    EXPECT_EQ(sent("/r/a%20b/../c//d?q=%41"), "/x/c/d?q=%41");
    EXPECT_EQ(sent("/r/a+b/%7e/%2F/x"), "/x/a+b/~/x");
    EXPECT_EQ(sent("//r//./a"), "/x/a");
    EXPECT_EQ(sent("/r/a#frag"), "/x/a");
    EXPECT_EQ(sent("/r/a?b#c"), "/x/a?b");
    EXPECT_EQ(sent("/r/caf\xc3\xa9"), "/x/caf\xc3\xa9");
    EXPECT_EQ(sent("/r/%3F%23x"), "/x/%3F%23x");
    EXPECT_EQ(sent("/r/%22%3C%3E%5C%5E%60%7B%7C%7D%20x%3f%25%23%C3%A9%7F%01%2b%26%3b"),
              "/x/%22%3C%3E%5C%5E%60%7B%7C%7D%20x%3F%25%23%C3%A9%7F%01+&;");
    EXPECT_EQ(sent("/r/a%2e/b/%2E%2e"), "/x/a./");
    EXPECT_EQ(sent("http://Other.COM:99/r/abs?k"), "/x/abs?k");
    EXPECT_EQ(sent("/e?z"), "/y?z");
    EXPECT_EQ(sent("/ws/chat?x=1"), "/ws/chat?x=1");
    EXPECT_EQ(sent("/ws/%2e%2e/x"), "/ws/%2e%2e/x");
    EXPECT_EQ(sent("/ws/a/.."), "/ws/a/..");
    EXPECT_EQ(sent("/r/"), "/x/");
}

// nginx docs, "How nginx processes a request": address and port first, then the name.
TEST(ServerSelection, PicksByAddressThenNameThenDefault) {
    const auto c = load_text(in_http(R"(server { listen 8080; server_name a.example; }
server { listen 8080; server_name *.wild.example .dot.example; }
server { listen 8080; server_name www.tail.*; }
server { listen 127.0.0.2:8080; server_name only.example; }
server { listen 8080 default_server; server_name ""; })"))
                       .config;
    const auto* any = http::find_listen_address(c, "127.0.0.1", 8080);
    ASSERT_TRUE(any);
    EXPECT_EQ(any->text, "0.0.0.0:8080");
    const auto* specific = http::find_listen_address(c, "127.0.0.2", 8080);
    ASSERT_TRUE(specific);
    EXPECT_EQ(specific->text, "127.0.0.2:8080");
    EXPECT_FALSE(http::find_listen_address(c, "127.0.0.1", 9999));
    EXPECT_FALSE(http::find_listen_address(c, "::1", 8080));

    const auto pick = [&](const std::string& host) { return http::choose_server(*any, nullptr, host); };
    EXPECT_EQ(pick("a.example"), 0u);
    EXPECT_EQ(pick("x.wild.example"), 1u);
    EXPECT_EQ(pick("wild.example"), 4u);
    EXPECT_EQ(pick("dot.example"), 1u);
    EXPECT_EQ(pick("www.tail.org"), 2u);
    EXPECT_EQ(pick("only.example"), 4u);
    EXPECT_EQ(pick(""), 4u);
    EXPECT_EQ(any->default_server, 4u);
    // A single server on an address gets every request.
    EXPECT_EQ(http::choose_server(*specific, nullptr, "a.example"), 3u);
}

// ngx_http_find_virtual_server: regex names after the exact and wildcard
// ones, in config order, without regard to case.
TEST(ServerSelection, RegexNamesComeAfterExactAndWildcardNames) {
    const auto c = load_text(in_http(R"(server { listen 8080; server_name ~^(?<tenant>[a-z]+)\.apps\.example$; }
server { listen 8080; server_name exact.apps.example ~^ws\.; }
server { listen 8080 default_server; })"))
                       .config;
    const auto* any = http::find_listen_address(c, "127.0.0.1", 8080);
    ASSERT_TRUE(any);
    const auto pick = [&](const std::string& host) { return http::choose_server(*any, nullptr, host); };
    EXPECT_EQ(pick("exact.apps.example"), 1u) << "an exact name before any regex";
    EXPECT_EQ(pick("acme.apps.example"), 0u);
    EXPECT_EQ(pick("ws.example.net"), 1u);
    EXPECT_EQ(pick("ACME.apps.example"), 0u);
    EXPECT_EQ(pick("a1.apps.example"), 2u);
}

// ngx_http_ssl_servername and ngx_http_set_virtual_server: SNI picks the certificate's server, Host the request's.
TEST(ServerSelection, CombinesSniAndHostLikeNginx) {
    const auto c = load_text(in_http(R"(ssl_certificate c.pem;
ssl_certificate_key c.key;
server { listen 127.0.0.1:8443 ssl; server_name default.example; }
server { listen 127.0.0.1:8443 ssl; server_name api.example.com; }
server { listen 127.0.0.1:8443 ssl; server_name other.example; })"))
                       .config;
    const auto& address = c.addresses.at(0);
    const auto sni = http::choose_by_sni(address, "API.example.com");
    EXPECT_EQ(sni.server, 1u);
    EXPECT_EQ(sni.matched, "api.example.com");
    EXPECT_EQ(http::choose_server(address, &sni, "api.example.com"), 1u);
    EXPECT_EQ(http::choose_server(address, &sni, "other.example"), 2u);
    // A Host no server has falls back to the default server, not the SNI's.
    EXPECT_EQ(http::choose_server(address, &sni, "unknown.example"), 0u);

    const auto unknown = http::choose_by_sni(address, "nobody.example");
    EXPECT_EQ(unknown.server, 0u);
    EXPECT_FALSE(unknown.matched);
    EXPECT_EQ(http::choose_server(address, &unknown, "unknown.example"), 0u);
    const auto none = http::choose_by_sni(address, "");
    EXPECT_EQ(http::choose_server(address, &none, "other.example"), 2u);
}

// $host: the request's host, else the server's first name (ngx_http_variable_host).
TEST(ServerSelection, HostVariableFallsBackToServerName) {
    const auto seed = load_text(seed_config()).config;
    http::request_info info;
    EXPECT_EQ(http::host_variable(info, seed.servers.at(0)), "api.example.com");
    info.host = "other";
    EXPECT_EQ(http::host_variable(info, seed.servers.at(0)), "other");
}

// "proxy_redirect default": the proxy_pass URL in an upstream Location becomes the location, then absolute.
TEST(Redirect, RewritesUpstreamLocationHeadersByDefault) {
    const auto c = load_text(in_http(R"(server {
    location /r/ { proxy_pass http://127.0.0.1:8282/x/; }
    location / { proxy_pass http://127.0.0.1:8282; }
    location /off/ { proxy_pass http://127.0.0.1:8282; proxy_redirect off; }
})"))
                       .config;
    const auto& s = c.servers.at(0);
    http::request_info info;
    info.host = "api.example.com";
    const auto conn = plain(8080);
    const auto find = [&](const std::string& path) -> const cfg::location_block& {
        return *http::find_location(s, path).location;
    };
    EXPECT_EQ(http::rewrite_upstream_location(find("/r/a"), "http://127.0.0.1:8282/x/next", info, conn),
              "http://api.example.com:8080/r/next");
    EXPECT_EQ(http::rewrite_upstream_location(find("/"), "http://127.0.0.1:8282/next?a", info, conn),
              "http://api.example.com:8080/next?a");
    EXPECT_EQ(http::rewrite_upstream_location(find("/"), "http://elsewhere/next", info, conn), "http://elsewhere/next");
    EXPECT_EQ(http::rewrite_upstream_location(find("/"), "/relative", info, conn), "/relative");
    EXPECT_EQ(http::rewrite_upstream_location(find("/off/"), "http://127.0.0.1:8282/next", info, conn),
              "http://127.0.0.1:8282/next");
}
