// wsgate-echo's HTTP side and its life as a process: /__status/NNN, plain
// requests, refused handshakes, a wss listener, signals, loopback-only
// listen addresses, and every connection released.
#include "echo_clients.hpp"
#include "wsgate/proc_stats.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace wsgate::testing;

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
    const auto baseline = wsgate::proc::open_fds(pid);
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
        EXPECT_GT(wsgate::proc::open_fds(pid), baseline);
    }
    std::size_t now = 0;
    for (int i = 0; i < 150 && (now = wsgate::proc::open_fds(pid)) != baseline; ++i) std::this_thread::sleep_for(20ms);
    EXPECT_EQ(now, baseline);
}
