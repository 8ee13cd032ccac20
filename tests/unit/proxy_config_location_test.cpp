// The nginx configuration loader's locations: modifiers, proxy_pass targets,
// inheritance, upstream groups, maps and variables, each error as nginx words it.
#include "config/error.hpp"
#include "config/loader.hpp"
#include "config/values.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cfg = wsgate::proxy::config;
using wsgate::testing::header_names;
using wsgate::testing::header_value;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::load_text;
using wsgate::testing::location;
using wsgate::testing::scratch_dir;
using wsgate::testing::seed_config;
using wsgate::testing::write_file;
using namespace std::chrono_literals;

// ngx_http_core_location: modifiers, regexes as PCRE2 compiles them, named
// locations; nested locations are refused by name.
TEST(ConfigLocation, ReadsModifiersRegexesAndNamesAndRefusesNested) {
    const auto c = load_text(in_http(R"(server {
    location /a { }
    location = /a { }
    location ^~ /b/ { }
    location =/c { }
    location ^~/d { }
})"))
                       .config;
    const auto& l = c.servers.at(0).locations;
    ASSERT_EQ(l.size(), 5u);
    EXPECT_EQ(l[0].kind, cfg::location_block::match::prefix);
    EXPECT_EQ(l[1].kind, cfg::location_block::match::exact);
    EXPECT_EQ(l[2].kind, cfg::location_block::match::prefix_no_regex);
    EXPECT_EQ(l[3].path, "/c");
    EXPECT_EQ(l[3].kind, cfg::location_block::match::exact);
    EXPECT_EQ(l[4].path, "/d");
    EXPECT_FALSE(l[0].proxy_pass);

    const auto r = load_text(in_http("server { location ~ ^/x { }\n location ~*/Y$ { }\n location ^/x { } }")).config;
    const auto& rl = r.servers.at(0).locations;
    ASSERT_EQ(rl.size(), 3u);
    EXPECT_EQ(rl[0].kind, cfg::location_block::match::regex);
    EXPECT_FALSE(rl[0].regex->caseless());
    EXPECT_EQ(rl[1].path, "/Y$");
    EXPECT_TRUE(rl[1].regex->caseless());
    EXPECT_FALSE(rl[2].regex) << "a prefix location whose name starts with ^";
    EXPECT_EQ(load_error(in_http("server { location ~ ^/(x { } }")),
              "pcre2_compile() failed: missing closing parenthesis in \"^/(x\" at \"\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location ~ ^/x/ { proxy_pass http://127.0.0.1:1/y/; } }")),
              "\"proxy_pass\" cannot have URI part in location given by regular expression, or inside named location, "
              "or inside \"if\" statement, or inside \"limit_except\" block in D/nginx.conf:3");
    const auto named = load_text(in_http("server { location @x { } }")).config;
    EXPECT_EQ(named.servers.at(0).locations.at(0).kind, cfg::location_block::match::named);
    EXPECT_EQ(load_error(in_http("server { location / {\n location /a { } } }")),
              "nested locations are not supported by wsgate-proxy (\"/a\" inside \"/\") in D/nginx.conf:4");
    EXPECT_EQ(load_error(in_http("server { location !/x { } }")), "loaded without error");
    EXPECT_EQ(load_error(in_http("server { location / { }\n location / { } }")),
              "duplicate location \"/\" in D/nginx.conf:4");
    EXPECT_EQ(load_error(in_http("server { location /a { }\n location ^~ /a { } }")),
              "duplicate location \"/a\" in D/nginx.conf:4");
    EXPECT_EQ(load_error(in_http("server { location x y { } }")), "invalid location modifier \"x\" in D/nginx.conf:3");
}

