// The nginx configuration loader: tokenizer, every supported directive in its
// contexts, inheritance, and each error with nginx's wording and FILE:LINE.
#include "config/error.hpp"
#include "config/loader.hpp"
#include "config/values.hpp"
#include "proxy_test_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cfg = wsgate::proxy::config;
using wsgate::testing::in_http;
using wsgate::testing::load_error;
using wsgate::testing::load_text;
using wsgate::testing::scratch_dir;
using wsgate::testing::seed_config;
using wsgate::testing::write_file;
using namespace std::chrono_literals;

namespace {

const cfg::location_block& location(const cfg::main_config& c, std::size_t server, const std::string& path) {
    const auto& locations = c.servers.at(server).locations;
    const auto it = std::find_if(locations.begin(), locations.end(), [&](const auto& l) { return l.path == path; });
    if (it == locations.end()) throw std::runtime_error("no location " + path);
    return *it;
}

std::string header_value(const cfg::location_block& l, const std::string& name) {
    for (const auto& h : l.set_headers)
        if (h.name == name) return h.value.source;
    return "(none)";
}

std::vector<std::string> header_names(const std::vector<cfg::header_directive>& headers) {
    std::vector<std::string> names;
    for (const auto& h : headers) names.push_back(h.name);
    return names;
}

}  // namespace

