// add_header as ngx_http_headers_filter_module applies it: inherited only by
// levels without add_header of their own, on successes and redirects unless
// "always", variables evaluated per request, empty values left out.
#include "http/added_headers.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

namespace cfg = wsgate::proxy::config;
using wsgate::proxy::http::added_header_lines;
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
