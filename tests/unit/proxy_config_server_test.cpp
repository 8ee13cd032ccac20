// The nginx configuration loader's server context: listen addresses and
// their parameters, server names, TLS settings, each error as nginx words it.
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

// ngx_http_core_listen: address forms, parameters, and the errors nginx words.
TEST(ConfigListen, ParsesAddressFormsAndParameters) {
    const auto c = load_text(in_http(R"(server {
    listen 8080;
    listen 127.0.0.2;
    listen *:8081 default_server;
    listen [::1]:8082 ssl reuseport backlog=128;
    listen localhost:8083 default;
    ssl_certificate c.pem;
    ssl_certificate_key c.key;
})"))
                       .config;
    const auto& l = c.servers.at(0).listens;
    ASSERT_EQ(l.size(), 5u);
    EXPECT_EQ(l[0].address, "0.0.0.0");
    EXPECT_EQ(l[0].port, 8080);
    EXPECT_EQ(l[1].address, "127.0.0.2");
    EXPECT_EQ(l[1].port, 80);
    EXPECT_EQ(l[2].address, "0.0.0.0");
    EXPECT_TRUE(l[2].default_server);
    EXPECT_EQ(l[3].address, "::1");
    EXPECT_TRUE(l[3].ssl);
    EXPECT_TRUE(l[3].reuseport);
    EXPECT_EQ(l[3].backlog, 128);
    EXPECT_EQ(l[4].address, "127.0.0.1");
    EXPECT_TRUE(l[4].default_server);
    EXPECT_EQ(c.addresses.at(3).text, "[::1]:8082");

    EXPECT_EQ(load_error(in_http("server { listen 99999; }")),
              "invalid port in \"99999\" of the \"listen\" directive in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { listen foo.invalid:80; }")),
              "host not found in \"foo.invalid:80\" of the \"listen\" directive in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { listen [zz]:1; }")),
              "invalid IPv6 address in \"[zz]:1\" of the \"listen\" directive in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { listen 80 foo; }")), "invalid parameter \"foo\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { listen 80 backlog=0; }")),
              "invalid backlog \"backlog=0\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { listen 80 proxy_protocol; }")),
              "the \"listen\" parameter \"proxy_protocol\" is not supported by wsgate-proxy in D/nginx.conf:3");
}

// ngx_http_add_addresses: duplicates on one address:port.
TEST(ConfigListen, RefusesDuplicateListensAndDefaultServers) {
    EXPECT_EQ(load_error(in_http("server {\n listen 127.0.0.1:8080;\n listen 127.0.0.1:8080;\n}")),
              "a duplicate listen 127.0.0.1:8080 in D/nginx.conf:5");
    EXPECT_EQ(
        load_error(in_http("server { listen 8080 default_server; }\nserver {\n listen 8080\n default_server;\n}")),
        "a duplicate default server for 0.0.0.0:8080 in D/nginx.conf:6");
    EXPECT_EQ(load_error(in_http("server { listen 8080 reuseport; }\nserver { listen 8080 reuseport; }")),
              "duplicate listen options for 0.0.0.0:8080 in D/nginx.conf:4");
}

// ngx_http_core_merge_srv_conf: no listen means *:80 as root, *:8000 otherwise, after all explicit listens.
TEST(ConfigListen, GivesAServerWithoutListenNginxsDefault) {
    const auto c = load_text(in_http("server { server_name a; }\nserver { listen 8000; server_name b; }")).config;
    const std::uint16_t port = ::getuid() == 0 ? 80 : 8000;
    EXPECT_EQ(c.servers.at(0).listens.at(0).port, port);
    EXPECT_EQ(c.servers.at(0).listens.at(0).address, "0.0.0.0");
    if (port == 8000) {
        // The explicit listen came first, so its server is the default of *:8000.
        ASSERT_EQ(c.addresses.size(), 1u);
        EXPECT_EQ(c.addresses[0].default_server, 1u);
        EXPECT_EQ(c.addresses[0].servers, (std::vector<std::size_t>{1, 0}));
    }
}

// Servers group per address:port; a wildcard's port serves the other addresses unless they bind.
TEST(ConfigListen, GroupsServersPerAddressAndChoosesSockets) {
    const auto c = load_text(in_http(R"(server { listen 8080; server_name a.example; }
server { listen 127.0.0.1:8080; server_name b.example; }
server { listen 127.0.0.2:8080 bind; server_name c.example; }
server { listen 8080 default_server; server_name d.example; }
server { listen 127.0.0.1:9090; })"))
                       .config;
    ASSERT_EQ(c.addresses.size(), 4u);
    EXPECT_EQ(c.addresses[0].text, "0.0.0.0:8080");
    EXPECT_TRUE(c.addresses[0].wildcard);
    EXPECT_TRUE(c.addresses[0].bind);
    EXPECT_EQ(c.addresses[0].servers, (std::vector<std::size_t>{0, 3}));
    EXPECT_EQ(c.addresses[0].default_server, 3u);
    EXPECT_FALSE(c.addresses[1].bind);
    EXPECT_TRUE(c.addresses[2].bind);
    EXPECT_TRUE(c.addresses[3].bind);
    EXPECT_EQ(c.addresses[0].names.at("a.example"), 0u);
    EXPECT_EQ(c.addresses[0].names.at("d.example"), 3u);
    EXPECT_TRUE(c.addresses[1].names.empty());
}

// ngx_http_server_names: a name a second server on the same address repeats is ignored with a warning.
TEST(ConfigServerName, WarnsAboutConflictingNamesAndKeepsTheFirst) {
    const auto c = load_text(in_http(R"(server { listen 8080; server_name .a.com API.Example.com; }
server { listen 8080; server_name a.com *.a.com www.b.*; }
server { listen 8080; }
server { listen 8080; })"))
                       .config;
    EXPECT_EQ(c.servers.at(0).server_names, (std::vector<std::string>{".a.com", "api.example.com"}));
    EXPECT_EQ(c.servers.at(2).server_names, (std::vector<std::string>{""}));
    EXPECT_EQ(c.warnings, (std::vector<std::string>{
                              "conflicting server name \"a.com\" on 0.0.0.0:8080, ignored",
                              "conflicting server name \"*.a.com\" on 0.0.0.0:8080, ignored",
                              "conflicting server name \"\" on 0.0.0.0:8080, ignored",
                          }));
    EXPECT_EQ(c.addresses.at(0).names.at("www.b.*"), 1u);
    EXPECT_EQ(c.addresses.at(0).names.at(""), 2u);

    EXPECT_EQ(load_error(in_http("server { server_name *; }")), "server name \"*\" is invalid in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { server_name ~^(www; }")),
              "pcre2_compile() failed: missing closing parenthesis in \"^(www\" at \"\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { listen 8080; server_name w*.a.com; }\nserver { listen 8080; }")),
              "invalid server name or wildcard \"w*.a.com\" on 0.0.0.0:8080");
}

