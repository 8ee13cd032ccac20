// The headers of a response the proxy changes: add_header as
// ngx_http_headers_filter_module applies it (inherited only by levels without
// add_header of their own, on successes and redirects unless "always",
// variables evaluated per request, empty values left out), and the upstream
// headers proxy_hide_header and proxy_pass_header hide or let through.
#include "http/added_headers.hpp"
#include "http/response_header_filter.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

namespace cfg = wsgate::proxy::config;
using wsgate::proxy::http::added_header_lines;
using wsgate::proxy::http::filter_response_head;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::load_text;

namespace {

const cfg::location_block& location_at(const cfg::main_config& c, const std::string& path) {
    for (const auto& l : c.servers.at(0).locations)
        if (l.path == path) return l;
    throw std::runtime_error("no location " + path);
}

}  // namespace

TEST(AddHeader, ALevelWithItsOwnReplacesTheOuterOnes) {
    const auto c = load_text(in_http(R"(add_header X-Http h;
server {
    add_header Strict-Transport-Security "max-age=600" always;
    location /inherits { }
    location /own { add_header X-Own o; }
})"))
                       .config;
    cfg::eval_context request;
    EXPECT_EQ(added_header_lines(location_at(c, "/inherits"), 200, request), "Strict-Transport-Security: max-age=600\r\n");
    EXPECT_EQ(added_header_lines(location_at(c, "/own"), 200, request), "X-Own: o\r\n");
    EXPECT_EQ(added_header_lines(c.servers.at(0).unmatched, 200, request), "Strict-Transport-Security: max-age=600\r\n");
}

TEST(AddHeader, OnlyAlwaysReachesA101OrAnErrorPage) {
    const auto c = load_text(in_http("server { location / { add_header A a; add_header B b always; } }")).config;
    const auto& l = location_at(c, "/");
    cfg::eval_context request;
    for (int status : {200, 201, 204, 206, 301, 302, 303, 304, 307, 308})
        EXPECT_EQ(added_header_lines(l, status, request), "A: a\r\nB: b\r\n") << status;
    for (int status : {101, 400, 404, 413, 502, 504}) EXPECT_EQ(added_header_lines(l, status, request), "B: b\r\n") << status;
}

TEST(AddHeader, ValuesAreEvaluatedAndAnEmptyOneAddsNothing) {
    const auto c = load_text(in_http("server { location / { add_header X-Host $host; add_header X-None $http_x_none; } }"))
                       .config;
    cfg::eval_context request;
    request.host = "chat.example.org";
    EXPECT_EQ(added_header_lines(location_at(c, "/"), 200, request), "X-Host: chat.example.org\r\n");
}

TEST(AddHeader, RefusesAThirdWordOtherThanAlways) {
    EXPECT_EQ(load_error(in_http("add_header X-A b never;")), "invalid parameter \"never\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("add_header X-A;")), "invalid number of arguments in \"add_header\" directive in D/nginx.conf:3");
}

// ngx_http_proxy_hide_headers and proxy_hide_header/proxy_pass_header: the
// upstream's Server and Date give way to the proxy's own unless passed; each
// list comes from the innermost level that has one.
TEST(ProxyHideHeader, HidesTheDefaultsAndTheListedAndPassesTheLetThrough) {
    const auto c = load_text(in_http(R"(proxy_hide_header X-Powered-By;
server {
    location /inherits { proxy_pass http://127.0.0.1:1; }
    location /own {
        proxy_pass http://127.0.0.1:1;
        proxy_pass_header Server;
        proxy_pass_header X-Accel-Redirect;
    }
})"))
                       .config;
    wsgate::proxy::http::parsed_response upstream;
    upstream.status = 200;
    upstream.reason = "OK";
    upstream.headers = {{"Server", "node"}, {"X-Powered-By", "Express"}, {"X-Accel-Redirect", "/x"}, {"X-Ok", "1"}};
    wsgate::proxy::http::request_info info;
    wsgate::proxy::http::connection_info connection;
    const auto inherits = filter_response_head(upstream, location_at(c, "/inherits"), info, connection).text;
    EXPECT_NE(inherits.find("Server: wsgate-proxy\r\n"), std::string::npos);
    EXPECT_EQ(inherits.find("node"), std::string::npos);
    EXPECT_EQ(inherits.find("X-Powered-By"), std::string::npos);
    EXPECT_EQ(inherits.find("X-Accel-Redirect"), std::string::npos);
    EXPECT_NE(inherits.find("X-Ok: 1\r\n"), std::string::npos);
    const auto own = filter_response_head(upstream, location_at(c, "/own"), info, connection).text;
    EXPECT_NE(own.find("Server: node\r\n"), std::string::npos);
    EXPECT_EQ(own.find("wsgate-proxy"), std::string::npos) << "the passed Server replaces the proxy's";
    EXPECT_NE(own.find("X-Accel-Redirect: /x\r\n"), std::string::npos);
    EXPECT_EQ(own.find("X-Powered-By"), std::string::npos) << "its own pass list, the http level's hide list";
}