// nginx docs, "Measurement units": ms s m h d w, combined from the largest down.
TEST(ConfigValues, ParsesTimesWithNginxUnits) {
    EXPECT_EQ(cfg::parse_time("30", false), 30'000);
    EXPECT_EQ(cfg::parse_time("500ms", false), 500);
    EXPECT_EQ(cfg::parse_time("1m30s", false), 90'000);
    EXPECT_EQ(cfg::parse_time("1h 2m", false), 3'720'000);
    EXPECT_EQ(cfg::parse_time("1d", false), 86'400'000);
    EXPECT_EQ(cfg::parse_time("5m", true), 300);
    EXPECT_FALSE(cfg::parse_time("1x", false));
    EXPECT_FALSE(cfg::parse_time("1s1m", false));
    EXPECT_FALSE(cfg::parse_time("1y", false));
    EXPECT_FALSE(cfg::parse_time("10ms", true));
    EXPECT_FALSE(cfg::parse_time("", false));
    EXPECT_FALSE(cfg::parse_time("s", false));
}

// nginx docs, "Measurement units": sizes in bytes, k or m (either case).
TEST(ConfigValues, ParsesSizesWithKAndM) {
    EXPECT_EQ(cfg::parse_size("8"), 8);
    EXPECT_EQ(cfg::parse_size("4k"), 4096);
    EXPECT_EQ(cfg::parse_size("50M"), 50 * 1024 * 1024);
    EXPECT_FALSE(cfg::parse_size("4x"));
    EXPECT_FALSE(cfg::parse_size("1g"));
    EXPECT_EQ(cfg::parse_offset("1g"), 1024LL * 1024 * 1024);
    EXPECT_FALSE(cfg::parse_size("-1"));
}

// ngx_http_script_compile: "$name", "${name}", case-insensitive names.
TEST(ConfigValues, SplitsTemplatesIntoTextAndVariables) {
    const auto t = cfg::compile_template("${HOST}:8080/$uri-x");
    ASSERT_EQ(t.parts.size(), 4u);
    EXPECT_TRUE(t.parts[0].is_variable);
    EXPECT_EQ(t.parts[0].text, "host");
    EXPECT_EQ(t.parts[1].text, ":8080/");
    EXPECT_EQ(t.parts[2].text, "uri");
    EXPECT_EQ(t.parts[3].text, "-x");
    EXPECT_TRUE(cfg::compile_template("close").is_constant());
    EXPECT_THROW(cfg::compile_template("a$"), cfg::template_error);
    EXPECT_THROW(cfg::compile_template("${host"), cfg::template_error);
}

// The seed guide's configuration loads with every block in place.
TEST(ConfigLoader, LoadsTheSeedTopology) {
    const auto loaded = load_text(seed_config(), "seed");
    const auto& c = loaded.config;
    const std::string dir = loaded.dir.string() + "/";

    EXPECT_EQ(c.worker_processes, 1);
    EXPECT_FALSE(c.daemon);
    EXPECT_EQ(c.worker_connections, 1024);
    EXPECT_EQ(c.pid_path, dir + "nginx.pid");
    EXPECT_EQ(c.error_log_path, dir + "logs/error.log");
    EXPECT_EQ(c.error_log_level, cfg::log_level::info);

    ASSERT_EQ(c.maps.size(), 1u);
    EXPECT_EQ(c.maps[0].source_variable, "http_upgrade");
    EXPECT_EQ(c.maps[0].target_variable, "connection_upgrade");
    EXPECT_EQ(c.maps[0].default_value.source, "upgrade");
    EXPECT_EQ(c.maps[0].entries.at("").source, "close");

    ASSERT_EQ(c.upstreams.size(), 1u);
    ASSERT_EQ(c.upstreams[0].servers.size(), 3u);
    EXPECT_EQ(c.upstreams[0].servers[1].address, "127.0.0.11");
    EXPECT_EQ(c.upstreams[0].servers[1].port, 8010);
    EXPECT_EQ(c.upstreams[0].servers[1].weight, 1);
    EXPECT_EQ(c.upstreams[0].servers[1].max_fails, 1);
    EXPECT_EQ(c.upstreams[0].servers[1].fail_timeout, 10s);

    ASSERT_EQ(c.servers.size(), 2u);
    const auto& ws = location(c, 0, "/ws/");
    ASSERT_TRUE(ws.proxy_pass);
    EXPECT_EQ(ws.proxy_pass->proxy_host, "127.0.0.1:8282");
    EXPECT_EQ(ws.proxy_pass->address, "127.0.0.1");
    EXPECT_EQ(ws.proxy_pass->port, 8282);
    EXPECT_FALSE(ws.proxy_pass->uri);
    EXPECT_EQ(ws.proxy_http_version, 11);
    EXPECT_TRUE(ws.auto_redirect);
    EXPECT_EQ(header_names(ws.set_headers), (std::vector<std::string>{"Upgrade", "Connection", "Host"}));

    const auto& root = location(c, 0, "/");
    ASSERT_TRUE(root.proxy_pass);
    EXPECT_EQ(root.proxy_pass->upstream, &c.upstreams[0]);
    EXPECT_EQ(root.proxy_pass->proxy_host, "websocket");
    EXPECT_EQ(header_value(root, "Connection"), "$connection_upgrade");

    const auto& tls = c.servers[1];
    EXPECT_EQ(tls.listens.at(0).port, 8443);
    EXPECT_TRUE(tls.listens.at(0).ssl);
    EXPECT_EQ(tls.ssl.certificate, dir + "ssl/server.pem");
    EXPECT_EQ(tls.ssl.certificate_key, dir + "ssl/server.key");
    EXPECT_EQ(tls.ssl.session_timeout, 5min);
    EXPECT_EQ(tls.ssl.session_cache, cfg::session_cache_mode::shared);
    EXPECT_EQ(tls.ssl.session_cache_zone, "SSL");
    EXPECT_EQ(tls.ssl.session_cache_bytes, 50u * 1024 * 1024);
    EXPECT_EQ(tls.ssl.session_cache_size, 200'000u);
    EXPECT_EQ(tls.ssl.protocols, (std::vector<std::string>{"TLSv1", "TLSv1.1", "TLSv1.2"}));
    EXPECT_EQ(tls.ssl.ciphers, "HIGH:!aNULL:!MD5");
    const auto& wss = location(c, 1, "/wss");
    EXPECT_FALSE(wss.auto_redirect);
    EXPECT_EQ(header_value(wss, "X-Real-IP"), "$remote_addr");
    EXPECT_EQ(wss.access_log, dir + "logs/access.log");

    ASSERT_EQ(c.addresses.size(), 2u);
    EXPECT_EQ(c.addresses[0].text, "127.0.0.1:8080");
    EXPECT_FALSE(c.addresses[0].ssl);
    EXPECT_TRUE(c.addresses[0].bind);
    EXPECT_EQ(c.addresses[1].text, "127.0.0.1:8443");
    EXPECT_TRUE(c.addresses[1].ssl);
    EXPECT_TRUE(c.warnings.empty());
}

// ngx_conf_read_token: comments, both quotes, escapes, "${var}" inside a word.
TEST(ConfigTokenizer, ReadsQuotesEscapesAndComments) {
    const auto c = load_text(in_http(R"(server {
  listen 127.0.0.1:8080; # a comment; with { and }
  location / {
    proxy_pass http://127.0.0.1:8282;
    proxy_set_header X-A "a \"quoted\" 'word' ; {";
    proxy_set_header X-B 'single "double" \' end';
    proxy_set_header X-C a\ b\tc;
    proxy_set_header X-D ${host}x;
    proxy_set_header "X-E" "multi
line";
  }
})"))
                       .config;
    const auto& l = location(c, 0, "/");
    EXPECT_EQ(header_value(l, "X-A"), "a \"quoted\" 'word' ; {");
    EXPECT_EQ(header_value(l, "X-B"), "single \"double\" ' end");
    // A backslash keeps a blank inside the word and, unlike \t, stays in it.
    EXPECT_EQ(header_value(l, "X-C"), "a\\ b\tc");
    EXPECT_EQ(header_value(l, "X-D"), "${host}x");
    EXPECT_EQ(header_value(l, "X-E"), "multi\nline");
}

// ngx_conf_read_token and ngx_conf_parse messages, each at the line nginx names.
TEST(ConfigTokenizer, ReportsBraceAndSeparatorErrorsAtTheirLine) {
    EXPECT_EQ(load_error("events {}\nhttp {\n}\n}\n"), "unexpected \"}\" in D/nginx.conf:4");
    EXPECT_EQ(load_error("events {}\nhttp {\n  server {\n"),
              "unexpected end of file, expecting \"}\" in D/nginx.conf:4");
    EXPECT_EQ(load_error("events {}\nhttp {\n  server {\n    listen 80\n"),
              "unexpected end of file, expecting \";\" or \"}\" in D/nginx.conf:5");
    EXPECT_EQ(load_error("events {}\nhttp {\n  ;\n}\n"), "unexpected \";\" in D/nginx.conf:3");
    EXPECT_EQ(load_error("events {}\nhttp {\n  server { listen 80; {\n}\n"), "unexpected \"{\" in D/nginx.conf:3");
    EXPECT_EQ(load_error("events {}\nhttp {\n  server_tokens \"on\"x;\n}\n"), "unexpected \"x\" in D/nginx.conf:3");
    EXPECT_EQ(load_error("events {}\nhttp {\n  server { listen 80 }\n}\n"), "unexpected \"}\" in D/nginx.conf:3");
}

// nginx reports a directive's errors at the line of its ';' (the tokenizer's line).
TEST(ConfigTokenizer, NamesTheLineOfTheTerminatingSemicolon) {
    EXPECT_EQ(load_error("events {}\nhttp {\n  server {\n    listen\n      80\n      foo;\n  }\n}\n"),
              "invalid parameter \"foo\" in D/nginx.conf:6");
}

// ngx_conf_handler: unknown, misplaced, badly terminated and miscounted directives.
TEST(ConfigLoader, RefusesDirectivesOutOfPlaceWithNginxWording) {
    EXPECT_EQ(load_error(in_http("server {\n  proxy_foo x;\n}")), "unknown directive \"proxy_foo\" in D/nginx.conf:4");
    EXPECT_EQ(load_error(in_http("listen 80;")), "\"listen\" directive is not allowed here in D/nginx.conf:3");
    EXPECT_EQ(load_error("events {}\nproxy_pass http://127.0.0.1;\n"),
              "\"proxy_pass\" directive is not allowed here in D/nginx.conf:2");
    EXPECT_EQ(load_error(in_http("server;")), "directive \"server\" has no opening \"{\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server_tokens on {")),
              "directive \"server_tokens\" is not terminated by \";\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_set_header X; } }")),
              "invalid number of arguments in \"proxy_set_header\" directive in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location { } }")),
              "invalid number of arguments in \"location\" directive in D/nginx.conf:3");
    EXPECT_EQ(load_error("events {}\nevents {}\n"), "\"events\" directive is duplicate in D/nginx.conf:2");
    EXPECT_EQ(load_error("events {}\nhttp {}\nhttp {}\n"), "\"http\" directive is duplicate in D/nginx.conf:3");
    EXPECT_EQ(load_error("pid x;\n"), "no \"events\" section in configuration");
}

