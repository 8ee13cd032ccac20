// wsgate-echo as a process on loopback: readiness, echo at the frame level
// (RFC 6455), invalid frames and their close codes, permessage-deflate
// (RFC 7692).
#include "echo_clients.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace wsgate::testing;

TEST(EchoBackend, WritesTheReadyFileOnceEveryListenerIsBound) {
    const auto fixed = free_port("127.0.0.2");
    echo_process backend(
        {"--listen", "127.0.0.1:0=first", "--listen", "127.0.0.2:" + std::to_string(fixed) + "=second"});
    ASSERT_EQ(backend.ready().size(), 2u);
    EXPECT_EQ(backend.ready().at("second"), "127.0.0.2:" + std::to_string(fixed) + " ws");
    const auto first = backend.ready().at("first");
    EXPECT_TRUE(first.starts_with("127.0.0.1:")) << first;
    EXPECT_TRUE(first.ends_with(" ws")) << first;
    const auto any_port = port_of(first.substr(0, first.find(' ')));
    EXPECT_NE(any_port, 0);

    raw_client c(any_port);
    c.write(plain_get("/"));
    EXPECT_EQ(json::parse(c.read_response().body()).at("backend"), "first");
    raw_client other(fixed, "127.0.0.2");
    other.write(plain_get("/"));
    EXPECT_EQ(json::parse(other.read_response().body()).at("backend"), "second");
    EXPECT_NE(backend.log().find("wsgate-echo: ready"), std::string::npos);
}

TEST(EchoBackend, EchoesTextAndBinaryAtEveryLengthEncoding) {
    echo_process backend;
    beast_client c(backend.port());
    c.ws.auto_fragment(false);
    c.ws.read_message_max(32 << 20);
    const std::size_t sizes[] = {0, 125, 126, 65535, 65536, 16 << 20};
    for (const auto size : sizes) {
        for (const bool binary : {false, true}) {
            std::string payload(size, 'a');
            for (std::size_t i = 0; i < size; ++i)
                payload[i] = binary ? static_cast<char>(i * 7) : 'a' + i % 26;
            const auto echo = c.exchange(payload, binary);
            EXPECT_EQ(c.ws.got_binary(), binary) << size;
            EXPECT_TRUE(echo == payload)
                << size << (binary ? " binary" : " text") << " came back as " << echo.size() << " bytes";
        }
    }
    // Each message went out as one frame, so every length encoding was used.
    const auto frames = json::parse(c.exchange("wsgate:frames")).as_array();
    ASSERT_EQ(frames.size(), 2 * std::size(sizes) + 1);
    for (std::size_t i = 0; i < 2 * std::size(sizes); ++i) {
        EXPECT_EQ(frames[i].at("length"), sizes[i / 2]);
        EXPECT_EQ(frames[i].at("opcode"), i % 2 ? ws::op::binary : ws::op::text);
        EXPECT_EQ(frames[i].at("fin"), true);
    }
}

TEST(EchoBackend, PreservesFragmentationAroundAnInterleavedPing) {
    echo_process backend;
    raw_client c(backend.port());
    ASSERT_EQ(c.handshake().result(), http::status::switching_protocols);
    c.send(client_frame(ws::op::text, false), "Hel");
    c.send(client_frame(ws::op::ping), "mid");
    c.send(client_frame(ws::op::continuation, false), "lo ");
    c.send(client_frame(ws::op::continuation), "world");
    const struct {
        std::uint8_t opcode;
        bool fin;
        const char* payload;
    } expected[] = {{ws::op::text, false, "Hel"},
                    {ws::op::pong, true, "mid"},
                    {ws::op::continuation, false, "lo "},
                    {ws::op::continuation, true, "world"}};
    for (const auto& e : expected) {
        const auto f = c.read_frame();
        EXPECT_EQ(f.header.opcode, e.opcode);
        EXPECT_EQ(f.header.fin, e.fin);
        EXPECT_FALSE(f.header.masked);  // RFC 6455 §5.1: servers never mask
        EXPECT_EQ(f.payload, e.payload);
    }
}

