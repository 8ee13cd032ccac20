// The scripted client's HTTP side: what it sends for an upgrade (RFC 6455
// §4.1) and how it cuts responses out of the byte stream.
#include "client/http_response.hpp"
#include "client/request.hpp"

#include <gtest/gtest.h>

using namespace wsgate::client;

TEST(UpgradeRequest, CarriesTheHeadersRfc6455Section4_1Requires) {
    auto built = build_upgrade_request({.target = "/ws/", .host = "api.example.com", .key = "dGhlIHNhbXBsZSBub25jZQ=="});
    EXPECT_EQ(built.bytes,
              "GET /ws/ HTTP/1.1\r\n"
              "Host: api.example.com\r\n"
              "Upgrade: websocket\r\n"
              "Connection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n");
    EXPECT_EQ(built.key, "dGhlIHNhbXBsZSBub25jZQ==");
}

TEST(UpgradeRequest, ReplacesInPlaceRemovesAndAppendsHeaders) {
    upgrade_request r{.host = "h", .extensions = {"permessage-deflate"}};
    r.headers = {{"connection", "keep-alive, Upgrade"}, {"Upgrade", std::nullopt}, {"X-Real-IP", "6.6.6.6"}};
    auto built = build_upgrade_request(r);
    EXPECT_NE(built.bytes.find("Host: h\r\nconnection: keep-alive, Upgrade\r\nSec-WebSocket-Key"), std::string::npos);
    EXPECT_EQ(built.bytes.find("Upgrade: websocket"), std::string::npos);
    EXPECT_NE(built.bytes.find("Sec-WebSocket-Extensions: permessage-deflate\r\nX-Real-IP: 6.6.6.6\r\n\r\n"),
              std::string::npos);
}

TEST(ResponseReader, StopsAtA101AndLeavesTheFramesThatFollow) {
    std::string in = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n\x81\x02hi";
    std::vector<http_response> out;
    response_reader reader;
    EXPECT_EQ(reader.feed(in, out), response_reader::result::switched);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].status, 101);
    EXPECT_EQ(out[0].head, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n");
    EXPECT_EQ(in, "\x81\x02hi");
}

TEST(ResponseReader, CutsPipelinedResponsesWithBodiesKeepingHeaderCaseAndOrder) {
    std::string in =
        "HTTP/1.1 301 Moved Permanently\r\nlocation: http://api.example.com/ws/\r\nContent-Length: 5\r\n\r\nmoved"
        "HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\nX-B: 1\r\nX-A: 2\r\n\r\n3\r\nno!\r\n0\r\n\r\n";
    std::vector<http_response> out;
    response_reader reader;
    EXPECT_EQ(reader.feed(in, out), response_reader::result::need_more);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].status, 301);
    EXPECT_EQ(out[0].body, "moved");
    EXPECT_EQ(out[0].headers[0].first, "location");
    EXPECT_EQ(out[0].header("Location"), "http://api.example.com/ws/");
    EXPECT_EQ(out[1].status, 403);
    EXPECT_EQ(out[1].body, "no!");
    EXPECT_EQ(out[1].headers[1].first, "X-B");
    EXPECT_EQ(out[1].headers[2].first, "X-A");
}

TEST(ResponseReader, BodyDelimitedByCloseCompletesAtEndOfStream) {
    std::string in = "HTTP/1.0 502 Bad Gateway\r\n\r\n<html>bad";
    std::vector<http_response> out;
    response_reader reader;
    reader.feed(in, out);
    EXPECT_TRUE(out.empty());
    reader.finish(out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].status, 502);
    EXPECT_EQ(out[0].version, 10);
    EXPECT_EQ(out[0].body, "<html>bad");
}

TEST(ResponseReader, ReportsGarbageAsMalformed) {
    std::string in = "SSH-2.0-OpenSSH\r\n\r\n";
    std::vector<http_response> out;
    response_reader reader;
    EXPECT_EQ(reader.feed(in, out), response_reader::result::error);
    EXPECT_NE(reader.error().find("malformed HTTP response"), std::string::npos);
}

namespace {

struct outcome {
    response_reader::result last = response_reader::result::need_more;
    std::vector<int> statuses;
    std::vector<std::string> bodies;
    bool operator==(const outcome&) const = default;
};

// Feeds wire as a hostile proxy might send it: cut at every point given.
outcome feed_in_pieces(const std::string& wire, const std::vector<std::size_t>& cuts) {
    response_reader reader;
    std::vector<http_response> out;
    std::string in;
    outcome o;
    std::size_t from = 0;
    auto all = cuts;
    all.push_back(wire.size());
    for (const auto to : all) {
        in += wire.substr(from, to - from);
        from = to;
        o.last = reader.feed(in, out);
        if (o.last == response_reader::result::error) break;
    }
    for (const auto& r : out) {
        o.statuses.push_back(r.status);
        o.bodies.push_back(r.body);
    }
    return o;
}

}  // namespace

// The reproducer of an abort in debug builds: Beast's chunked parser asserts
// when a final chunk arrives cut short and then continues with a malformed
// line. Every split of these bytes must give what the whole gives.
TEST(ResponseReader, ChunkedBodiesGiveTheSameResultUnderEveryByteSplit) {
    const std::vector<std::string> wires = {
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nHTTP/1.1 204 No\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nzz\x01\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked(\r\n\r\n0\r\nX;\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffed\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x\r\nab\r\n0;y\r\nT: 1\r\n\r\n",
    };
    for (const auto& wire : wires) {
        const auto whole = feed_in_pieces(wire, {});
        std::vector<std::size_t> every;
        for (std::size_t i = 1; i < wire.size(); ++i) every.push_back(i);
        EXPECT_EQ(feed_in_pieces(wire, every), whole) << wire;
        for (std::size_t cut = 1; cut < wire.size(); ++cut) EXPECT_EQ(feed_in_pieces(wire, {cut}), whole) << wire;
    }
}

TEST(ResponseReader, InvalidChunkedBodyIsMalformed) {
    std::string in = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
    std::vector<http_response> out;
    response_reader reader;
    EXPECT_EQ(reader.feed(in, out), response_reader::result::error);
    EXPECT_EQ(reader.error(), "malformed HTTP response: invalid chunked body");
}

TEST(HttpResponse, JoinsRepeatedHeadersWithComma) {
    http_response r;
    r.headers = {{"Sec-WebSocket-Extensions", "a"}, {"X", "y"}, {"sec-websocket-extensions", "b"}};
    EXPECT_EQ(r.joined("Sec-WebSocket-Extensions"), "a, b");
    EXPECT_FALSE(r.joined("Missing").has_value());
}
