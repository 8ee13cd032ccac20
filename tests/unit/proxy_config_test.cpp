// The nginx configuration loader: values and units, the tokenizer, the main,
// events and http contexts, and each error with nginx's wording and FILE:LINE.
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
    ASSERT_EQ(wss.access_logs.size(), 1u);
    EXPECT_EQ(wss.access_logs[0].path, dir + "logs/access.log");

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
    EXPECT_EQ(load_error(in_http("limit_rate 10k;")),
              "\"limit_rate\" directive is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { location / { rewrite_log on; } }")),
              "\"rewrite_log\" directive is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("upstream u { server 127.0.0.1; random; }")),
              "\"random\" directive is not supported by wsgate-proxy in D/nginx.conf:3");
    EXPECT_EQ(load_error(in_http("server { listen 127.0.0.1:1; keepalive 4; }")),
              "\"keepalive\" directive is not allowed here in D/nginx.conf:3");
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
    EXPECT_EQ(c.servers.at(0).unmatched.access_logs.at(0).path, dir.string() + "/logs/access.log");
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
    ASSERT_EQ(server.unmatched.access_logs.size(), 1u);
    EXPECT_EQ(server.unmatched.access_logs[0].path, dir.string() + "/logs/main.log");
    EXPECT_EQ(server.unmatched.access_logs[0].format, "main");
    EXPECT_EQ(server.keepalive_timeout, 65s);
    EXPECT_FALSE(server.unmatched.server_tokens);
    EXPECT_FALSE(server.unmatched.tcp_nodelay);
    EXPECT_TRUE(location(c, 0, "/off").access_logs.empty());

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
    const auto& logs = loaded.config.servers.at(0).unmatched.access_logs;
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0].path, loaded.dir.string() + "/logs/access.log");
    EXPECT_EQ(logs[0].format, "combined");
}

// A production config's every refusal in one reading, in file order, each
// with its line: a user learns them all from one run.
TEST(ConfigLoader, NamesEveryDirectiveItDoesNotSupportAtOnce) {
    const auto dir = scratch_dir("refused-all");
    wsgate::testing::write_file(dir / "nginx.conf",
                                "events {}\nhttp {\n  upstream u { random; server 127.0.0.1:1; }\n"
                                "  server {\n    listen 127.0.0.1:8080;\n    if ($host) { limit_rate 1k; }\n"
                                "    location / {\n location /a { proxy_pass http://u; } }\n    limit_rate 10k;\n  }\n}\n");
    try {
        cfg::load((dir / "nginx.conf").string());
        FAIL() << "loaded";
    } catch (const cfg::refused_directives& e) {
        ASSERT_EQ(e.all().size(), 4u);
        EXPECT_EQ(e.all()[0].where().line, 3);
        EXPECT_EQ(e.all()[1].where().line, 6);
        EXPECT_NE(std::string(e.all()[2].what()).find("nested locations"), std::string::npos);
        EXPECT_EQ(e.all()[3].where().line, 9);
    }
}

TEST(ConfigLoader, AcceptsWhatChangesNothingItDoesWithNginxsChecksAndWarnings) {
    const auto loaded = load_text("load_module modules/ngx_http_echo_module.so;\nevents {}\nhttp {\n"
                                  "  types_hash_max_size 2048;\n  gzip on;\n  gzip_types text/plain;\n"
                                  "  error_log /dev/null warn;\n  upstream u { server 127.0.0.1:1; keepalive 32; }\n"
                                  "  server { listen 127.0.0.1:8443 ssl http2; ssl_certificate a; ssl_certificate_key b; }\n}\n",
                                  "accepted");
    std::string warnings;
    for (const auto& w : loaded.config.warnings) warnings += w + "\n";
    EXPECT_NE(warnings.find("ngx_http_echo_module.so"), std::string::npos) << warnings;
    EXPECT_NE(warnings.find("\"gzip\" is accepted and ignored"), std::string::npos) << warnings;
    EXPECT_NE(warnings.find("\"http2\""), std::string::npos) << warnings;
    EXPECT_NE(warnings.find("below the main level"), std::string::npos) << warnings;
    EXPECT_NE(load_error("events {}\nhttp { gzip maybe; }\n").find("invalid value \"maybe\""), std::string::npos);
    EXPECT_NE(load_error("events {}\nhttp { upstream u { server 127.0.0.1:1; keepalive 0; } }\n").find("invalid value"),
              std::string::npos);
    EXPECT_NE(load_error("events {}\nhttp { server { return 1000; } }\n").find("invalid return code"), std::string::npos);
}

TEST(ConfigLoader, HostileNestingInsideARefusedBlockEndsWithAnError) {
    std::string deep = "events {}\nhttp { server { location / { limit_except GET {";
    for (int i = 0; i < 10000; ++i) deep += " limit_except GET {";
    EXPECT_NE(load_error(deep).find("blocks nested deeper than"), std::string::npos);
}