// nginx -t on a missing file: the open() error, without a place.
TEST(ConfigLoader, ReportsAMissingMainFile) {
    const auto dir = scratch_dir("missing");
    try {
        cfg::load((dir / "nope.conf").string());
        FAIL() << "loaded";
    } catch (const cfg::config_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "open() \"" + (dir / "nope.conf").string() + "\" failed (2: No such file or directory)");
        EXPECT_EQ(e.where().line, 0);
    }
}

// Directives nginx knows and wsgate-proxy does not implement are refused by name, never ignored.
TEST(ConfigLoader, RefusesUnsupportedNginxDirectivesClearly) {
    EXPECT_EQ(load_error(in_http("gzip on;")), "\"gzip\" directive is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { return 200; } }")),
              "\"return\" directive is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1; keepalive 4; }")),
              "\"keepalive\" directive is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("error_log logs/e.log;")),
              "\"error_log\" directive is not supported here by wsgate-proxy in D/nginx.conf:3");
}

// ngx_conf_set_*_slot messages: duplicates and bad values.
TEST(ConfigLoader, ReportsInvalidAndDuplicateValuesLikeNginx) {
    EXPECT_EQ(load_error(in_http("server { location / { proxy_read_timeout 1x; } }")),
              "\"proxy_read_timeout\" directive invalid value in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("proxy_read_timeout 1s;\nproxy_read_timeout 2s;")),
              "\"proxy_read_timeout\" directive is duplicate in D/nginx.conf:4");
    EXPECT_EQ(load_error(in_http("proxy_http_version 2.0;")), "invalid value \"2.0\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("proxy_next_upstream foo;")), "invalid value \"foo\" in D/nginx.conf:3");
    EXPECT_EQ(
        load_error(in_http("proxy_buffering maybe;")),
        "invalid value \"maybe\" in \"proxy_buffering\" directive, it must be \"on\" or \"off\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("proxy_buffer_size 4x;")),
              "\"proxy_buffer_size\" directive invalid value in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("proxy_next_upstream_tries x;")),
              "\"proxy_next_upstream_tries\" directive invalid number in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server_tokens maybe;")), "invalid value \"maybe\" in D/nginx.conf:3");
    EXPECT_EQ(load_error("worker_processes many;\nevents {}\n"),
              "\"worker_processes\" directive invalid value in D/nginx.conf:1");
    EXPECT_EQ(load_error("events { worker_connections x; }\n"), "invalid number \"x\" in D/nginx.conf:1");
    EXPECT_EQ(load_error("events { use kqueue; }\n"), "invalid event type \"kqueue\" in D/nginx.conf:1");
    EXPECT_EQ(load_error("error_log stderr loud;\nevents {}\n"), "invalid log level \"loud\" in D/nginx.conf:1");
    EXPECT_EQ(load_error(in_http("large_client_header_buffers 4 0;")),
              "\"large_client_header_buffers\" directive invalid value in D/nginx.conf:3");
}

