// wsgate-echo's command line: listener specs, the seed topology default, and
// the refusal of anything but loopback.
#include "options.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace wsgate::echo;

namespace {

command_line parse(std::vector<const char*> args) {
    args.insert(args.begin(), "wsgate-echo");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

}  // namespace

TEST(EchoOptions, ParsesAddressPortAndId) {
    const auto spec = parse_listen_spec("127.0.0.10:8010=b1");
    EXPECT_EQ(spec.id, "b1");
    EXPECT_EQ(spec.address.host, "127.0.0.10");
    EXPECT_EQ(spec.address.port, 8010);
    EXPECT_FALSE(spec.tls);
}

TEST(EchoOptions, TlsSuffixMakesAWssListener) {
    const auto spec = parse_listen_spec("127.0.0.1:9443=secure,tls");
    EXPECT_EQ(spec.id, "secure");
    EXPECT_TRUE(spec.tls);
}

TEST(EchoOptions, PortZeroAsksForAnyFreePort) {
    EXPECT_EQ(parse_listen_spec("127.0.0.1:0=any").address.port, 0);
    EXPECT_EQ(parse_listen_spec("[::1]:0=v6").address.host, "::1");
}

TEST(EchoOptions, LocalhostMeans127001) {
    EXPECT_EQ(parse_listen_spec("localhost:8282=single").address.host, "127.0.0.1");
}

TEST(EchoOptions, RefusesNonLoopbackAddresses) {
    for (const char* text : {"0.0.0.0:8282=single", "192.0.2.1:8010=b1", "128.0.0.1:80=x", "[::]:80=x"}) {
        try {
            parse_listen_spec(text);
            ADD_FAILURE() << text << " was accepted";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("loopback"), std::string::npos) << e.what();
        }
    }
}

TEST(EchoOptions, IdsMayNameTheAddressABackendStandsInFor) {
    EXPECT_EQ(parse_listen_spec("127.0.0.1:30010=chat_nodes/10.20.0.11:3000").id, "chat_nodes/10.20.0.11:3000");
    EXPECT_EQ(parse_listen_spec("127.0.0.1:30011=app/[fd00::5]:80,tls").id, "app/[fd00::5]:80");
}

TEST(EchoOptions, RefusesMalformedSpecs) {
    for (const char* text : {"127.0.0.1:8282", "127.0.0.1=single", "127.0.0.1:65536=x", "127.0.0.1:80=",
                             "127.0.0.1:80=a b", "127.0.0.1:80=,tls", ":80=x", "127.0.0.1:00=x"}) {
        EXPECT_THROW(parse_listen_spec(text), std::invalid_argument) << text;
    }
}

TEST(EchoOptions, NoArgumentsServeTheSeedTopology) {
    const auto command = parse({});
    ASSERT_TRUE(command.parsed);
    const auto& l = command.parsed->listeners;
    ASSERT_EQ(l.size(), 4u);
    EXPECT_EQ(l[0].id, "single");
    EXPECT_EQ(l[0].address.str(), "127.0.0.1:8282");
    EXPECT_EQ(l[1].address.str(), "127.0.0.10:8010");
    EXPECT_EQ(l[2].address.str(), "127.0.0.11:8010");
    EXPECT_EQ(l[3].id, "b3");
    EXPECT_EQ(l[3].address.str(), "127.0.0.12:8010");
    EXPECT_TRUE(command.parsed->deflate);
    EXPECT_EQ(command.parsed->max_message, 64u << 20);
}

TEST(EchoOptions, ReadsEveryOption) {
    const auto command = parse({"--listen", "127.0.0.1:0=a", "--listen", "127.0.0.2:0=b", "--threads", "3",
                                "--max-message", "1024", "--no-deflate", "--ready-file", "/tmp/ready"});
    ASSERT_TRUE(command.parsed);
    EXPECT_EQ(command.parsed->listeners.size(), 2u);
    EXPECT_EQ(command.parsed->threads, 3u);
    EXPECT_EQ(command.parsed->max_message, 1024u);
    EXPECT_FALSE(command.parsed->deflate);
    EXPECT_EQ(command.parsed->ready_file, "/tmp/ready");
}

TEST(EchoOptions, UsageErrorsExitWith2) {
    EXPECT_EQ(parse({"--listen", "0.0.0.0:80=x"}).exit_code, 2);
    EXPECT_EQ(parse({"--listen", "127.0.0.1:1=x", "--listen", "127.0.0.2:1=x"}).exit_code, 2);
    EXPECT_EQ(parse({"--listen", "127.0.0.1:1=x,tls"}).exit_code, 2);
    EXPECT_EQ(parse({"--threads", "0"}).exit_code, 2);
    EXPECT_EQ(parse({"--bogus"}).exit_code, 2);
    EXPECT_FALSE(parse({"--bogus"}).parsed);
}

TEST(EchoOptions, HelpExitsWith0WithoutRunning) {
    const auto command = parse({"--help"});
    EXPECT_FALSE(command.parsed);
    EXPECT_EQ(command.exit_code, 0);
}