// ngx_http_proxy_pass: host:port, upstream names, URI parts, and what is refused.
TEST(ConfigProxyPass, ResolvesTargetsLikeNginx) {
    const auto c = load_text(in_http(R"(upstream Backends { server 127.0.0.1:9001; }
server {
    location /a/ { proxy_pass http://127.0.0.1:8282/x/; }
    location /b { proxy_pass HTTP://backends; }
    location /c { proxy_pass http://localhost; }
    location /d { proxy_pass http://127.0.0.1:80/; }
    location /e { proxy_pass http://[::1]:9000; }
    location /f { proxy_pass http://127.0.0.1?x; }
})"))
                       .config;
    const auto& a = *location(c, 0, "/a/").proxy_pass;
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, 8282);
    EXPECT_TRUE(a.has_port);
    EXPECT_EQ(a.uri, "/x/");
    EXPECT_EQ(a.proxy_host, "127.0.0.1:8282");
    EXPECT_EQ(a.proxy_port, "8282");
    EXPECT_EQ(a.url, "http://127.0.0.1:8282/x/");
    const auto& b = *location(c, 0, "/b").proxy_pass;
    EXPECT_EQ(b.upstream, &c.upstreams.at(0));
    EXPECT_EQ(b.proxy_host, "backends");
    EXPECT_EQ(b.proxy_port, "80");
    const auto& lh = *location(c, 0, "/c").proxy_pass;
    EXPECT_EQ(lh.address, "127.0.0.1");
    EXPECT_EQ(lh.proxy_host, "localhost");
    EXPECT_EQ(location(c, 0, "/d").proxy_pass->proxy_host, "127.0.0.1");
    EXPECT_EQ(location(c, 0, "/d").proxy_pass->uri, "/");
    EXPECT_EQ(location(c, 0, "/e").proxy_pass->address, "::1");
    EXPECT_EQ(location(c, 0, "/e").proxy_pass->proxy_host, "[::1]:9000");
    EXPECT_EQ(location(c, 0, "/f").proxy_pass->uri, "?x");
}

// nginx's proxy_pass and upstream messages (host names other than localhost are never resolved).
TEST(ConfigProxyPass, ReportsTargetErrorsLikeNginx) {
    EXPECT_EQ(load_error(in_http("server {\n location / {\n  proxy_pass http://foo:81/x;\n }\n}")),
              "host not found in upstream \"foo\" in D/nginx.conf:5");
    EXPECT_EQ(
        load_error(in_http("upstream ws { server 127.0.0.1; }\nserver { location / { proxy_pass http://ws:8080; } }")),
        "upstream \"ws\" may not have port 8080 in D/nginx.conf:4");
    EXPECT_EQ(
        load_error(in_http("server { location / { proxy_pass http://ws:8080; } }\nupstream ws { server 127.0.0.1; }")),
        "upstream \"ws\" may not have port 8080 in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_pass http://127.0.0.1:99999; } }")),
              "invalid port in upstream \"127.0.0.1:99999\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_pass http://; } }")),
              "no host in upstream \"\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_pass ftp://127.0.0.1; } }")),
              "invalid URL prefix in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_pass https://127.0.0.1; } }")),
              "\"proxy_pass\" to https:// upstreams is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_pass http://$host; } }")),
              "\"proxy_pass\" with variables is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_pass http://a; proxy_pass http://b; } }")),
              "\"proxy_pass\" directive is duplicate in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("proxy_pass http://127.0.0.1;")),
              "\"proxy_pass\" directive is not allowed here in D/nginx.conf:3");
}