// nginx core module: main and events directives.
TEST(ConfigLoader, ReadsMainAndEventsDirectives) {
    const auto loaded = load_text(R"(worker_processes auto;
daemon on;
error_log stderr warn;
worker_shutdown_timeout 10s;
worker_rlimit_nofile 20000;
user nobody;
events {
    worker_connections 4096;
    multi_accept on;
    use epoll;
    accept_mutex off;
}
)");
    const auto& c = loaded.config;
    EXPECT_EQ(c.worker_processes, 0);
    EXPECT_TRUE(c.daemon);
    EXPECT_EQ(c.error_log_path, "");
    EXPECT_EQ(c.error_log_level, cfg::log_level::warn);
    EXPECT_EQ(c.worker_shutdown_timeout, 10s);
    EXPECT_EQ(c.worker_rlimit_nofile, 20000);
    EXPECT_EQ(c.worker_connections, 4096);
    EXPECT_TRUE(c.multi_accept);
    EXPECT_EQ(c.pid_path, loaded.dir.string() + "/logs/nginx.pid");
    // "user" is accepted and ignored, with nginx's warning for unprivileged runs.
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_NE(c.warnings[0].find("the \"user\" directive"), std::string::npos);
    EXPECT_TRUE(c.servers.empty());
}

// nginx -p: pid and log paths resolve against the prefix, include and certificates against the file's folder.
TEST(ConfigLoader, ResolvesRelativePathsLikeNginx) {
    const auto dir = scratch_dir("prefix");
    write_file(dir / "conf/nginx.conf", R"(pid run/nginx.pid;
error_log logs/error.log;
events {}
http {
    include extra/*.conf;
    access_log logs/access.log;
    server {
        listen 127.0.0.1:8443 ssl;
        ssl_certificate ssl/server.pem;
        ssl_certificate_key /abs/server.key;
    }
}
)");
    write_file(dir / "conf/extra/b.conf", "server_tokens off;\n");
    const auto prefix = dir / "prefix";
    const auto c = cfg::load("conf/nginx.conf", dir.string());
    EXPECT_EQ(c.file, dir.string() + "/conf/nginx.conf");
    EXPECT_EQ(c.pid_path, dir.string() + "/run/nginx.pid");
    EXPECT_EQ(c.error_log_path, dir.string() + "/logs/error.log");
    EXPECT_EQ(c.servers.at(0).access_log, dir.string() + "/logs/access.log");
    EXPECT_EQ(c.servers.at(0).ssl.certificate, dir.string() + "/conf/ssl/server.pem");
    EXPECT_EQ(c.servers.at(0).ssl.certificate_key, "/abs/server.key");
    EXPECT_FALSE(c.servers.at(0).unmatched.server_tokens);
}

// The http block's own directives: logs, temp paths, MIME types, flags.
TEST(ConfigLoader, ReadsHttpLevelDirectives) {
    const auto dir = scratch_dir("http-level");
    write_file(dir / "mime.types", "types {\n    text/html html htm;\n    application/json json;\n}\n");
    write_file(dir / "nginx.conf", R"(events {}
http {
    include mime.types;
    default_type application/octet-stream;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" "$http_user_agent"';
    access_log logs/main.log main buffer=32k flush=5s;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay off;
    keepalive_timeout 65;
    server_tokens off;
    types { text/plain txt; }
    client_body_temp_path tmp/body 1 2;
    server {
        listen 127.0.0.1:8080;
        location /off { access_log off; proxy_pass http://127.0.0.1:8282; }
    }
}
)");
    const auto c = cfg::load((dir / "nginx.conf").string());
    const auto& server = c.servers.at(0);
    EXPECT_EQ(server.access_log, dir.string() + "/logs/main.log");
    EXPECT_EQ(server.unmatched.access_log_format, "main");
    EXPECT_EQ(server.keepalive_timeout, 65s);
    EXPECT_FALSE(server.unmatched.server_tokens);
    EXPECT_FALSE(server.unmatched.tcp_nodelay);
    EXPECT_FALSE(location(c, 0, "/off").access_log);

    EXPECT_EQ(load_error(in_http("access_log logs/a.log main;")), "unknown log format \"main\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("access_log off x;")), "invalid parameter \"x\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("log_format combined \"$remote_addr\";")),
              "duplicate \"log_format\" name \"combined\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("log_format main \"$remote_addr $\";")), "invalid parameter \"$\" in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("proxy_temp_path a;\nproxy_temp_path b;")),
              "\"proxy_temp_path\" directive is duplicate in D/nginx.conf:4");
}

// nginx's default access log is logs/access.log in the prefix, combined.
TEST(ConfigLoader, DefaultsTheAccessLogToThePrefix) {
    const auto loaded = load_text(in_http("server { listen 127.0.0.1:8080; }"));
    EXPECT_EQ(loaded.config.servers.at(0).access_log, loaded.dir.string() + "/logs/access.log");
    EXPECT_EQ(loaded.config.servers.at(0).unmatched.access_log_format, "combined");
}

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
    EXPECT_EQ(load_error(in_http("server { listen 80 http2; }")),
              "the \"listen\" parameter \"http2\" is not supported by wsgate-proxy in D/nginx.conf:3");
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
    EXPECT_EQ(load_error(in_http("server { server_name ~^www; }")),
              "regular expression server names (\"~^www\") are not supported by wsgate-proxy in D/nginx.conf:3");
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

// ngx_http_core_location: modifiers; regex, named and nested locations are refused by name.
TEST(ConfigLocation, ReadsModifiersAndRefusesRegexNamedAndNested) {
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

    EXPECT_EQ(load_error(in_http("server { location ~ /x { } }")),
              "regular expression locations (\"~ /x\") are not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location ~*/x { } }")),
              "regular expression locations (\"~* /x\") are not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location @x { } }")),
              "named locations (\"@x\") are not supported by wsgate-proxy in D/nginx.conf:3");
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

// ngx_http_map_module: default, "" key, quoted keys, hostnames; keys without case.
TEST(ConfigMap, ReadsKeysAndRefusesRegexKeys) {
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
    EXPECT_EQ(load_error(in_http("map $http_a $b { ~^a 1; }")),
              "regular expression map keys (\"~^a\") are not supported by wsgate-proxy in D/nginx.conf:3");
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
    EXPECT_EQ(load_error(in_http("server { location / { proxy_set_header X $1; } }")),
              "regex captures (\"$1\") are not supported in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { proxy_set_header X $status; } }")),
              "variable \"$status\" is not supported by wsgate-proxy outside log_format in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("log_format x \"$nope\";")), "unknown \"nope\" variable in D/nginx.conf:3");
}
