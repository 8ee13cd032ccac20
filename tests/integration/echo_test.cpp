// wsgate-echo as a process on loopback: echo at the frame level (RFC 6455),
// the control protocol and /__status/NNN of docs/architecture.md, plain HTTP
// introspection, wss, permessage-deflate (RFC 7692), and shutdown.
#include "echo_process.hpp"
#include "paths.hpp"
#include "raw_client.hpp"
#include "wsgate/tls.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>
#include <zlib.h>

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace std::chrono_literals;
using namespace wsgate::testing;
namespace ws = wsgate::ws;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = net::ip::tcp;

namespace {

constexpr auto client_time_limit = 30s;

// A Beast WebSocket client on 127.0.0.1:port.
struct beast_client {
    explicit beast_client(std::uint16_t port, bool deflate = false) {
        ws.next_layer().connect({net::ip::make_address("127.0.0.1"), port});
        watchdog = std::make_unique<socket_watchdog>(ws.next_layer().native_handle(), client_time_limit);
        if (deflate) {
            websocket::permessage_deflate pmd;
            pmd.client_enable = true;
            ws.set_option(pmd);
        }
        ws.handshake(response, "api.example.com", "/");
    }

    std::string exchange(std::string_view message, bool binary = false) {
        ws.binary(binary);
        ws.write(net::buffer(message.data(), message.size()));
        beast::flat_buffer buffer;
        ws.read(buffer);
        return beast::buffers_to_string(buffer.data());
    }

