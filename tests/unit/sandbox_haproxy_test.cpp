// The HAProxy sandbox, one rewrite kind per test: the reader's words and
// errors, binds and servers moved to loopback, certificates from the test
// CA in HAProxy's one-file form, what needs root or leaves the run folder
// dropped or moved, every line where the user wrote it.
#include "paths.hpp"
#include "sandbox/haproxy_config.hpp"
#include "sandbox/haproxy_sandbox.hpp"

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
    std::string copy;
};

sandboxed sandbox_text(const std::string& name, const std::string& text) {
    sandboxed out;
    out.dir = wsgate::testing::scratch_dir(name);
    std::ofstream(out.dir / "haproxy.cfg") << text;
    out.result = sandbox_haproxy(out.dir / "haproxy.cfg", {.run_dir = out.dir / "run",
                                                           .pki_dir = wsgate::testing::pki_dir(),
                                                           .first_port = first_port,
                                                           .max_ports = 16});
    std::ifstream in(out.result.main_file);
    std::stringstream copy;
    copy << in.rdbuf();
    out.copy = copy.str();
    return out;
}

std::string line_of(const std::string& text, int n) {
    std::istringstream in(text);
    std::string line;
    for (int i = 0; i < n && std::getline(in, line);) ++i;
    return line;
}

