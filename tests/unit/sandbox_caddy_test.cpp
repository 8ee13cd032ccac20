// The Caddy sandbox, one rewrite kind per test: the reader's tokens and
// errors, the sandbox's global options (loopback, the run's ports and
// storage, certificates from Caddy's internal CA signed by the test CA),
// site ports, bind, tls, logs, upstreams as mock backends with the
// transport's TLS removed, every line where the user wrote it.
#include "paths.hpp"
#include "sandbox/caddy_sandbox.hpp"
#include "sandbox/caddyfile.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace wsgate::sandbox;
namespace fs = std::filesystem;

namespace {

constexpr std::uint16_t first_port = 30400;  // nothing listens: the sandbox only writes files

struct sandboxed {
    fs::path dir;
    sandbox_result result;
    std::string main, copy;
};

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

sandboxed sandbox_text(const std::string& name, const std::string& text) {
    sandboxed out;
    out.dir = wsgate::testing::scratch_dir(name);
    std::ofstream(out.dir / "Caddyfile") << text;
    out.result = sandbox_caddy(out.dir / "Caddyfile", {.run_dir = out.dir / "run",
                                                       .pki_dir = wsgate::testing::pki_dir(),
                                                       .first_port = first_port,
                                                       .max_ports = 16});
    out.main = read(out.result.main_file);
    out.copy = read(out.result.copies.at(0).first);
    return out;
}

std::string line_of(const std::string& text, int n) {
    std::istringstream in(text);
    std::string line;
    for (int i = 0; i < n && std::getline(in, line);) ++i;
    return line;
}

std::string problems_of(const std::string& name, const std::string& text) {
    try {
        sandbox_text(name, text);
    } catch (const sandbox_error& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST(CaddyReader, ReadsGlobalOptionsSnippetsAndSitesWithTheirTokens) {
    const auto c = parse_caddyfile("/x/Caddyfile", "{\n  admin off\n}\n(common) {\n  encode gzip\n}\n"
                                                   "a.example.org, b.example.org {\n  respond \"hi there\" 200 # x\n"
                                                   "  header `X-A` \"v\\\"q\"\n}\n");
    EXPECT_TRUE(c.has_global);
    ASSERT_EQ(c.global.size(), 1u);
    EXPECT_EQ(c.global[0].name(), "admin");
    ASSERT_EQ(c.snippets.size(), 1u);
    EXPECT_EQ(c.snippets[0].name, "common");
    ASSERT_EQ(c.sites.size(), 1u);
    ASSERT_EQ(c.sites[0].addresses.size(), 2u);
    EXPECT_EQ(c.sites[0].addresses[0].text, "a.example.org") << "the comma is not part of the address";
    const auto& respond = c.sites[0].directives.at(0);
    ASSERT_EQ(respond.words.size(), 3u);
    EXPECT_EQ(respond.words[1].text, "hi there");
    EXPECT_EQ(c.sites[0].directives.at(1).words[2].text, "v\"q");
    EXPECT_EQ(c.sites[0].directives.at(1).line, 9);
}

TEST(CaddyReader, ASiteWithoutBracesTakesTheRestOfTheFile) {
    const auto c = parse_caddyfile("/x/Caddyfile", "localhost\n\nreverse_proxy 10.0.0.1:80\n");
    ASSERT_EQ(c.sites.size(), 1u);
    EXPECT_EQ(c.sites[0].directives.at(0).name(), "reverse_proxy");
}

TEST(CaddyReader, ListsEveryProblemWithItsLine) {
    try {
        parse_caddyfile("/x/Caddyfile", "a.example {\n  respond \"open\n}\nb.example {\n");
        FAIL() << "accepted";
    } catch (const sandbox_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("/x/Caddyfile:2: unterminated quote"), std::string::npos) << what;
        EXPECT_NE(what.find("/x/Caddyfile:1: the block opened here is not closed"), std::string::npos) << what;
    }
}

TEST(CaddySandbox, TheGlobalOptionsAreTheSandboxsAndTheUsersOthersStay) {
    const auto s = sandbox_text("cs-global", "{\n\temail ops@example.org\n\tadmin localhost:2019\n\tgrace_period 5s\n"
                                             "\tlog {\n\t\toutput file /var/log/caddy.log\n\t}\n}\n"
                                             "chat.example.org {\n\treverse_proxy 10.0.0.1:3000\n}\n");
    EXPECT_NE(s.main.find("admin off"), std::string::npos) << s.main;
    EXPECT_NE(s.main.find("default_bind 127.0.0.1"), std::string::npos);
    EXPECT_NE(s.main.find("http_port 30400"), std::string::npos);
    EXPECT_NE(s.main.find("https_port 30401"), std::string::npos);
    EXPECT_NE(s.main.find("local_certs"), std::string::npos) << "no certificate is fetched";
    EXPECT_NE(s.main.find("cert " + (wsgate::testing::pki_dir() / "ca.pem").string()), std::string::npos);
    EXPECT_NE(s.main.find("grace_period 5s"), std::string::npos) << "the user's other options stay";
    EXPECT_EQ(s.main.find("ops@example.org"), std::string::npos);
    EXPECT_EQ(s.main.find("/var/log"), std::string::npos);
    EXPECT_NE(s.main.find("import " + s.result.copies.at(0).first.string()), std::string::npos);
    EXPECT_EQ(line_of(s.copy, 9), "chat.example.org {") << "the copy keeps the user's lines";
    EXPECT_EQ(s.copy.find("admin"), std::string::npos) << "the user's block is blank in the copy";
}

TEST(CaddySandbox, SitePortsMoveAndAnHttpsSiteHasItsRedirectListener) {
    const auto s = sandbox_text("cs-sites", "chat.example.org {\n\tbind 0.0.0.0 ::\n\trespond ok\n}\n"
                                            ":9000 {\n\trespond ok\n}\nhttp://rt.example.net:8080 {\n\trespond ok\n}\n"
                                            "ws.example.io:9443 {\n\trespond ok\n}\n");
    ASSERT_EQ(s.result.listeners.size(), 5u);
    EXPECT_EQ(s.result.listeners[0].original, "*:443");
    EXPECT_TRUE(s.result.listeners[0].ssl);
    EXPECT_EQ(s.result.listeners[0].port, 30401);
    EXPECT_EQ(s.result.listeners[1].original, "*:80");
    EXPECT_EQ(s.result.listeners[1].port, 30400);
    EXPECT_EQ(s.result.listeners[2].original, "*:9000");
    EXPECT_FALSE(s.result.listeners[2].ssl);
    EXPECT_TRUE(s.result.listeners[4].ssl) << "a host name on another port is still HTTPS";
    EXPECT_EQ(line_of(s.copy, 2), "\tbind 127.0.0.1");
    EXPECT_EQ(line_of(s.copy, 5), ":30402 {");
    EXPECT_EQ(line_of(s.copy, 8), "http://rt.example.net:30403 {");
}

TEST(CaddySandbox, CertificatesComeFromTheInternalCaWhateverTheSiteSaid) {
    const auto s = sandbox_text("cs-tls", "a.example.org {\n\ttls /etc/a.crt /etc/a.key\n\trespond ok\n}\n"
                                          "b.example.org {\n\ttls ops@example.org {\n\t\tdns cloudflare x\n\t}\n"
                                          "\trespond ok\n}\n");
    EXPECT_EQ(line_of(s.copy, 2), "\ttls internal");
    EXPECT_EQ(line_of(s.copy, 6), "\ttls internal {");
    EXPECT_EQ(line_of(s.copy, 7), "\t\t") << "the DNS provider's challenge goes";
}

TEST(CaddySandbox, UpstreamsBecomeMockBackendsNamedAfterTheirSiteOrSnippet) {
    const auto s = sandbox_text("cs-upstreams", "(pool) {\n\treverse_proxy https://ws-a.internal:8443 {\n"
                                                "\t\ttransport http {\n\t\t\ttls\n\t\t\ttls_server_name x\n"
                                                "\t\t\tread_timeout 5m\n\t\t}\n\t}\n}\n"
                                                "chat.example.org {\n\treverse_proxy /ws/* 10.0.0.1:3000 10.0.0.2 {\n"
                                                "\t\tto 10.0.0.3:3000\n\t}\n\timport pool\n}\n");
    ASSERT_EQ(s.result.backends.size(), 4u);
    EXPECT_EQ(s.result.backends[0].id, "pool/ws-a.internal:8443");
    EXPECT_EQ(s.result.backends[1].id, "chat.example.org/10.0.0.1:3000");
    EXPECT_EQ(s.result.backends[2].id, "chat.example.org/10.0.0.2:80") << "the scheme's port when none is written";
    EXPECT_EQ(s.result.backends[3].id, "chat.example.org/10.0.0.3:3000");
    EXPECT_EQ(line_of(s.copy, 2), "\treverse_proxy 127.0.0.1:30402 {");
    EXPECT_EQ(line_of(s.copy, 4), "\t\t\t");
    EXPECT_EQ(line_of(s.copy, 6), "\t\t\tread_timeout 5m") << "only the TLS towards the backend goes";
    EXPECT_EQ(line_of(s.copy, 11), "\treverse_proxy /ws/* 127.0.0.1:30403 127.0.0.1:30404 {");
}

TEST(CaddySandbox, RefusesPlaceholderUpstreamsAndFileImportsAtOnce) {
    const auto what = problems_of("cs-refused", "a.example.org {\n\treverse_proxy {$BACKEND}\n"
                                                "\timport /etc/caddy/common.caddy\n}\n");
    EXPECT_NE(what.find("Caddyfile:2"), std::string::npos) << what;
    EXPECT_NE(what.find("Caddyfile:3"), std::string::npos) << what;
}