// ngx_http_proxy_merge_headers: a level with any proxy_set_header replaces the inherited list entirely.
TEST(ConfigInheritance, ProxySetHeaderListIsReplacedNotMerged) {
    const auto c = load_text(in_http(R"(proxy_set_header X-Http http;
server {
    location /inherits-http { proxy_pass http://127.0.0.1:1; }
}
server {
    proxy_set_header X-Server server;
    location /inherits-server { proxy_pass http://127.0.0.1:1; }
    location /own { proxy_pass http://127.0.0.1:1; proxy_set_header X-Own own; }
})"))
                       .config;
    EXPECT_EQ(header_names(location(c, 0, "/inherits-http").set_headers), (std::vector<std::string>{"X-Http"}));
    EXPECT_EQ(header_names(location(c, 1, "/inherits-server").set_headers), (std::vector<std::string>{"X-Server"}));
    EXPECT_EQ(header_names(location(c, 1, "/own").set_headers), (std::vector<std::string>{"X-Own"}));
    // Defaults follow the set list unless it names them (case-insensitively).
    EXPECT_EQ(header_names(location(c, 1, "/own").upstream_headers),
              (std::vector<std::string>{"X-Own", "Host", "Connection", "Content-Length", "Transfer-Encoding", "TE",
                                        "Keep-Alive", "Expect", "Upgrade"}));
    const auto seed = load_text(seed_config()).config;
    EXPECT_EQ(header_names(location(seed, 0, "/ws/").upstream_headers),
              (std::vector<std::string>{"Upgrade", "Connection", "Host", "Content-Length", "Transfer-Encoding", "TE",
                                        "Keep-Alive", "Expect"}));
    EXPECT_EQ(header_names(location(seed, 1, "/wss").upstream_headers),
              (std::vector<std::string>{"Upgrade", "Connection", "X-Real-IP", "Host", "Content-Length",
                                        "Transfer-Encoding", "TE", "Keep-Alive", "Expect"}));
}

// nginx merges each proxy and core setting from http to server to location, with nginx's defaults.
TEST(ConfigInheritance, TimeoutsAndProxySettingsInheritDownwards) {
    const auto c = load_text(in_http(R"(proxy_read_timeout 1h;
proxy_http_version 1.1;
proxy_next_upstream error timeout http_502;
send_timeout 10s;
client_max_body_size 10m;
server {
    proxy_connect_timeout 5s;
    keepalive_timeout 30s;
    client_header_timeout 7s;
    large_client_header_buffers 8 16k;
    location /defaults { proxy_pass http://127.0.0.1:1; }
    location /own {
        proxy_pass http://127.0.0.1:1;
        proxy_read_timeout 2s;
        proxy_send_timeout 3s;
        proxy_http_version 1.0;
        proxy_next_upstream off;
        proxy_next_upstream_tries 3;
        proxy_next_upstream_timeout 9s;
        proxy_buffer_size 16k;
        proxy_buffering off;
        keepalive_timeout 0;
        send_timeout 1m;
        client_max_body_size 0;
        proxy_redirect off;
    }
}
server { location / { proxy_pass http://127.0.0.1:1; } })"))
                       .config;
    using f = cfg::next_upstream_flag;
    const auto& d = location(c, 0, "/defaults");
    EXPECT_EQ(d.proxy_read_timeout, 1h);
    EXPECT_EQ(d.proxy_connect_timeout, 5s);
    EXPECT_EQ(d.proxy_send_timeout, 60s);
    EXPECT_EQ(d.proxy_http_version, 11);
    EXPECT_EQ(d.next_upstream, unsigned(f::error) | unsigned(f::timeout) | unsigned(f::http_502));
    EXPECT_EQ(d.send_timeout, 10s);
    EXPECT_EQ(d.keepalive_timeout, 30s);
    EXPECT_EQ(d.client_max_body_size, 10u * 1024 * 1024);
    EXPECT_EQ(d.proxy_buffer_size, 4096u);
    EXPECT_TRUE(d.proxy_redirect);
    EXPECT_EQ(c.servers[0].client_header_timeout, 7s);
    EXPECT_EQ(c.servers[0].large_client_header_buffers_number, 8);
    EXPECT_EQ(c.servers[0].large_client_header_buffers_size, 16384u);

    const auto& o = location(c, 0, "/own");
    EXPECT_EQ(o.proxy_read_timeout, 2s);
    EXPECT_EQ(o.proxy_send_timeout, 3s);
    EXPECT_EQ(o.proxy_http_version, 10);
    EXPECT_EQ(o.next_upstream, 0u);
    EXPECT_EQ(o.next_upstream_tries, 3);
    EXPECT_EQ(o.next_upstream_timeout, 9s);
    EXPECT_EQ(o.proxy_buffer_size, 16384u);
    EXPECT_FALSE(o.proxy_buffering);
    EXPECT_EQ(o.keepalive_timeout, 0s);
    EXPECT_EQ(o.send_timeout, 60s);
    EXPECT_EQ(o.client_max_body_size, 0u);
    EXPECT_FALSE(o.proxy_redirect);

    const auto& other = location(c, 1, "/");
    EXPECT_EQ(other.proxy_connect_timeout, 60s);
    EXPECT_EQ(c.servers[1].client_header_timeout, 60s);
    EXPECT_EQ(c.servers[1].keepalive_timeout, 75s);
    EXPECT_EQ(c.servers[1].large_client_header_buffers_size, 8192u);
}

// ngx_conf_set_bitmask_slot: "off" wins, values are case-insensitive, repeats warn.
TEST(ConfigInheritance, NextUpstreamReadsEveryValue) {
    const auto c = load_text(in_http(R"(server { location / {
    proxy_pass http://127.0.0.1:1;
    proxy_next_upstream ERROR invalid_header http_500 http_503 http_504 http_403 http_404 http_429 non_idempotent;
    proxy_next_upstream error;
} })"))
                       .config;
    using f = cfg::next_upstream_flag;
    EXPECT_EQ(location(c, 0, "/").next_upstream,
              unsigned(f::error) | unsigned(f::invalid_header) | unsigned(f::http_500) | unsigned(f::http_503) |
                  unsigned(f::http_504) | unsigned(f::http_403) | unsigned(f::http_404) | unsigned(f::http_429) |
                  unsigned(f::non_idempotent));
    EXPECT_EQ(c.warnings,
              (std::vector<std::string>{"duplicate value \"error\" in " + (location(c, 0, "/").where.file) + ":6"}));
}

// ngx_http_upstream_server: parameters and addresses, with nginx's messages.
TEST(ConfigUpstream, ReadsServerParameters) {
    const auto c = load_text(in_http(R"(upstream u {
    server 127.0.0.1 weight=2 max_fails=0 fail_timeout=1m30s;
    server localhost:9000 backup;
    server [::1]:9001 down;
})"))
                       .config;
    const auto& s = c.upstreams.at(0).servers;
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0].port, 80);
    EXPECT_EQ(s[0].weight, 2);
    EXPECT_EQ(s[0].max_fails, 0);
    EXPECT_EQ(s[0].fail_timeout, 90s);
    EXPECT_EQ(s[1].host, "localhost");
    EXPECT_EQ(s[1].address, "127.0.0.1");
    EXPECT_EQ(s[1].name, "localhost:9000");
    EXPECT_TRUE(s[1].backup);
    EXPECT_EQ(s[2].address, "::1");
    EXPECT_TRUE(s[2].down);

    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1 weight=0; }")),
              "invalid parameter \"weight=0\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1 max_fails=x; }")),
              "invalid parameter \"max_fails=x\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1 fail_timeout=5ms; }")),
              "invalid parameter \"fail_timeout=5ms\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1 foo; }")),
              "invalid parameter \"foo\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server foo.invalid:1; }")),
              "host not found in upstream \"foo.invalid:1\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1:0; }")),
              "invalid port in upstream \"127.0.0.1:0\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1/x; }")),
              "invalid host in upstream \"127.0.0.1/x\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u {\n\n}")), "no servers are inside upstream in D/nginx.conf:5");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1 backup; }")),
              "no servers in upstream \"u\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1; }\nupstream U { server 127.0.0.2; }")),
              "duplicate upstream \"U\" in D/nginx.conf:4");
}