std::string sandbox_problems(const std::string& name, const std::string& text) {
    try {
        sandbox_text(name, text);
    } catch (const sandbox_error& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST(HaproxyReader, SplitsWordsAsHaproxyDoes) {
    const auto c = parse_haproxy_config("/x/haproxy.cfg",
                                        "global  # comment\n"
                                        "\tlog-format \"%ci:%cp [%t]\" 'single $quote' esc\\ aped \\x41#tail\n"
                                        "frontend web\r\n"
                                        "  bind :80\n");
    ASSERT_EQ(c.sections.size(), 2u);
    EXPECT_EQ(c.sections[0].kind, "global");
    const auto& words = c.sections[0].lines.at(0).words;
    ASSERT_EQ(words.size(), 5u);
    EXPECT_EQ(words[1], "%ci:%cp [%t]");
    EXPECT_EQ(words[2], "single $quote");
    EXPECT_EQ(words[3], "esc aped");
    EXPECT_EQ(words[4], "A");
    EXPECT_EQ(c.sections[1].name, "web");
    EXPECT_EQ(c.sections[1].lines.at(0).line, 4);
}

TEST(HaproxyReader, ListsEveryProblemWithItsLine) {
    try {
        parse_haproxy_config("/x/haproxy.cfg", "bind :80\nglobal\n  log \"open\n  x \\q\n");
        FAIL() << "accepted";
    } catch (const sandbox_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("/x/haproxy.cfg:1: \"bind\" stands before any section"), std::string::npos) << what;
        EXPECT_NE(what.find("/x/haproxy.cfg:3: unterminated double quote"), std::string::npos) << what;
        EXPECT_NE(what.find("/x/haproxy.cfg:4: unknown escape \\q"), std::string::npos) << what;
    }
}

TEST(HaproxyReader, QuotesAWordOnlyWhenHaproxyNeedsIt) {
    EXPECT_EQ(haproxy_word("/run/x.pem"), "/run/x.pem");
    EXPECT_EQ(haproxy_word("a b"), "\"a b\"");
    EXPECT_EQ(haproxy_word("$x\"y"), "\"\\$x\\\"y\"");
}

TEST(HaproxySandbox, MovesEveryBindFormToALoopbackPortKeepingLines) {
    const auto s = sandbox_text("hs-binds", "frontend a\n  bind *:80\n  bind :::443 v4v6 ssl crt /etc/x.pem\n"
                                            "  bind 10.0.0.1:8080,ipv4@:8081\n  bind 0.0.0.0:80\n");
    ASSERT_EQ(s.result.listeners.size(), 4u) << "*:80 and 0.0.0.0:80 are one socket";
    EXPECT_EQ(s.result.listeners[0].original, "*:80");
    EXPECT_EQ(s.result.listeners[1].original, "[::]:443");
    EXPECT_TRUE(s.result.listeners[1].ssl);
    EXPECT_EQ(s.result.listeners[2].original, "10.0.0.1:8080");
    EXPECT_EQ(s.result.listeners[3].original, "*:8081");
    EXPECT_EQ(line_of(s.copy, 2), "  bind 127.0.0.1:30400");
    EXPECT_EQ(line_of(s.copy, 4), "  bind 127.0.0.1:30402,127.0.0.1:30403");
    EXPECT_EQ(line_of(s.copy, 5), "  bind 127.0.0.1:30400");
    EXPECT_EQ(line_of(s.copy, 3).find("v4v6"), std::string::npos) << line_of(s.copy, 3);
}

TEST(HaproxySandbox, CertificatesComeFromTheTestCaForTheFrontendsHostNames) {
    const auto s = sandbox_text("hs-certs", "frontend a\n  bind :443 ssl crt /etc/le/a.pem crt /etc/le/b.pem ca-file "
                                            "/etc/ca.pem crl-file /etc/crl.pem\n  acl h hdr(host) -i chat.example.org\n"
                                            "  use_backend b if h || { req.ssl_sni -i api.example.org }\n");
    const auto bind = line_of(s.copy, 2);
    EXPECT_EQ(bind.find("/etc/"), std::string::npos) << bind;
    EXPECT_NE(bind.find(".haproxy.pem"), std::string::npos) << bind;
    EXPECT_NE(bind.find((wsgate::testing::pki_dir() / "ca.pem").string()), std::string::npos) << bind;
    const auto combined = bind.substr(bind.find("crt ") + 4, bind.find(".haproxy.pem") + 12 - bind.find("crt ") - 4);
    std::ifstream in(combined);
    std::stringstream pem;
    pem << in.rdbuf();
    EXPECT_NE(pem.str().find("BEGIN CERTIFICATE"), std::string::npos) << combined;
    EXPECT_NE(pem.str().find("PRIVATE KEY"), std::string::npos) << combined;
}

TEST(HaproxySandbox, EachServerGetsAMockBackendNamedAfterItsBackendAndAddress) {
    const auto s = sandbox_text("hs-servers", "backend chat\n  server a 10.20.0.11:3000 check ssl verify required "
                                              "ca-file /etc/ca.pem sni str(a) weight 2\n"
                                              "  server b node-b.internal:3000 backup\nlisten l\n  bind :9000\n"
                                              "  server c 10.20.0.11:3000\n");
    ASSERT_EQ(s.result.backends.size(), 3u);
    EXPECT_EQ(s.result.backends[0].id, "chat/10.20.0.11:3000");
    EXPECT_EQ(s.result.backends[1].id, "chat/node-b.internal:3000");
    EXPECT_EQ(s.result.backends[2].id, "l/10.20.0.11:3000") << "one per backend and address";
    EXPECT_EQ(line_of(s.copy, 2), "  server a 127.0.0.1:30400 check     weight 2") << "TLS to the backend removed";
    EXPECT_EQ(line_of(s.copy, 3), "  server b 127.0.0.1:30401 backup");
}

TEST(HaproxySandbox, DropsWhatNeedsRootAndMovesFilesAndSocketsIntoTheRun) {
    const auto s = sandbox_text("hs-process", "global\n  daemon\n  chroot /var/lib/haproxy\n  user haproxy\n"
                                              "  group haproxy\n  pidfile /run/haproxy.pid\n"
                                              "  stats socket /run/haproxy/admin.sock mode 660 level admin\n"
                                              "  log /dev/log local0\n  ca-base /etc/ssl/certs\n"
                                              "  server-state-file /var/lib/haproxy/state\n");
    for (int line : {2, 3, 4, 5, 9}) EXPECT_EQ(line_of(s.copy, line), "  ") << line;
    EXPECT_EQ(line_of(s.copy, 6), "  pidfile " + (s.dir / "run/haproxy.pid").string());
    EXPECT_EQ(line_of(s.copy, 7), "  stats socket abns@wsgate-30400-stats-1 mode 660 level admin");
    EXPECT_EQ(line_of(s.copy, 8), "  log stderr local0");
    EXPECT_EQ(line_of(s.copy, 10), "  server-state-file " + (s.dir / "run/server-state").string());
    EXPECT_EQ(s.copy.find("/var/"), std::string::npos) << s.copy;
}

TEST(HaproxySandbox, ResolversPeersAndMailersReachOnlyAClosedLoopbackPort) {
    const auto s = sandbox_text("hs-resolvers", "resolvers dns\n  nameserver ns1 10.0.0.53:53\n  parse-resolv-conf\n"
                                                "peers p\n  peer edge-1 10.0.0.7:10000\n");
    EXPECT_EQ(line_of(s.copy, 2), "  nameserver ns1 127.0.0.1:30400");
    EXPECT_EQ(line_of(s.copy, 5), "  peer edge-1 127.0.0.1:30401");
    EXPECT_EQ(s.copy.find("parse-resolv-conf"), std::string::npos) << "it would read the machine's resolvers";
}

TEST(HaproxySandbox, RefusesEveryServerTemplateAndBadBindAtOnce) {
    const auto what = sandbox_problems("hs-refused", "frontend a\n  bind :8000-8010\nbackend b\n"
                                                     "  server-template srv 3 _http._tcp.svc.local resolvers dns\n");
    EXPECT_NE(what.find("haproxy.cfg:2"), std::string::npos) << what;
    EXPECT_NE(what.find("haproxy.cfg:4"), std::string::npos) << what;
    EXPECT_NE(what.find("server-template"), std::string::npos) << what;
}
