// wsgate-echo's control protocol (docs/architecture.md, "Backend control
// protocol") as a process on loopback: introspection, injected closes,
// aborts, generated messages, pings, delays and stalls.
#include "echo_clients.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace wsgate::testing;

TEST(EchoBackend, ReportsTheHandshakeRequestWithHeaderCaseAndOrder) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake("/ws/?q=1", "X-Real-IP: 6.6.6.6\r\nx-lower: a\r\nX-Real-IP: 7.7.7.7\r\n");
    c.send_text("wsgate:request");
    const auto request = json::parse(c.read_text());
    EXPECT_EQ(request.at("backend"), "single");
    EXPECT_EQ(request.at("remote_addr"), "127.0.0.1");
    EXPECT_EQ(request.at("method"), "GET");
    EXPECT_EQ(request.at("target"), "/ws/?q=1");
    EXPECT_EQ(request.at("version"), "HTTP/1.1");
    EXPECT_EQ(
        request.at("headers"),
        json::parse(R"([["Host","api.example.com"],["Upgrade","websocket"],["Connection","Upgrade"],)"
                    R"(["Sec-WebSocket-Key","dGhlIHNhbXBsZSBub25jZQ=="],["Sec-WebSocket-Version","13"],)"
                    R"(["X-Real-IP","6.6.6.6"],["x-lower","a"],["X-Real-IP","7.7.7.7"]])"));
}

TEST(EchoBackend, ReportsTheFramesReceivedSoFar) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send(client_frame(ws::op::binary, false), "abc");
    c.send(client_frame(ws::op::continuation), "de");
    c.send(client_frame(ws::op::ping), "p");
    for (int i = 0; i < 3; ++i) c.read_frame();
    c.send_text("wsgate:frames");
    EXPECT_EQ(
        json::parse(c.read_text()),
        json::parse(
            R"([{"fin":false,"rsv1":false,"rsv2":false,"rsv3":false,"opcode":2,"masked":true,"length":3},)"
            R"({"fin":true,"rsv1":false,"rsv2":false,"rsv3":false,"opcode":0,"masked":true,"length":2},)"
            R"({"fin":true,"rsv1":false,"rsv2":false,"rsv3":false,"opcode":9,"masked":true,"length":1},)"
            R"({"fin":true,"rsv1":false,"rsv2":false,"rsv3":false,"opcode":1,"masked":true,"length":13}])"));
}

TEST(EchoBackend, ClosesWithTheRequestedCodeAndReason) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:close 4000 see you");
    const auto f = c.read_frame();
    EXPECT_EQ(f.header.opcode, ws::op::close);
    EXPECT_EQ(f.payload, ws::close_payload(4000, "see you"));
    c.send(client_frame(ws::op::close), ws::close_payload(4000));
    EXPECT_EQ(c.read_until_closed(), net::error::eof);
}

TEST(EchoBackend, CloseWithoutCodeSendsAnEmptyCloseFrame) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:close");
    const auto f = c.read_frame();
    EXPECT_EQ(f.header.opcode, ws::op::close);
    EXPECT_EQ(f.payload, "");
}

TEST(EchoBackend, DropsTheConnectionWhenItsCloseIsNotAnswered) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:close 1000");
    EXPECT_EQ(c.read_frame().header.opcode, ws::op::close);
    const auto start = std::chrono::steady_clock::now();
    c.read_until_closed();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(EchoBackend, ResetsTheConnectionOnAbort) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:abort");
    EXPECT_EQ(c.read_until_closed(), net::error::connection_reset);
}

TEST(EchoBackend, SendsGeneratedMessagesOnRequest) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:send 100000 binary");
    const auto binary = c.read_frame();
    EXPECT_EQ(binary.header.opcode, ws::op::binary);
    EXPECT_TRUE(binary.header.fin);
    ASSERT_EQ(binary.payload.size(), 100000u);
    for (std::size_t i = 0; i < binary.payload.size(); ++i)
        ASSERT_EQ(static_cast<unsigned char>(binary.payload[i]), i % 256) << i;
    c.send_text("wsgate:send 64 text");
    EXPECT_EQ(c.read_text(), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab");
    c.send_text("wsgate:send 0 text");
    EXPECT_EQ(c.read_text(), "");
}

TEST(EchoBackend, RefusesToSendMoreThanMaxMessage) {
    echo_process backend({"--max-message", "1024"});
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:send 1025 text");
    EXPECT_TRUE(c.read_text().starts_with("wsgate:error "));
}

TEST(EchoBackend, SendsAPingOnRequest) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:ping are you there");
    auto f = c.read_frame();
    EXPECT_EQ(f.header.opcode, ws::op::ping);
    EXPECT_EQ(f.payload, "are you there");
    c.send_text("wsgate:ping");
    f = c.read_frame();
    EXPECT_EQ(f.header.opcode, ws::op::ping);
    EXPECT_EQ(f.payload, "");
}

TEST(EchoBackend, DelaysLaterEchoes) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:delay 300");
    const auto start = std::chrono::steady_clock::now();
    c.send_text("late");
    EXPECT_EQ(c.read_text(), "late");
    EXPECT_GE(std::chrono::steady_clock::now() - start, 290ms);
    c.send_text("wsgate:delay 0");
    c.send_text("on time");
    EXPECT_EQ(c.read_text(), "on time");
}

TEST(EchoBackend, StopsReadingWhenStalled) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("before");
    EXPECT_EQ(c.read_text(), "before");
    c.send_text("wsgate:stall");
    c.send_text("after");
    c.send(client_frame(ws::op::ping), "p");
    EXPECT_TRUE(c.nothing_arrives_within(500ms));
}

TEST(EchoBackend, AnswersMalformedControlMessagesWithAnErrorAndKeepsEchoing) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send_text("wsgate:close abc");
    EXPECT_TRUE(c.read_text().starts_with("wsgate:error "));
    c.send_text("wsgate:nonsense");
    EXPECT_EQ(c.read_text(), "wsgate:error unknown control message \"wsgate:nonsense\"");
    // Case-sensitive: not a control message, so echoed.
    c.send_text("WSGATE:request");
    EXPECT_EQ(c.read_text(), "WSGATE:request");
}

TEST(EchoBackend, ControlMessagesSentInFragmentsAreEchoed) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send(client_frame(ws::op::text, false), "wsgate:");
    c.send(client_frame(ws::op::continuation), "abort");
    EXPECT_EQ(c.read_frame().payload, "wsgate:");
    EXPECT_EQ(c.read_frame().payload, "abort");
}
