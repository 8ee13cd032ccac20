// nginx variables and map{} results for a request (ngx_http_variables.c,
// ngx_http_proxy_module.c, ngx_http_map_module.c as of nginx 1.22).
#include "config/values.hpp"
#include "config/variables.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

namespace cfg = wsgate::proxy::config;
using wsgate::testing::in_http;
using wsgate::testing::load_text;
using wsgate::testing::seed_config;

namespace {

cfg::eval_context request(std::vector<cfg::header_field> headers) {
    cfg::eval_context c;
    c.method = "GET";
    c.request_line = "GET /chat?id=7&Name=x HTTP/1.1";
    c.request_uri = "/chat?id=7&Name=x";
    c.uri = "/chat";
    c.args = "id=7&Name=x";
    c.headers = std::move(headers);
    c.remote_addr = "127.0.0.1";
    c.remote_port = 50123;
    c.server_addr = "127.0.0.1";
    c.server_port = 8080;
    c.server_name = "api.example.com";
    c.host = "api.example.com";
    c.proxy_host = "127.0.0.1:8282";
    c.proxy_port = "8282";
    return c;
}

std::string eval(const std::string& text, const cfg::eval_context& c) {
    return cfg::evaluate(cfg::compile_template(text), c);
}

}  // namespace

// nginx docs, ngx_http_core_module "Embedded Variables": the request and connection.
TEST(Variables, EvaluatesRequestAndConnectionVariables) {
    const auto c = request({{"Host", "API.example.com:8080"}});
    EXPECT_EQ(eval("$request_method $request_uri $uri $args $is_args", c), "GET /chat?id=7&Name=x /chat id=7&Name=x ?");
    EXPECT_EQ(eval("$remote_addr:$remote_port $server_addr:$server_port", c), "127.0.0.1:50123 127.0.0.1:8080");
    EXPECT_EQ(eval("$scheme $https|$server_protocol $request", c), "http |HTTP/1.1 GET /chat?id=7&Name=x HTTP/1.1");
    EXPECT_EQ(eval("$host $server_name $http_host", c), "api.example.com api.example.com API.example.com:8080");
    EXPECT_EQ(eval("$proxy_host $proxy_port", c), "127.0.0.1:8282 8282");
    EXPECT_EQ(eval("${document_uri}x${query_string}", c), "/chatxid=7&Name=x");
    EXPECT_EQ(eval("[$ssl_protocol][$ssl_server_name]", c), "[][]");
    EXPECT_EQ(eval("$nginx_version", c), "1.22.1");

    auto tls = c;
    tls.https = true;
    tls.ssl_protocol = "TLSv1.2";
    tls.ssl_server_name = "api.example.com";
    EXPECT_EQ(eval("$scheme $https $ssl_protocol $ssl_server_name", tls), "https on TLSv1.2 api.example.com");

    auto no_query = c;
    no_query.args.clear();
    EXPECT_EQ(eval("[$is_args$args]", no_query), "[]");
}

// ngx_http_variable_unknown_header: case-insensitive, '-' read as '_', the first header wins.
TEST(Variables, HeaderVariablesMatchNamesLikeNginx) {
    const auto c = request({{"upgrade", "websocket"},
                            {"X-Custom-Header", "first"},
                            {"x-custom-header", "second"},
                            {"Cookie", "a=1"},
                            {"Cookie", "b=2; session=abc"},
                            {"X-Forwarded-For", "1.1.1.1"},
                            {"X-Forwarded-For", "2.2.2.2"}});
    EXPECT_EQ(eval("$http_upgrade", c), "websocket");
    EXPECT_EQ(eval("$HTTP_X_CUSTOM_HEADER", c), "first");
    EXPECT_EQ(eval("[$http_missing]", c), "[]");
    // nginx 1.22 joins these two from all their headers.
    EXPECT_EQ(eval("$http_cookie", c), "a=1; b=2; session=abc");
    EXPECT_EQ(eval("$http_x_forwarded_for", c), "1.1.1.1, 2.2.2.2");
    EXPECT_EQ(eval("$cookie_session|$cookie_B|[$cookie_none]", c), "abc|2|[]");
}

// ngx_http_arg: "name=value" at the start of the query or after '&', name without case.
TEST(Variables, ArgumentVariablesReadTheQuery) {
    auto c = request({});
    EXPECT_EQ(eval("$arg_id $arg_name", c), "7 x");
    c.args = "xid=1&id=2&empty=&flag";
    EXPECT_EQ(eval("$arg_id [$arg_empty] [$arg_flag]", c), "2 [] []");
}

// ngx_http_proxy_add_x_forwarded_for_variable: every X-Forwarded-For, then the client.
TEST(Variables, ProxyAddXForwardedForAppendsTheClient) {
    EXPECT_EQ(eval("$proxy_add_x_forwarded_for", request({})), "127.0.0.1");
    EXPECT_EQ(eval("$proxy_add_x_forwarded_for",
                   request({{"X-Forwarded-For", "1.1.1.1"}, {"x-forwarded-for", "2.2.2.2, 3.3.3.3"}})),
              "1.1.1.1, 2.2.2.2, 3.3.3.3, 127.0.0.1");
}

