// The proxy's head parsing: nginx's limits and answers for client request
// heads, and the upstream response head.
#include "http/head_parser.hpp"

#include <gtest/gtest.h>

using namespace wsgate::proxy;

TEST(RequestHead, WaitsForTheEmptyLine) {
    EXPECT_TRUE(std::holds_alternative<http::need_more>(http::parse_request_head("GET / HTTP/1.1\r\nHost: a\r\n", {})));
}

TEST(RequestHead, KeepsHeaderCaseOrderAndRepeats) {
    auto r = http::parse_request_head("GET /ws/?a=1 HTTP/1.1\r\nhost: a\r\nX-B: 1\r\nX-A: 2\r\nX-B: 3\r\n\r\nrest", {});
    auto* p = std::get_if<http::parsed_request>(&r);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->request.method, "GET");
    EXPECT_EQ(p->request.target, "/ws/?a=1");
    EXPECT_EQ(p->request.version, 11);
    ASSERT_EQ(p->request.headers.size(), 4u);
    EXPECT_EQ(p->request.headers[0].name, "host");
    EXPECT_EQ(p->request.headers[3].value, "3");
    EXPECT_EQ(p->head_size, std::string("GET /ws/?a=1 HTTP/1.1\r\nhost: a\r\nX-B: 1\r\nX-A: 2\r\nX-B: 3\r\n\r\n").size());
}

TEST(RequestHead, AcceptsBareLineFeedsAsNginxDoes) {
    auto r = http::parse_request_head("GET / HTTP/1.0\nHost: a\n\n", {});
    auto* p = std::get_if<http::parsed_request>(&r);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->request.version, 10);
}

TEST(RequestHead, MalformedRequestLineIs400) {
    for (const char* bad : {"GARBAGE\r\n\r\n", "get / HTTP/1.1\r\n\r\n", "GET / FTP/1.0\r\n\r\n"}) {
        auto r = http::parse_request_head(bad, {});
        auto* e = std::get_if<http::head_error>(&r);
        ASSERT_TRUE(e) << bad;
        EXPECT_EQ(e->status, 400) << bad;
    }
}

TEST(RequestHead, HeaderWithoutColonIs400) {
    auto r = http::parse_request_head("GET / HTTP/1.1\r\nHost a\r\n\r\n", {});
    ASSERT_TRUE(std::holds_alternative<http::head_error>(r));
}

// nginx answers oversized headers with its internal 494, sent as "400
// Request Header Or Cookie Too Large".
TEST(RequestHead, OversizedHeaderLineIs494AndLongUriIs414) {
    http::head_limits small{64, 256};
    auto r = http::parse_request_head("GET / HTTP/1.1\r\nX-Big: " + std::string(100, 'a') + "\r\n\r\n", small);
    ASSERT_TRUE(std::holds_alternative<http::head_error>(r));
    EXPECT_EQ(std::get<http::head_error>(r).status, 494);
    auto u = http::parse_request_head("GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n", small);
    ASSERT_TRUE(std::holds_alternative<http::head_error>(u));
    EXPECT_EQ(std::get<http::head_error>(u).status, 414);
    auto endless = http::parse_request_head("GET / HTTP/1.1\r\n" + std::string(300, 'a'), small);
    ASSERT_TRUE(std::holds_alternative<http::head_error>(endless));
}

TEST(ResponseHead, ParsesStatusReasonAndHeaders) {
    auto r = http::parse_response_head("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x00", 4096);
    auto* p = std::get_if<http::parsed_response>(&r);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->status, 101);
    EXPECT_EQ(p->reason, "Switching Protocols");
    EXPECT_EQ(p->headers[0].value, "websocket");
    EXPECT_EQ(p->head_size, std::string("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n").size());
}

TEST(ResponseHead, NonHttpAnswerIsAnInvalidHeader) {
    auto r = http::parse_response_head("SSH-2.0-OpenSSH_9.2\r\n", 4096);
    ASSERT_TRUE(std::holds_alternative<http::head_error>(r));
    EXPECT_EQ(std::get<http::head_error>(r).status, 502);
}

TEST(ResponseHead, HeadOverProxyBufferSizeIsTooBig) {
    auto r = http::parse_response_head("HTTP/1.1 200 OK\r\nX: " + std::string(5000, 'a'), 4096);
    ASSERT_TRUE(std::holds_alternative<http::head_error>(r));
    EXPECT_NE(std::get<http::head_error>(r).reason.find("too big header"), std::string::npos);
}

TEST(RequestHead, NulInTheRequestLineIs400AsNginx) {
    const auto r = http::parse_request_head(std::string("GET / HTTP/1.1\0\r\nHost: a\r\n\r\n", 28), {});
    ASSERT_TRUE(std::holds_alternative<http::head_error>(r));
    EXPECT_EQ(std::get<http::head_error>(r).status, 400);
    const auto in_target = http::parse_request_head(std::string("GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n", 30), {});
    ASSERT_TRUE(std::holds_alternative<http::head_error>(in_target));
    EXPECT_EQ(std::get<http::head_error>(in_target).status, 400);
}

TEST(RequestHead, NulInAHeaderLineIs400AsNginx) {
    const auto r = http::parse_request_head(std::string("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", 29), {});
    ASSERT_TRUE(std::holds_alternative<http::head_error>(r));
    EXPECT_EQ(std::get<http::head_error>(r).status, 400);
    EXPECT_EQ(std::get<http::head_error>(r).reason, "client sent invalid header line");
}

TEST(RequestHead, VersionIsReadAsNginxReadsIt) {
    const auto status_of = [](const std::string& version) {
        const auto r = http::parse_request_head("GET / " + version + "\r\nHost: a\r\n\r\n", {});
        if (const auto* p = std::get_if<http::parsed_request>(&r)) return p->request.version;
        return std::get<http::head_error>(r).status;
    };
    EXPECT_EQ(status_of("HTTP/1.0"), 10);
    EXPECT_EQ(status_of("HTTP/1.1"), 11);
    EXPECT_EQ(status_of("HTTP/1.9"), 11);
    EXPECT_EQ(status_of("HTTP/2.0"), 505);
    EXPECT_EQ(status_of("HTTP/10.0"), 505);
    EXPECT_EQ(status_of("HTTP/0.9"), 400);
    EXPECT_EQ(status_of("HTTP/1.x"), 400);
    EXPECT_EQ(status_of("HTTP/1.100"), 400);
    EXPECT_EQ(status_of("HTTP/1."), 400);
    EXPECT_EQ(status_of("HTTPS/1.1"), 400);
}