TEST(EchoBackend, AnswersPingWithPongCarryingTheSamePayload) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    for (const std::string& payload : {std::string(), std::string("x"), std::string(125, 'p')}) {
        c.send(client_frame(ws::op::ping), payload);
        const auto f = c.read_frame();
        EXPECT_EQ(f.header.opcode, ws::op::pong);
        EXPECT_EQ(f.payload, payload);
    }
}

TEST(EchoBackend, EchoesFramesPipelinedBehindTheHandshake) {
    echo_process backend;
    raw_client c(backend.port());
    auto h = client_frame(ws::op::binary);
    h.mask = ws::random_mask();
    c.write(plain_get("/",
                      "Host: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n") +
            ws::encode_frame(h, "early"));
    EXPECT_EQ(c.read_response().result(), http::status::switching_protocols);
    EXPECT_EQ(c.read_frame().payload, "early");
}

TEST(EchoBackend, AnswersCloseWithTheSameCodeThenClosesTcp) {
    // RFC 6455 §5.5.1 and §7.1.1: the server echoes the code and closes TCP first.
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send(client_frame(ws::op::close), ws::close_payload(4321, "bye"));
    const auto f = c.read_frame();
    EXPECT_EQ(f.header.opcode, ws::op::close);
    EXPECT_EQ(f.payload, ws::close_payload(4321));
    EXPECT_EQ(c.read_until_closed(), net::error::eof);
}

TEST(EchoBackend, AnswersEmptyCloseWithEmptyClose) {
    echo_process backend;
    raw_client c(backend.port());
    c.handshake();
    c.send(client_frame(ws::op::close), "");
    const auto f = c.read_frame();
    EXPECT_EQ(f.header.opcode, ws::op::close);
    EXPECT_EQ(f.payload, "");
    EXPECT_EQ(c.read_until_closed(), net::error::eof);
}

struct invalid_frame_case {
    const char* name;
    std::vector<std::pair<ws::frame_header, std::string>> frames;
    std::uint16_t close_code;
    std::vector<std::string> args;
};

void PrintTo(const invalid_frame_case& c, std::ostream* os) { *os << c.name; }

class EchoBackendInvalidFrame : public ::testing::TestWithParam<invalid_frame_case> {};

TEST_P(EchoBackendInvalidFrame, ClosesWithTheCodeRfc6455Prescribes) {
    const auto& param = GetParam();
    echo_process backend(param.args);
    raw_client c(backend.port());
    ASSERT_EQ(c.handshake().result(), http::status::switching_protocols);
    for (const auto& [header, payload] : param.frames) c.send(header, payload);
    // Valid frames before the broken one are echoed first.
    auto f = c.read_frame();
    for (std::size_t echoed = 1; f.header.opcode != ws::op::close && echoed < param.frames.size(); ++echoed)
        f = c.read_frame();
    ASSERT_EQ(f.header.opcode, ws::op::close);
    const auto info = ws::parse_close_payload(f.payload);
    ASSERT_TRUE(info && info->code);
    EXPECT_EQ(*info->code, param.close_code) << info->reason;
    EXPECT_EQ(c.read_until_closed(), net::error::eof);
}

