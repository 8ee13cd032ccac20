// The sandbox keeps the proxy's files in the run folder and nginx in the
// foreground, and resolves includes, modules and relative files as nginx
// resolves them for the user's original, not for the copy.
#include "sandbox_nginx_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace wsgate::sandbox;
using wsgate::testing::sandbox_files;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(NginxSandboxFiles, PidLogsTempAndCachePathsMoveIntoTheRunFolder) {
    const auto s = sandbox_files("sandbox-paths", {{"nginx.conf", R"(user www-data;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log warn;
error_log stderr;
events {}
http {
    access_log /var/log/nginx/access.log combined buffer=32k;
    access_log syslog:server=10.0.0.1 combined;
    access_log off;
    client_body_temp_path /var/lib/nginx/body 1 2;
    proxy_cache_path /var/cache/nginx levels=1:2 keys_zone=one:10m;
}
)"}});
    const auto copy = s.copy_of("nginx.conf");
    const auto run = s.run_dir().string();
    EXPECT_TRUE(contains(copy, "\npid " + run + "/nginx.pid;\n")) << copy;
    EXPECT_TRUE(contains(copy, "error_log " + run + "/error.log warn;")) << copy;
    EXPECT_TRUE(contains(copy, "error_log stderr;"));
    EXPECT_TRUE(contains(copy, "access_log " + run + "/access.log combined buffer=32k;")) << copy;
    EXPECT_TRUE(contains(copy, "access_log " + run + "/access.log combined;")) << "syslog would leave loopback";
    EXPECT_TRUE(contains(copy, "access_log off;"));
    EXPECT_TRUE(contains(copy, "client_body_temp_path " + run + "/tmp/client_body 1 2;")) << copy;
    EXPECT_TRUE(contains(copy, "proxy_cache_path " + run + "/cache/11 levels=1:2 keys_zone=one:10m;")) << copy;
    EXPECT_FALSE(contains(copy, "www-data")) << "the proxy runs as whoever started wsgate";
    EXPECT_FALSE(contains(copy, "/var/"));
    // What the config leaves to nginx's compiled-in paths is set in the run folder too.
    EXPECT_TRUE(contains(copy, "proxy_temp_path " + run + "/tmp/proxy;")) << copy;
}

TEST(NginxSandboxFiles, APidTheConfigDoesNotSetGoesIntoTheRunFolderOnLineOne) {
    const auto s = sandbox_files("sandbox-pid", {{"nginx.conf", "# mine\nevents {}\n"}});
    EXPECT_EQ(s.copy_of("nginx.conf"), "pid " + s.run_dir().string() + "/nginx.pid; # mine\nevents {}\n");
}

TEST(NginxSandboxFiles, DaemonOnBecomesOffOnTheSameLines) {
    auto s = sandbox_files("sandbox-daemon-on", {{"nginx.conf", "pid x;\ndaemon\n  on\n;  # ours\nevents {}\n"}});
    EXPECT_TRUE(contains(s.copy_of("nginx.conf"), "daemon\n  off\n;  # ours\nevents {}\n")) << s.copy_of("nginx.conf");
    EXPECT_TRUE(s.result.sets_daemon);
    s = sandbox_files("sandbox-daemon-off", {{"nginx.conf", "pid x;\ndaemon off;\nevents {}\n"}});
    EXPECT_TRUE(s.result.sets_daemon);
}

TEST(NginxSandboxFiles, DaemonOnlyInACommentLeavesTheFlagToTheCommandLine) {
    const auto s = sandbox_files("sandbox-daemon-absent", {{"nginx.conf", "pid x;\n# daemon off;\nevents {}\n"}});
    EXPECT_FALSE(s.result.sets_daemon);
}

TEST(NginxSandboxFiles, IncludesReadCopiesThatAreSandboxedThemselves) {
    const auto s = sandbox_files("sandbox-includes", {
        {"nginx.conf", "pid x;\nevents {}\nhttp {\n    include mime.types;\n    include sites-enabled/*;\n}\n"},
        {"mime.types", "types { text/html html; }\n"},
        {"sites-enabled/a.conf", "server {\n    listen 10.0.0.1:80;\n    include snippets/ws.conf;\n}\n"},
        {"sites-enabled/b.conf", "server {\n    listen 81;\n    include snippets/ws.conf;\n}\n"},
        {"snippets/ws.conf", "location / { proxy_pass http://10.9.9.9:3000; }\n"},
    });
    const auto main = s.copy_of("nginx.conf");
    EXPECT_FALSE(contains(main, "include mime.types;")) << main;
    EXPECT_TRUE(contains(main, "/sites-enabled/*;")) << main;
    EXPECT_TRUE(contains(s.copy_of("sites-enabled/a.conf"), "listen 127.0.0.1:30400;"));
    EXPECT_TRUE(contains(s.copy_of("snippets/ws.conf"), "proxy_pass http://127.0.0.1:30401;"));
    EXPECT_TRUE(contains(s.copy_of("sites-enabled/b.conf"), "listen 127.0.0.1:30402;"));
    // The snippet is read twice, so it has two copies.
    EXPECT_EQ(std::count_if(s.result.copies.begin(), s.result.copies.end(),
                            [&](const auto& c) { return c.second == s.root / "snippets/ws.conf"; }),
              2);
    ASSERT_EQ(s.result.backends.size(), 1u);
}

TEST(NginxSandboxFiles, ModulesResolveAgainstNginxsCompiledPrefix) {
    const auto s = sandbox_files("sandbox-modules", {
        {"nginx.conf", "pid x;\ninclude modules-enabled/*.conf;\nevents {}\n"},
        {"modules-enabled/50-mod-http-echo.conf", "load_module modules/ngx_http_echo_module.so;\n"},
    });
    EXPECT_EQ(s.copy_of("modules-enabled/50-mod-http-echo.conf"),
              "load_module /usr/share/nginx/modules/ngx_http_echo_module.so;\n");
}

TEST(NginxSandboxFiles, AnIncludeNginxCannotOpenIsLeftForNginxToReport) {
    const auto s = sandbox_files("sandbox-missing-include",
                                 {{"nginx.conf", "pid x;\nevents {}\nhttp { include /etc/letsencrypt/options-ssl-nginx.conf; }\n"}});
    EXPECT_TRUE(contains(s.copy_of("nginx.conf"), "include /etc/letsencrypt/options-ssl-nginx.conf;"));
}

TEST(NginxSandboxFiles, AnIncludeThatNamesAFolderIsLeftForNginxToReport) {
    const auto s = sandbox_files("sandbox-folder-include", {{"nginx.conf", "pid x;\nevents {}\nhttp { include conf.d; }\n"},
                                                            {"conf.d/a.conf", "gzip on;\n"}});
    EXPECT_TRUE(contains(s.copy_of("nginx.conf"), "include conf.d;")) << "nginx cannot read a folder as a file";
    EXPECT_EQ(s.result.copies.size(), 1u);
}

TEST(NginxSandboxFiles, ASyntaxErrorNamesTheUsersFileAndLine) {
    try {
        sandbox_files("sandbox-syntax", {{"nginx.conf", "events {}\nhttp {\n  server { listen 80 }\n}\n"}});
        FAIL() << "accepted";
    } catch (const sandbox_error& e) {
        EXPECT_TRUE(contains(e.what(), "sandbox-syntax/nginx.conf:3")) << e.what();
        EXPECT_FALSE(contains(e.what(), "/run/")) << e.what();
    }
}

TEST(NginxSandboxFiles, TlsFilesACiMachineLacksGetStandInsOrAreLeftOut) {
    const auto s = sandbox_files("sandbox-tls-files", {
        {"nginx.conf", "pid x;\nevents {}\nhttp {\n  ssl_dhparam /etc/letsencrypt/ssl-dhparams.pem;\n"
                       "  ssl_session_ticket_key /etc/nginx/ticket.key;\n  ssl_stapling_file /etc/nginx/ocsp.der;\n"
                       "  ssl_trusted_certificate /etc/ssl/chain.pem;\n  auth_basic_user_file htpasswd;\n"
                       "  ssl_crl crl.pem;\n}\n"},
        {"crl.pem", "kept\n"},
    });
    const auto copy = s.copy_of("nginx.conf");
    EXPECT_TRUE(contains(copy, "ssl_dhparam " + s.run_dir().string() + "/sandbox/tls/dhparam.pem;")) << copy;
    EXPECT_TRUE(std::filesystem::file_size(s.run_dir() / "sandbox/tls/dhparam.pem") > 0);
    EXPECT_EQ(std::filesystem::file_size(s.run_dir() / "sandbox/tls/ticket.key"), 80u);
    EXPECT_FALSE(contains(copy, "ocsp.der")) << copy;
    EXPECT_TRUE(contains(copy, "ssl_trusted_certificate " + (wsgate::testing::pki_dir() / "ca.pem").string()));
    EXPECT_TRUE(contains(copy, "auth_basic_user_file " + (s.root / "htpasswd").string() + ";")) << copy;
    EXPECT_TRUE(contains(copy, "ssl_crl " + (s.root / "crl.pem").string() + ";")) << copy;
}