// ngx_http_ssl_module: settings, inheritance from http, and the session cache forms.
TEST(ConfigSsl, ReadsTlsSettingsAndSessionCaches) {
    const auto c = load_text(in_http(R"(ssl_protocols TLSv1.2 tlsv1.3;
ssl_session_cache builtin:1000;
ssl_certificate c.pem;
ssl_certificate_key c.key;
server { listen 127.0.0.1:8443 ssl; ssl_session_tickets off; ssl_prefer_server_ciphers on; ssl_session_timeout 1h; }
server { listen 127.0.0.1:8444 ssl; ssl_session_cache shared:A:1m; }
server { listen 127.0.0.1:8445 ssl; ssl_session_cache off; }
server { listen 127.0.0.1:8446 ssl; ssl_session_cache none; }
server { listen 127.0.0.1:8447 ssl; ssl_session_cache builtin; }
server { listen 127.0.0.1:8448; ssl_protocols TLSv1.2; })"))
                       .config;
    const auto& s = c.servers;
    EXPECT_EQ(s[0].ssl.protocols, (std::vector<std::string>{"TLSv1.2", "TLSv1.3"}));
    EXPECT_FALSE(s[0].ssl.session_tickets);
    EXPECT_TRUE(s[0].ssl.prefer_server_ciphers);
    EXPECT_EQ(s[0].ssl.session_timeout, 1h);
    EXPECT_EQ(s[0].ssl.session_cache, cfg::session_cache_mode::builtin);
    EXPECT_EQ(s[0].ssl.session_cache_size, 1000u);
    EXPECT_EQ(s[1].ssl.session_cache, cfg::session_cache_mode::shared);
    EXPECT_EQ(s[1].ssl.session_cache_size, 4000u);
    EXPECT_EQ(s[2].ssl.session_cache, cfg::session_cache_mode::off);
    EXPECT_EQ(s[3].ssl.session_cache, cfg::session_cache_mode::none);
    EXPECT_EQ(s[4].ssl.session_cache_size, 20480u);
    EXPECT_EQ(s[5].ssl.protocols, (std::vector<std::string>{"TLSv1.2"}));
    EXPECT_EQ(s[5].ssl.ciphers, "HIGH:!aNULL:!MD5");

    // nginx 1.22's defaults: no TLSv1.3 until 1.23.4, no session cache.
    const auto d =
        load_text(in_http("server { listen 127.0.0.1:8443 ssl; ssl_certificate c.pem; ssl_certificate_key c.key; }"))
            .config;
    EXPECT_EQ(d.servers[0].ssl.protocols, (std::vector<std::string>{"TLSv1", "TLSv1.1", "TLSv1.2"}));
    EXPECT_EQ(d.servers[0].ssl.session_cache, cfg::session_cache_mode::none);
    EXPECT_EQ(d.servers[0].ssl.session_timeout, 5min);
    EXPECT_TRUE(d.servers[0].ssl.session_tickets);
}

// ngx_http_ssl_session_cache and ngx_http_ssl_init messages.
TEST(ConfigSsl, ReportsTlsErrorsLikeNginx) {
    EXPECT_EQ(load_error(in_http("ssl_session_cache shared:SSL;")),
              "invalid session cache \"shared:SSL\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("ssl_session_cache shared:SSL:10x;")),
              "invalid session cache \"shared:SSL:10x\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("ssl_session_cache builtin:x;")),
              "invalid session cache \"builtin:x\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("ssl_session_cache foo;")), "invalid session cache \"foo\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("ssl_session_cache shared:SSL:1k;")),
              "session cache \"shared:SSL:1k\" is too small in D/nginx.conf:3");
    EXPECT_EQ(
        load_error(in_http("ssl_session_cache shared:A:1m;\nserver { ssl_session_cache shared:A:2m; }")),
        "the size 2097152 of shared memory zone \"A\" conflicts with already declared size 1048576 in D/nginx.conf:4");
    EXPECT_EQ(load_error(in_http("ssl_protocols TLSv1.2 TLSv1.4;")), "invalid value \"TLSv1.4\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server {\n listen 8443 ssl;\n}")),
              "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { listen 8443 ssl; ssl_certificate certs/c.pem; }")),
              "no \"ssl_certificate_key\" is defined for certificate \"certs/c.pem\"");
}