// The proxy module's internal body variables behind the default Content-Length and Transfer-Encoding.
TEST(Variables, InternalBodyVariablesFollowTheBody) {
    auto c = request({});
    EXPECT_EQ(eval("[$proxy_internal_body_length][$proxy_internal_chunked][$content_length]", c), "[][][]");
    c.body_length = 5;
    EXPECT_EQ(eval("[$proxy_internal_body_length][$proxy_internal_chunked]", c), "[5][]");
    c.body_chunked = true;
    EXPECT_EQ(eval("[$proxy_internal_body_length][$proxy_internal_chunked]", c), "[][chunked]");
}

// The seed guide's map: Connection "upgrade" for upgrades, "close" otherwise; keys match without case.
TEST(Variables, SeedMapGivesConnectionUpgradeOrClose) {
    const auto loaded = load_text(seed_config(), "seed-map");
    auto c = request({{"Upgrade", "websocket"}});
    c.maps = &loaded.config.maps;
    EXPECT_EQ(eval("$connection_upgrade", c), "upgrade");
    c.headers = {};
    EXPECT_EQ(eval("$connection_upgrade", c), "close");
    c.headers = {{"Upgrade", ""}};
    EXPECT_EQ(eval("$connection_upgrade", c), "close");
    c.headers = {{"Upgrade", "h2c"}};
    EXPECT_EQ(eval("$connection_upgrade", c), "upgrade");
}

// ngx_http_map_find: exact keys without case, values with variables, maps over maps.
TEST(Variables, MapsMatchExactKeysAndEvaluateValues) {
    const auto loaded = load_text(in_http(R"(map $http_upgrade $kind {
    default other;
    WebSocket ws;
    "" none;
}
map $kind $label { ws "socket from $remote_addr"; default "$kind!"; }
map "$request_method:$uri" $route { "get:/chat" chat; })"));
    auto c = request({{"Upgrade", "websocket"}});
    c.maps = &loaded.config.maps;
    EXPECT_EQ(eval("$kind $label $route", c), "ws socket from 127.0.0.1 chat");
    c.headers = {{"Upgrade", "h2c"}};
    EXPECT_EQ(eval("$kind $label", c), "other other!");
    c.headers = {};
    EXPECT_EQ(eval("$kind", c), "none");
}

// ngx_http_map_find: regex keys after the exact ones, in order, against the
// value as it is ("~" with case, "~*" without).
TEST(Variables, MapsTryRegexKeysAfterExactOnes) {
    const auto loaded = load_text(in_http(R"(map $http_user_agent $client {
    default other;
    "curl/8" exact;
    ~^curl curl;
    ~*firefox firefox;
    ~Fire never;
})"));
    auto c = request({{"User-Agent", "curl/8"}});
    c.maps = &loaded.config.maps;
    EXPECT_EQ(eval("$client", c), "exact");
    c.headers = {{"User-Agent", "curl/7.88"}};
    EXPECT_EQ(eval("$client", c), "curl");
    c.headers = {{"User-Agent", "Mozilla Firefox/120"}};
    EXPECT_EQ(eval("$client", c), "firefox") << "the first regex that matches";
    c.headers = {{"User-Agent", "CURL"}};
    EXPECT_EQ(eval("$client", c), "other") << "~ keeps case";
}

// ngx_http_map_module "hostnames": a trailing dot ignored, "*.x" and ".x" and "x.*" wildcards.
TEST(Variables, HostnameMapsMatchWildcards) {
    const auto loaded = load_text(in_http(R"(map $http_x_name $site {
    hostnames;
    default none;
    example.com exact;
    *.example.com sub;
    *.deep.example.com deep;
    .example.org org;
    www.example.* tail;
})"));
    auto c = request({});
    c.maps = &loaded.config.maps;
    const auto site = [&](const std::string& name) {
        c.headers = {{"X-Name", name}};
        return eval("$site", c);
    };
    EXPECT_EQ(site("Example.COM."), "exact");
    EXPECT_EQ(site("a.example.com"), "sub");
    EXPECT_EQ(site("a.b.example.com"), "sub");
    EXPECT_EQ(site("x.deep.example.com"), "deep");
    EXPECT_EQ(site("example.org"), "org");
    EXPECT_EQ(site("a.example.org"), "org");
    EXPECT_EQ(site("www.example.net"), "tail");
    EXPECT_EQ(site("www.example"), "none");
    EXPECT_EQ(site("other.net"), "none");
}

// A later map of the same variable replaces the earlier one, as nginx's variable table does.
TEST(Variables, LaterMapOfAVariableWins) {
    const auto loaded = load_text(in_http("map $http_a $v { default first; }\nmap $http_b $v { default second; }"));
    auto c = request({});
    c.maps = &loaded.config.maps;
    EXPECT_EQ(eval("$v", c), "second");
}
