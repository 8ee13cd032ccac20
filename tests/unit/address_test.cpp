#include "wsgate/address.hpp"

#include <gtest/gtest.h>

TEST(HostPort, ParsesIpv4NameAndBracketedIpv6) {
    auto a = wsgate::parse_host_port("127.0.0.10:8010");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "127.0.0.10");
    EXPECT_EQ(a->port, 8010);
    auto b = wsgate::parse_host_port("localhost:80");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->host, "localhost");
    auto c = wsgate::parse_host_port("[::1]:8080");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->host, "::1");
}

TEST(HostPort, RejectsMissingOrOutOfRangePorts) {
    for (const char* bad : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", ":80", "127.0.0.1:8x", "[::1:80"})
        EXPECT_FALSE(wsgate::parse_host_port(bad)) << bad;
}

TEST(Loopback, AcceptsOnly127Slash8AndIpv6Loopback) {
    EXPECT_TRUE(wsgate::is_loopback("127.0.0.1"));
    EXPECT_TRUE(wsgate::is_loopback("127.255.0.12"));
    EXPECT_TRUE(wsgate::is_loopback("::1"));
    EXPECT_FALSE(wsgate::is_loopback("128.0.0.1"));
    EXPECT_FALSE(wsgate::is_loopback("8.8.4.4"));
    EXPECT_FALSE(wsgate::is_loopback("localhost.evil"));
    EXPECT_FALSE(wsgate::is_loopback("0.0.0.0"));
}