namespace {

ws::frame_header with(std::uint8_t opcode, void (*change)(ws::frame_header&)) {
    auto h = client_frame(opcode);
    change(h);
    return h;
}

const invalid_frame_case invalid_frames[] = {
    {"Unmasked", {{with(ws::op::text, [](ws::frame_header& h) { h.masked = false; }), "hi"}}, 1002, {}},
    {"ReservedDataOpcode", {{client_frame(0x3), "x"}}, 1002, {}},
    {"ReservedControlOpcode", {{client_frame(0xB), "x"}}, 1002, {}},
    {"Rsv1WithoutExtension",
     {{with(ws::op::text, [](ws::frame_header& h) { h.rsv1 = true; }), "x"}},
     1002,
     {}},
    {"Rsv2", {{with(ws::op::binary, [](ws::frame_header& h) { h.rsv2 = true; }), "x"}}, 1002, {}},
    {"Rsv3", {{with(ws::op::binary, [](ws::frame_header& h) { h.rsv3 = true; }), "x"}}, 1002, {}},
    {"CloseReasonNotUtf8", {{client_frame(ws::op::close), ws::close_payload(1000, "\xff\xfe")}}, 1007, {}},
    {"CloseCode1005OnTheWire", {{client_frame(ws::op::close), ws::close_payload(1005)}}, 1002, {}},
    {"CloseCode999", {{client_frame(ws::op::close), ws::close_payload(999)}}, 1002, {}},
    {"OneByteClosePayload", {{client_frame(ws::op::close), "\x03"}}, 1002, {}},
    {"PingOver125Bytes", {{client_frame(ws::op::ping), std::string(126, 'p')}}, 1002, {}},
    {"FragmentedPing", {{client_frame(ws::op::ping, false), "p"}}, 1002, {}},
    {"ContinuationWithoutStart", {{client_frame(ws::op::continuation), "x"}}, 1002, {}},
    {"NewMessageInsideFragmentedOne",
     {{client_frame(ws::op::text, false), "a"}, {client_frame(ws::op::text), "b"}},
     1002,
     {}},
    {"MessageOverMaxMessage",
     {{client_frame(ws::op::binary), std::string(1025, 'x')}},
     1009,
     {"--max-message", "1024"}},
    {"FragmentsOverMaxMessage",
     {{client_frame(ws::op::binary, false), std::string(600, 'x')},
      {client_frame(ws::op::continuation), std::string(600, 'x')}},
     1009,
     {"--max-message", "1024"}},
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(EchoBackend, EchoBackendInvalidFrame, ::testing::ValuesIn(invalid_frames),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(EchoBackend, NegotiatesDeflateAndEchoesCompressedFramesCompressed) {
    echo_process backend;
    raw_client c(backend.port());
    const auto res =
        c.handshake("/", "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");
    EXPECT_EQ(res[http::field::sec_websocket_extensions],
              "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    auto compressed = client_frame(ws::op::text);
    compressed.rsv1 = true;
    const auto payload = deflate_message("hello hello hello hello");
    c.send(compressed, payload);
    const auto echo = c.read_frame();
    EXPECT_TRUE(echo.header.rsv1);
    EXPECT_EQ(echo.payload, payload);
    // A compressed control message is still recognised; its reply is not compressed.
    c.send(compressed, deflate_message("wsgate:request"));
    const auto reply = c.read_frame();
    EXPECT_FALSE(reply.header.rsv1);
    EXPECT_EQ(json::parse(reply.payload).at("backend"), "single");
}

TEST(EchoBackend, InteroperatesWithBeastPermessageDeflate) {
    echo_process backend;
    beast_client c(backend.port(), true);
    EXPECT_NE(c.response[http::field::sec_websocket_extensions].find("permessage-deflate"),
              std::string::npos);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(c.exchange("compress me please, compress me"), "compress me please, compress me");
    EXPECT_EQ(json::parse(c.exchange("wsgate:request")).at("backend"), "single");
    const auto frames = json::parse(c.exchange("wsgate:frames")).as_array();
    ASSERT_FALSE(frames.empty());
    EXPECT_EQ(frames[0].at("rsv1"), true);
}

TEST(EchoBackend, RefusesDeflateWithNoDeflate) {
    echo_process backend({"--no-deflate"});
    raw_client c(backend.port());
    const auto res = c.handshake("/", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
    EXPECT_EQ(res.count(http::field::sec_websocket_extensions), 0u);
    auto compressed = client_frame(ws::op::text);
    compressed.rsv1 = true;
    c.send(compressed, deflate_message("hello"));
    const auto f = c.read_frame();
    EXPECT_EQ(f.header.opcode, ws::op::close);
    EXPECT_EQ(f.payload.substr(0, 2), ws::close_payload(1002));
}
