// The sandbox moves what an nginx config reaches over the network to
// loopback: listeners, upstream servers and pass targets, resolvers and
// certificates. Every other byte, and every line, stays as the user wrote it.
#include "sandbox_nginx_support.hpp"
#include "sandbox/tls_files.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>

using namespace wsgate::sandbox;
using wsgate::testing::sandbox_files;

namespace {

int lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

bool certificate_names_host(const std::filesystem::path& pem, const std::string& host) {
    FILE* f = std::fopen(pem.c_str(), "r");
    if (!f) return false;
    X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    const bool ok = cert && X509_check_host(cert, host.c_str(), host.size(), 0, nullptr) == 1;
    X509_free(cert);
    return ok;
}

const std::string production_server = R"(events {}
http {
    server {
        listen 80 default_server;
        listen [::]:80 default_server ipv6only=on;
        server_name chat.example.org;
        return 301 https://$host$request_uri;
    }
    server {
        listen 443 ssl http2;
        listen [::]:443 ssl http2;
        server_name chat.example.org www.chat.example.org;
        ssl_certificate /etc/letsencrypt/live/chat.example.org/fullchain.pem;
        ssl_certificate_key /etc/letsencrypt/live/chat.example.org/privkey.pem;
        location /socket.io/ { proxy_pass http://chat_nodes; }
    }
    upstream chat_nodes {
        least_conn;
        server 10.20.0.11:3000 max_fails=3 fail_timeout=30s;
        server 10.20.0.12:3000 max_fails=3 fail_timeout=30s;
        keepalive 32;
    }
}
)";

}  // namespace

TEST(NginxSandbox, EachListenSocketMovesToALoopbackPortOfItsOwn) {
    const auto s = sandbox_files("sandbox-listen", {{"nginx.conf", production_server}});
    ASSERT_EQ(s.result.listeners.size(), 4u);
    EXPECT_EQ(s.result.listeners[0].original, "*:80");
    EXPECT_EQ(s.result.listeners[1].original, "[::]:80");
    EXPECT_EQ(s.result.listeners[2].original, "*:443");
    EXPECT_FALSE(s.result.listeners[0].ssl);
    EXPECT_TRUE(s.result.listeners[3].ssl);
    EXPECT_EQ(s.result.listeners[2].source.line, 10);
    const auto copy = s.copy_of("nginx.conf");
    EXPECT_EQ(lines(copy), lines(production_server));
    EXPECT_NE(copy.find("listen 127.0.0.1:30400 default_server;\n"), std::string::npos) << copy;
    // ipv6only= means nothing on an IPv4 socket, and nginx refuses it there.
    EXPECT_NE(copy.find("listen 127.0.0.1:30401 default_server ;\n"), std::string::npos) << copy;
    EXPECT_NE(copy.find("listen 127.0.0.1:30402 ssl http2;"), std::string::npos) << copy;
    EXPECT_NE(copy.find("return 301 https://$host$request_uri;"), std::string::npos);
}

TEST(NginxSandbox, UpstreamServersBecomeBackendsNamedAfterTheirGroupWithTheirParameters) {
    const auto s = sandbox_files("sandbox-upstream", {{"nginx.conf", production_server}});
    ASSERT_EQ(s.result.backends.size(), 2u);
    EXPECT_EQ(s.result.backends[0].id, "chat_nodes/10.20.0.11:3000");
    EXPECT_EQ(s.result.backends[1].original, "10.20.0.12:3000");
    EXPECT_EQ(s.result.backends[0].source.line, 19);
    const auto copy = s.copy_of("nginx.conf");
    EXPECT_NE(copy.find("server 127.0.0.1:" + std::to_string(s.result.backends[0].port) +
                        " max_fails=3 fail_timeout=30s;"),
              std::string::npos)
        << copy;
    EXPECT_NE(copy.find("least_conn;"), std::string::npos);
    EXPECT_NE(copy.find("keepalive 32;"), std::string::npos);
    EXPECT_NE(copy.find("proxy_pass http://chat_nodes;"), std::string::npos) << "an upstream name stays";
    EXPECT_EQ(copy.find("10.20.0."), std::string::npos) << copy;
}