// ngx_http_map_module: default, "" key, quoted keys, hostnames, regex keys; keys without case.
TEST(ConfigMap, ReadsKeysHostnamesAndRegexKeys) {
    const auto c = load_text(in_http(R"(map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
    "Web Socket" spaced;
    \default literal;
}
map $host $site {
    hostnames;
    volatile;
    default $host;
    *.example.com wildcard;
    .example.org both;
    www.example.* tail;
}
map "$http_a:$http_b" $pair { a:b yes; })"))
                       .config;
    ASSERT_EQ(c.maps.size(), 3u);
    EXPECT_EQ(c.maps[0].entries.at("web socket").source, "spaced");
    EXPECT_EQ(c.maps[0].entries.at("default").source, "literal");
    EXPECT_TRUE(c.maps[1].hostnames);
    EXPECT_EQ(c.maps[1].default_value.source, "$host");
    EXPECT_EQ(c.maps[2].source_variable, "");
    EXPECT_EQ(c.maps[2].source.source, "$http_a:$http_b");

    EXPECT_EQ(load_error(in_http("map $a $b {\n default x;\n default y;\n}")),
              "duplicate default map parameter in D/nginx.conf:5");
    EXPECT_EQ(load_error(in_http("map $http_a $b { a 1; A 2; }")), "conflicting parameter \"a\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("map $http_a $b { a 1 2; }")),
              "invalid number of the map parameters in D/nginx.conf:3");
    EXPECT_EQ(load_text(in_http("map $http_a $b { ~^a 1; ~*B 2; }")).config.maps.at(0).regex_entries.size(), 2u);
    EXPECT_EQ(load_error(in_http("map $http_a $b { ~^(a 1; }")),
              "pcre2_compile() failed: missing closing parenthesis in \"^(a\" at \"\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("map $http_a $b { a { } }")), "unexpected \"{\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("map $http_a b { a 1; }")), "invalid variable name \"b\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("map $http_a $host { a 1; }")), "the duplicate \"host\" variable in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("map $http_a $b { hostnames; w*.a.com 1; }")),
              "invalid hostname or wildcard \"w*.a.com\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { map $a $b { } }")),
              "\"map\" directive is not allowed here in D/nginx.conf:3");
}

// ngx_http_variables_init_vars: every variable used must exist (map targets count, whatever the order).
TEST(ConfigVariables, RefusesUnknownVariablesAtTheirDirective) {
    const auto c = load_text(in_http(R"(server { location / {
    proxy_pass http://127.0.0.1:1;
    proxy_set_header Connection $connection_upgrade;
    proxy_set_header X-Host $HOST;
    proxy_set_header X-A $arg_id$cookie_session$http_x_custom;
} }
map $http_upgrade $connection_upgrade { default upgrade; })"))
                       .config;
    EXPECT_EQ(header_value(location(c, 0, "/"), "X-Host"), "$HOST");
    EXPECT_EQ(location(c, 0, "/").set_headers[1].value.parts.at(0).text, "host");

    EXPECT_EQ(load_error(in_http("server { location / {\n proxy_set_header X $foo;\n} }")),
              "unknown \"foo\" variable in D/nginx.conf:4");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_set_header X $; } }")),
              "invalid variable name in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_set_header X ${host; } }")),
              "the closing bracket in \"host\" variable is missing in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_set_header X $status; } }")),
              "variable \"$status\" is not supported by wsgate-proxy outside log_format in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("log_format x \"$nope\";")), "unknown \"nope\" variable in D/nginx.conf:3");
}