    net::io_context ioc;
    websocket::stream<tcp::socket> ws{ioc};
    websocket::response_type response;
    std::unique_ptr<socket_watchdog> watchdog;
};

std::uint16_t port_of(const std::string& ready_entry) {
    const auto colon = ready_entry.rfind(':');
    return static_cast<std::uint16_t>(std::stoul(ready_entry.substr(colon + 1)));
}

// Raw DEFLATE of one message without the final 00 00 FF FF (RFC 7692 §7.2.1).
std::string deflate_message(std::string_view text) {
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    std::string out(text.size() + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - z.avail_out - 4);
    deflateEnd(&z);
    return out;
}

bool log_contains(const echo_process& backend, const std::string& text) {
    for (int i = 0; i < 100; ++i) {
        if (backend.log().find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

std::size_t open_fds(pid_t pid) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd"))
        ++n;
    return n;
}

std::string plain_get(std::string_view target, std::string_view headers = "Host: api.example.com\r\n") {
    return "GET " + std::string(target) + " HTTP/1.1\r\n" + std::string(headers) + "\r\n";
}

}  // namespace

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

TEST(EchoBackend, KeepsTheConnectionOpenAfterARequestedStatus) {
    echo_process backend;
    raw_client c(backend.port());
    const auto refused = c.handshake("/__status/403");
    EXPECT_EQ(refused.result(), http::status::forbidden);
    EXPECT_EQ(json::parse(refused.body()).at("target"), "/__status/403");
    c.write(plain_get("/second"));
    const auto second = c.read_response();
    EXPECT_EQ(second.result(), http::status::ok);
    const auto body = json::parse(second.body());
    EXPECT_EQ(body.at("target"), "/second");
    EXPECT_EQ(body.at("remote_port"), json::parse(refused.body()).at("remote_port"));
}

TEST(EchoBackend, AnswersPlainHttpWithTheRequestJson) {
    echo_process backend;
    raw_client c(backend.port());
    c.write(plain_get("/path?x=1",
                      "Host: api.example.com\r\nX-B: 1\r\nx-a: 2\r\nX-B: 3\r\nConnection: close\r\n"));
    const auto res = c.read_response();
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res[http::field::content_type], "application/json");
    const auto body = json::parse(res.body());
    EXPECT_EQ(body.at("method"), "GET");
    EXPECT_EQ(body.at("target"), "/path?x=1");
    EXPECT_EQ(body.at("headers"),
              json::parse(R"([["Host","api.example.com"],["X-B","1"],["x-a","2"],["X-B","3"],)"
                          R"(["Connection","close"]])"));
    EXPECT_EQ(c.read_until_closed(), net::error::eof);
}

TEST(EchoBackend, RefusesAMalformedRequestWith400AndLogsIt) {
    echo_process backend;
    raw_client c(backend.port());
    c.write("NOT A REQUEST\r\n\r\n");
    EXPECT_EQ(c.read_response().result(), http::status::bad_request);
    EXPECT_EQ(c.read_until_closed(), net::error::eof);
    EXPECT_TRUE(log_contains(backend, "malformed request")) << backend.log();
}

TEST(EchoBackend, RefusesAHandshakeWithoutKeyWith400) {
    echo_process backend;
    raw_client c(backend.port());
    c.write(plain_get(
        "/", "Host: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"));
    EXPECT_EQ(c.read_response().result(), http::status::bad_request);
    EXPECT_TRUE(log_contains(backend, "Sec-WebSocket-Key")) << backend.log();
}

TEST(EchoBackend, AnswersAnotherProtocolVersionWith426) {
    // RFC 6455 §4.4.
    echo_process backend;
    raw_client c(backend.port());
    c.write(plain_get("/",
                      "Host: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n"));
    const auto res = c.read_response();
    EXPECT_EQ(res.result(), http::status::upgrade_required);
    EXPECT_EQ(res[http::field::sec_websocket_version], "13");
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

TEST(EchoBackend, ServesAWssListener) {
    const auto pki = pki_dir();
    const auto port = free_port();
    echo_process backend({"--listen", "127.0.0.1:" + std::to_string(port) + "=secure,tls", "--tls-cert",
                          (pki / "server.pem").string(), "--tls-key", (pki / "server.key").string()});
    EXPECT_EQ(backend.ready().at("secure"), "127.0.0.1:" + std::to_string(port) + " wss");

    auto ctx = wsgate::tls::make_client_context({.ca_file = (pki / "ca.pem").string()});
    net::io_context ioc;
    websocket::stream<net::ssl::stream<tcp::socket>> wss(ioc, ctx);
    beast::get_lowest_layer(wss).connect({net::ip::make_address("127.0.0.1"), port});
    socket_watchdog watchdog(beast::get_lowest_layer(wss).native_handle(), client_time_limit);
    wsgate::tls::prepare_client(wss.next_layer().native_handle(), "localhost", true);
    wss.next_layer().handshake(net::ssl::stream_base::client);
    wss.handshake("localhost", "/secure");
    wss.text(true);
    wss.write(net::buffer(std::string("wsgate:request")));
    beast::flat_buffer buffer;
    wss.read(buffer);
    const auto request = json::parse(beast::buffers_to_string(buffer.data()));
    EXPECT_EQ(request.at("backend"), "secure");
    EXPECT_EQ(request.at("target"), "/secure");
    buffer.clear();
    wss.write(net::buffer(std::string("over tls")));
    wss.read(buffer);
    EXPECT_EQ(beast::buffers_to_string(buffer.data()), "over tls");
    boost::system::error_code ec;
    wss.close(websocket::close_code::normal, ec);
    EXPECT_FALSE(ec) << ec.message();
}

TEST(EchoBackend, DrainsOnSigtermWithClose1001AndExitsZero) {
    echo_process backend({"--threads", "2"});
    beast_client open(backend.port());
    raw_client stalled(backend.port());
    stalled.handshake();
    stalled.send_text("wsgate:stall");
    raw_client idle_http(backend.port());
    idle_http.write(plain_get("/"));
    idle_http.read_response();
    std::this_thread::sleep_for(100ms);

    const auto start = std::chrono::steady_clock::now();
    backend.process().signal(SIGTERM);
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    open.ws.read(buffer, ec);
    EXPECT_EQ(ec, websocket::error::closed) << ec.message();
    EXPECT_EQ(open.ws.reason().code, websocket::close_code::going_away);
    const auto f = stalled.read_frame();
    EXPECT_EQ(f.header.opcode, ws::op::close);
    EXPECT_EQ(f.payload.substr(0, 2), ws::close_payload(1001));

    const auto status = backend.process().wait_for(3s);
    ASSERT_TRUE(status.has_value()) << "still running 3 s after SIGTERM";
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << wsgate::proc::describe_status(*status);
}

TEST(EchoBackend, StopsListeningOnSigusr1AndKeepsOpenConnections) {
    echo_process backend;
    beast_client open(backend.port());
    backend.process().signal(SIGUSR1);
    bool refused = false;
    for (int i = 0; i < 100 && !refused; ++i) {
        net::io_context ioc;
        tcp::socket probe(ioc);
        boost::system::error_code ec;
        probe.connect({net::ip::make_address("127.0.0.1"), backend.port()}, ec);
        refused = ec == net::error::connection_refused;
        if (!refused) std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(refused);
    EXPECT_EQ(open.exchange("still here"), "still here");
}

TEST(EchoBackend, RefusesANonLoopbackListenAddress) {
    const auto dir = scratch_dir("echo-refuse");
    const auto log = (dir / "log").string();
    wsgate::proc::child child(
        {.argv = {(bin_dir() / "wsgate-echo").string(), "--listen", "0.0.0.0:8282=single"},
         .stdout_path = log,
         .stderr_path = log});
    const auto status = child.wait_for(5s);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(wsgate::proc::describe_status(*status), "exited with 2");
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("loopback"), std::string::npos) << text;
}

TEST(EchoBackend, ReleasesEveryConnectionItServed) {
    echo_process backend({"--threads", "2"});
    const auto pid = backend.process().pid();
    // Each I/O thread opens its epoll, eventfd and timerfd with its first
    // connection; those stay, so they belong to the baseline.
    for (int i = 0; i < 4; ++i) {
        raw_client warm_up(backend.port());
        warm_up.write(plain_get("/", "Host: a\r\nConnection: close\r\n"));
        warm_up.read_response();
        warm_up.read_until_closed();
    }
    std::this_thread::sleep_for(100ms);
    const auto baseline = open_fds(pid);
    {
        std::vector<std::unique_ptr<beast_client>> polite;
        std::vector<std::unique_ptr<raw_client>> rude;
        for (int i = 0; i < 10; ++i) {
            polite.push_back(std::make_unique<beast_client>(backend.port()));
            polite.back()->exchange("hi");
            polite.back()->ws.close(websocket::close_code::normal);

            rude.push_back(std::make_unique<raw_client>(backend.port()));  // vanishes mid-session
            rude.back()->handshake();
            rude.push_back(std::make_unique<raw_client>(backend.port()));  // vanishes while stalled
            rude.back()->handshake();
            rude.back()->send_text("wsgate:stall");
            rude.back()->send_text("unread");
            rude.push_back(std::make_unique<raw_client>(backend.port()));  // keep-alive HTTP
            rude.back()->write(plain_get("/"));
            rude.back()->read_response();
            rude.push_back(std::make_unique<raw_client>(backend.port()));  // says nothing at all
        }
        std::this_thread::sleep_for(300ms);
        EXPECT_GT(open_fds(pid), baseline);
    }
    std::size_t now = 0;
    for (int i = 0; i < 150 && (now = open_fds(pid)) != baseline; ++i) std::this_thread::sleep_for(20ms);
    EXPECT_EQ(now, baseline);
}