TEST(NginxSandbox, PassHostsBecomeOneBackendPerAddress) {
    const auto s = sandbox_files("sandbox-pass", {{"nginx.conf", R"(events {}
http {
    server {
        listen 8080;
        location /api/ { proxy_pass http://10.0.0.5:8080/v1/; }
        location /api2/ { proxy_pass http://10.0.0.5:8080; }
        location /tls/ { proxy_pass https://backend.internal; }
        location /php { fastcgi_pass 10.0.0.9:9000; }
    }
}
)"}});
    ASSERT_EQ(s.result.backends.size(), 3u);
    EXPECT_EQ(s.result.backends[0].id, "10.0.0.5:8080");
    EXPECT_EQ(s.result.backends[1].original, "backend.internal:443");
    const auto copy = s.copy_of("nginx.conf");
    const auto port = [&](std::size_t i) { return std::to_string(s.result.backends[i].port); };
    EXPECT_NE(copy.find("proxy_pass http://127.0.0.1:" + port(0) + "/v1/;"), std::string::npos) << copy;
    EXPECT_NE(copy.find("proxy_pass http://127.0.0.1:" + port(0) + ";"), std::string::npos) << copy;
    // The mock backends speak plain HTTP.
    EXPECT_NE(copy.find("proxy_pass http://127.0.0.1:" + port(1) + ";"), std::string::npos) << copy;
    EXPECT_NE(copy.find("fastcgi_pass 127.0.0.1:" + port(2) + ";"), std::string::npos) << copy;
}

TEST(NginxSandbox, AddressesInVariablesAreRefusedAllAtOnceWithTheirLines) {
    try {
        sandbox_files("sandbox-variables", {{"nginx.conf", R"(events {}
http {
    server {
        listen 8080;
        location /a { proxy_pass http://$backend; }
        location /b { proxy_pass http://$host:3000; }
    }
}
)"}});
        FAIL() << "accepted";
    } catch (const sandbox_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("nginx.conf:5"), std::string::npos) << what;
        EXPECT_NE(what.find("nginx.conf:6"), std::string::npos) << what;
        EXPECT_NE(what.find("variables"), std::string::npos) << what;
    }
}

TEST(NginxSandbox, AServerWithoutListenGetsNginxsDefaultSocketOnLoopback) {
    const auto s = sandbox_files("sandbox-default-listen", {{"nginx.conf", "events {}\nhttp {\n  server {\n    server_name a;\n  }\n}\n"}});
    ASSERT_EQ(s.result.listeners.size(), 1u);
    EXPECT_EQ(s.result.listeners[0].original, "*:80");
    EXPECT_NE(s.copy_of("nginx.conf").find("server { listen 127.0.0.1:30400;\n"), std::string::npos)
        << s.copy_of("nginx.conf");
}

TEST(NginxSandbox, CertificatesComeFromTheTestCaForTheServersOwnNames) {
    const auto s = sandbox_files("sandbox-certs", {{"nginx.conf", production_server}});
    const auto copy = s.copy_of("nginx.conf");
    EXPECT_EQ(copy.find("letsencrypt"), std::string::npos) << copy;
    const auto at = copy.find("ssl_certificate ");
    ASSERT_NE(at, std::string::npos);
    const auto end = copy.find(';', at);
    const std::filesystem::path pem = copy.substr(at + 16, end - at - 16);
    EXPECT_TRUE(certificate_names_host(pem, "chat.example.org")) << pem;
    EXPECT_TRUE(certificate_names_host(pem, "www.chat.example.org"));
    EXPECT_TRUE(certificate_names_host(pem, "localhost"));
    EXPECT_FALSE(certificate_names_host(pem, "api.example.com"));
    EXPECT_NE(copy.find("ssl_certificate_key " + pem.parent_path().string()), std::string::npos);
}

TEST(NginxSandbox, WildcardAndDotNamesBecomeWildcardCertificateNames) {
    EXPECT_EQ(certificate_names({".example.org", "*.chat.example.org", "~^(?<x>.+)\\.example$", "_", "", "x.*"}),
              (std::vector<std::string>{"example.org", "*.example.org", "*.chat.example.org"}));
    EXPECT_EQ(certificate_names({"a b", "bad\xb6name", "x..", "ok-1.example.org", "10.0.0.1"}),
              (std::vector<std::string>{"ok-1.example.org", "10.0.0.1"}))
        << "only what a certificate can name";
}

TEST(NginxSandbox, ResolversPointAtALoopbackPortNothingListensOn) {
    const auto s = sandbox_files("sandbox-resolver", {{"nginx.conf",
        "events {}\nhttp {\n  resolver 8.8.8.8 [2001:4860::8888] valid=30s;\n  server { listen 80; }\n}\n"}});
    const auto copy = s.copy_of("nginx.conf");
    EXPECT_NE(copy.find("resolver 127.0.0.1:30400 127.0.0.1:30400 valid=30s;"), std::string::npos) << copy;
}

TEST(NginxSandbox, ATemplateKeepsItsAddressesAndCertificates) {
    const std::string text = "events {}\nhttp {\n  server {\n    listen 127.0.0.1:8080 ssl;\n"
                             "    ssl_certificate certs/server.pem;\n    location / { proxy_pass http://10.0.0.1:80; }\n  }\n}\n";
    const auto s = sandbox_files("sandbox-template", {{"nginx.conf", text}}, false);
    EXPECT_TRUE(s.result.listeners.empty());
    EXPECT_TRUE(s.result.backends.empty());
    const auto copy = s.copy_of("nginx.conf");
    EXPECT_NE(copy.find("listen 127.0.0.1:8080 ssl;"), std::string::npos) << copy;
    EXPECT_NE(copy.find("proxy_pass http://10.0.0.1:80;"), std::string::npos) << copy;
    // Its copy lives in the run folder, so a relative certificate becomes absolute.
    EXPECT_NE(copy.find("ssl_certificate " + (s.root / "certs/server.pem").string() + ";"), std::string::npos) << copy;
}

TEST(NginxSandbox, TooManyAddressesForThePortRangeAreRefused) {
    std::string text = "events {}\nhttp {\n  server {\n";
    for (int i = 0; i < 20; ++i) text += "    listen " + std::to_string(9000 + i) + ";\n";
    text += "  }\n}\n";
    EXPECT_THROW(sandbox_files("sandbox-too-many", {{"nginx.conf", text}}), sandbox_error);
}
