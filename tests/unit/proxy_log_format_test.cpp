// ngx_http_log_module in wsgate-proxy: log_format read and written as nginx
// writes it (variables escaped by escape=default, json or none; "-" for a
// value not found), several access_log lines at one level, "off" winning.
#include "config/variables.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

namespace cfg = wsgate::proxy::config;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::load_text;

namespace {

cfg::eval_context request_with(const cfg::main_config& config, const cfg::log_values& values) {
    cfg::eval_context c;
    c.request_line = "GET /ws/?a=1 HTTP/1.1";
    c.remote_addr = "127.0.0.1";
    c.headers = {{"User-Agent", "agent \"quoted\"\x01"}, {"X-Trace", "t-1"}};
    c.maps = &config.maps;
    c.log = &values;
    return c;
}

}  // namespace

TEST(LogFormat, EachFormatWritesItsVariablesEscapedAsItSays) {
    const auto loaded = load_text(in_http("log_format timing '$remote_addr \"$request\" $status $body_bytes_sent '\n"
                                          "    'rt=$request_time ua=\"$http_user_agent\" up=$upstream_addr '\n"
                                          "    'us=$upstream_status urt=$upstream_response_time ref=$http_referer';\n"
                                          "log_format json escape=json '{\"ua\":\"$http_user_agent\",\"ref\":\"$http_referer\"}';\n"
                                          "log_format raw escape=none '$http_user_agent';\n"
                                          "server { listen 127.0.0.1:8080; }"),
                                  "log-formats");
    const auto& c = loaded.config;
    cfg::log_values values;
    values.status = 101;
    values.body_bytes_sent = 42;
    values.request_time = 1.5;
    values.upstream_addr = "127.0.0.10:8010";
    values.upstream_status = "101";
    values.upstream_response_time = 1.25;
    const auto eval = request_with(c, values);
    EXPECT_EQ(cfg::evaluate_log(c.log_formats.at("timing"), eval),
              "127.0.0.1 \"GET /ws/?a=1 HTTP/1.1\" 101 42 rt=1.500 ua=\"agent \\x22quoted\\x22\\x01\" "
              "up=127.0.0.10:8010 us=101 urt=1.250 ref=-");
    EXPECT_EQ(cfg::evaluate_log(c.log_formats.at("json"), eval), "{\"ua\":\"agent \\\"quoted\\\"\\u0001\",\"ref\":\"\"}");
    EXPECT_EQ(cfg::evaluate_log(c.log_formats.at("raw"), eval), "agent \"quoted\"\x01");
}

TEST(LogFormat, TheCombinedFormatIsNginxs) {
    const auto loaded = load_text(in_http("server { listen 127.0.0.1:8080; }"), "log-combined");
    cfg::log_values values;
    values.status = 200;
    values.body_bytes_sent = 7;
    const auto line = cfg::evaluate_log(loaded.config.log_formats.at("combined"), request_with(loaded.config, values));
    EXPECT_EQ(line.substr(0, 15), "127.0.0.1 - - [");
    EXPECT_NE(line.find("] \"GET /ws/?a=1 HTTP/1.1\" 200 7 \"-\" \"agent \\x22quoted\\x22\\x01\""), std::string::npos)
        << line;
}

// Several access_log lines at one level all write; "off" at a level wins
// over its other lines; a level with its own replaces the outer ones.
TEST(LogFormat, SeveralAccessLogsAtOneLevelAndOffAtAnother) {
    const auto loaded = load_text(in_http("log_format short '$status';\n"
                                          "access_log logs/all.log;\naccess_log logs/short.log short;\n"
                                          "server { listen 127.0.0.1:8080;\n"
                                          " location /quiet/ { access_log logs/q.log; access_log off; }\n"
                                          " location /own/ { access_log logs/own.log short; }\n"
                                          " location / { } }"),
                                  "log-lines");
    const auto& server = loaded.config.servers.at(0);
    const auto find = [&](const std::string& path) -> const cfg::location_block& {
        for (const auto& loc : server.locations)
            if (loc.path == path) return loc;
        throw std::runtime_error("no location " + path);
    };
    const auto& root = find("/").access_logs;
    ASSERT_EQ(root.size(), 2u);
    EXPECT_EQ(root[0].format, "combined");
    EXPECT_EQ(root[1].path, loaded.dir.string() + "/logs/short.log");
    EXPECT_EQ(root[1].format, "short");
    EXPECT_TRUE(find("/quiet/").access_logs.empty());
    ASSERT_EQ(find("/own/").access_logs.size(), 1u);
}

// A log-only variable wsgate-proxy does not compute is written "-", and
// the loader says so; one it does not know is nginx's error.
TEST(LogFormat, VariablesWrittenAsDashAreNamedAtLoad) {
    const auto loaded = load_text(in_http("log_format cache '$upstream_cache_status $status';\n"
                                          "server { listen 127.0.0.1:8080; }"),
                                  "log-warn");
    std::string warnings;
    for (const auto& w : loaded.config.warnings) warnings += w + "\n";
    EXPECT_NE(warnings.find("variable \"$upstream_cache_status\" of log_format \"cache\" is written as \"-\" by "
                            "wsgate-proxy"),
              std::string::npos)
        << warnings;
    EXPECT_EQ(load_error(in_http("log_format x '$nonesuch';")), "unknown \"nonesuch\" variable in D/nginx.conf:3");
}
