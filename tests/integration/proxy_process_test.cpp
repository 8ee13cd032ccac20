// wsgate-proxy as a process: `-t` as nginx -t, signals, logs, hostile requests.
#include "paths.hpp"
#include "raw_client.hpp"
#include "wsgate_command.hpp"
#include "topology/backends.hpp"

#include "wsgate/process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace proc = wsgate::proc;
namespace asio = boost::asio;
using wsgate::testing::bin_dir;
using wsgate::testing::read_file;
using wsgate::testing::scratch_dir;

namespace {

std::string config_for(const fs::path& dir, std::uint16_t port, std::uint16_t backend) {
    return "worker_processes 2;\ndaemon off;\npid " + (dir / "proxy.pid").string() + ";\nerror_log " +
           (dir / "error.log").string() + " info;\nevents { worker_connections 1024; }\nhttp {\n    access_log " +
           (dir / "access.log").string() + ";\n    server {\n        listen 127.0.0.1:" + std::to_string(port) +
           ";\n        location /ws/ {\n            send_timeout 1s;\n            proxy_pass http://127.0.0.1:" + std::to_string(backend) +
           ";\n            proxy_http_version 1.1;\n            proxy_set_header Upgrade $http_upgrade;\n"
           "            proxy_set_header Connection \"Upgrade\";\n        }\n    }\n}\n";
}

struct running_proxy {
    fs::path dir;
    std::uint16_t port = 0;
    std::unique_ptr<wsgate::topology::backend_pool> backends;
    std::optional<proc::child> process;

    running_proxy() {
        dir = scratch_dir("proxy-process");
        const auto base = wsgate::testing::free_port_base();
        port = base;
        backends = std::make_unique<wsgate::topology::backend_pool>(bin_dir() / "wsgate-echo", dir / "backends");
        wsgate::topology::layout l;
        l.backends = {{"single", "127.0.0.1", static_cast<std::uint16_t>(base + 2)}};
        backends->start(l);
        std::ofstream(dir / "proxy.conf") << config_for(dir, port, static_cast<std::uint16_t>(base + 2));
        process.emplace(proc::spawn_options{
            .argv = {(bin_dir() / "wsgate-proxy").string(), "-c", (dir / "proxy.conf").string()},
            .stdout_path = (dir / "out").string(),
            .stderr_path = (dir / "out").string()});
        EXPECT_TRUE(proc::wait_for_port("127.0.0.1", port, 10s)) << read_file(dir / "out");
    }
};

// A raw upgrade; returns the response head.
std::string upgrade(asio::ip::tcp::socket& s, std::uint16_t port) {
    s.connect({asio::ip::make_address("127.0.0.1"), port});
    const std::string request =
        "GET /ws/ HTTP/1.1\r\nHost: a\r\nUser-Agent: proxy-test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    asio::write(s, asio::buffer(request));
    asio::streambuf buf;
    asio::read_until(s, buf, "\r\n\r\n");
    return {asio::buffers_begin(buf.data()), asio::buffers_end(buf.data())};
}

}  // namespace

TEST(ProxyConfigCheck, BadDirectiveFailsWithFileAndLine) {
    const auto dir = scratch_dir("proxy-t");
    std::ofstream(dir / "bad.conf") << "events {}\nhttp {\n    server {\n        listen 127.0.0.1:1;\n        limit_rate 10k;\n    }\n}\n";
    proc::child c({.argv = {(bin_dir() / "wsgate-proxy").string(), "-t", "-c", (dir / "bad.conf").string()},
                   .stdout_path = (dir / "out").string(), .stderr_path = (dir / "out").string()});
    auto status = c.wait_for(10s);
    ASSERT_TRUE(status);
    EXPECT_EQ(WEXITSTATUS(*status), 1);
    const auto out = read_file(dir / "out");
    EXPECT_NE(out.find((dir / "bad.conf").string() + ":5"), std::string::npos) << out;
    EXPECT_NE(out.find("limit_rate"), std::string::npos) << out;
}

// nginx -e: startup errors also go to that file.
TEST(ProxyConfigCheck, DashEFileReceivesTheStartupErrors) {
    const auto dir = scratch_dir("proxy-e");
    std::ofstream(dir / "bad.conf") << "events {}\nhttp {\n    bogus_directive on;\n}\n";
    proc::child c({.argv = {(bin_dir() / "wsgate-proxy").string(), "-t", "-e", (dir / "startup.log").string(), "-c",
                            (dir / "bad.conf").string()},
                   .stdout_path = (dir / "out").string(), .stderr_path = (dir / "out").string()});
    auto status = c.wait_for(10s);
    ASSERT_TRUE(status);
    EXPECT_EQ(WEXITSTATUS(*status), 1);
    const auto log = read_file(dir / "startup.log");
    EXPECT_NE(log.find("[emerg] unknown directive \"bogus_directive\" in " + (dir / "bad.conf").string() + ":3"),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("test failed"), std::string::npos) << log;
}

TEST(ProxyConfigCheck, SeedStyleConfigIsAccepted) {
    const auto dir = scratch_dir("proxy-t-ok");
    std::ofstream(dir / "ok.conf") << config_for(dir, 1, 2);
    proc::child c({.argv = {(bin_dir() / "wsgate-proxy").string(), "-t", "-c", (dir / "ok.conf").string()},
                   .stdout_path = (dir / "out").string(), .stderr_path = (dir / "out").string()});
    auto status = c.wait_for(10s);
    ASSERT_TRUE(status);
    EXPECT_EQ(WEXITSTATUS(*status), 0) << read_file(dir / "out");
    EXPECT_NE(read_file(dir / "out").find("test is successful"), std::string::npos);
}

TEST(ProxySignals, SigtermClosesOpenTunnelsAndExitsWithin2Seconds) {
    running_proxy p;
    asio::io_context ioc;
    asio::ip::tcp::socket tunnel(ioc);
    ASSERT_EQ(upgrade(tunnel, p.port).substr(0, 12), "HTTP/1.1 101");
    EXPECT_TRUE(fs::exists(p.dir / "proxy.pid"));
    const auto started = std::chrono::steady_clock::now();
    p.process->signal(SIGTERM);
    auto status = p.process->wait_for(3s);
    ASSERT_TRUE(status.has_value()) << "still running 3 s after SIGTERM";
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    EXPECT_TRUE(WIFEXITED(*status));
    EXPECT_EQ(WEXITSTATUS(*status), 0);
    EXPECT_FALSE(fs::exists(p.dir / "proxy.pid")) << "the pid file is removed on exit";
}

TEST(ProxySignals, SigquitLetsTheTunnelFinishThenExits) {
    running_proxy p;
    asio::io_context ioc;
    asio::ip::tcp::socket tunnel(ioc);
    ASSERT_EQ(upgrade(tunnel, p.port).substr(0, 12), "HTTP/1.1 101");
    p.process->signal(SIGQUIT);
    std::this_thread::sleep_for(300ms);
    EXPECT_TRUE(p.process->running()) << "graceful shutdown waits for the open tunnel";
    EXPECT_FALSE(proc::wait_for_port("127.0.0.1", p.port, 100ms)) << "no new connections are accepted";
    tunnel.close();
    auto status = p.process->wait_for(5s);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(WEXITSTATUS(*status), 0);
}

TEST(ProxyLogs, AccessLogHasTheCombinedFormatWithStatus101) {
    running_proxy p;
    {
        asio::io_context ioc;
        asio::ip::tcp::socket tunnel(ioc);
        ASSERT_EQ(upgrade(tunnel, p.port).substr(0, 12), "HTTP/1.1 101");
    }
    std::string log;
    for (int i = 0; i < 50 && log.empty(); ++i) {
        std::this_thread::sleep_for(20ms);
        log = read_file(p.dir / "access.log");
    }
    // 127.0.0.1 - - [25/Nov/2026:05:00:00 +0000] "GET /ws/ HTTP/1.1" 101 0 "-" "proxy-test"
    EXPECT_NE(log.find("127.0.0.1 - - ["), std::string::npos) << log;
    EXPECT_NE(log.find("] \"GET /ws/ HTTP/1.1\" 101 "), std::string::npos) << log;
    EXPECT_NE(log.find(" \"-\" \"proxy-test\"\n"), std::string::npos) << log;
}

// log_format honoured and several access_log lines at one level: the same
// tunnel in the combined log and in a timing log that names its upstream.
TEST(ProxyLogs, EachAccessLogWritesTheRequestInItsOwnFormat) {
    running_proxy p;
    auto text = read_file(p.dir / "proxy.conf");
    const std::string log_line = "    access_log " + (p.dir / "access.log").string() + ";\n";
    const auto at = text.find(log_line);
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, log_line.size(),
                 "    log_format timing escape=json '{\"up\":\"$upstream_addr\",\"us\":\"$upstream_status\","
                 "\"st\":$status,\"rt\":$request_time,\"n\":$connection_requests}';\n" + log_line +
                     "    access_log " + (p.dir / "timing.log").string() + " timing;\n");
    std::ofstream(p.dir / "proxy.conf") << text;
    p.process->signal(SIGHUP);
    ASSERT_TRUE(wsgate::testing::file_holds(p.dir / "error.log", "start worker processes", 2))
        << read_file(p.dir / "error.log");
    {
        asio::io_context ioc;
        asio::ip::tcp::socket tunnel(ioc);
        ASSERT_EQ(upgrade(tunnel, p.port).substr(0, 12), "HTTP/1.1 101");
    }
    ASSERT_TRUE(wsgate::testing::file_holds(p.dir / "timing.log", "\n", 1)) << read_file(p.dir / "error.log");
    const auto timing = read_file(p.dir / "timing.log");
    EXPECT_EQ(timing.find("{\"up\":\"127.0.0.1:" + std::to_string(p.port + 2) + "\",\"us\":\"101\",\"st\":101,\"rt\":"),
              0u)
        << timing;
    EXPECT_NE(timing.find(",\"n\":1}\n"), std::string::npos) << timing;
    EXPECT_NE(read_file(p.dir / "access.log").find("\"GET /ws/ HTTP/1.1\" 101 "), std::string::npos);
}

// A chunk size of 2^64 - 19 once wrapped the body-size check and sent the
// decoder back over the same line forever, pinning a worker. nginx answers
// 400 for a size above its off_t maximum; the proxy must too, and go on
// serving and stopping.
TEST(ProxyHostileInput, ChunkSizeNearTwoToTheSixtyFourIs400AndTheProxyKeepsServing) {
    running_proxy p;
    {
        wsgate::testing::raw_client hostile(p.port);
        hostile.write("POST /ws/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "13\r\n0123456789abcdefghi\r\nffffffffffffffed\r\n");
        EXPECT_EQ(hostile.read_response().result_int(), 400);
    }
    asio::io_context ioc;
    asio::ip::tcp::socket tunnel(ioc);
    EXPECT_EQ(upgrade(tunnel, p.port).substr(0, 12), "HTTP/1.1 101");
    p.process->signal(SIGTERM);
    EXPECT_TRUE(p.process->wait_for(3s).has_value()) << "still running 3 s after SIGTERM";
}

TEST(ProxyHostileInput, NulAfterTheVersionIs400AsNginx) {
    running_proxy p;
    wsgate::testing::raw_client hostile(p.port);
    hostile.write(std::string("GET /ws/ HTTP/1.1\0\r\nHost: a\r\n\r\n", 31));
    EXPECT_EQ(hostile.read_response().result_int(), 400);
}

// nginx times every write of an upgraded connection: a client that stops
// reading while the backend sends is dropped after send_timeout (1 s here),
// not kept until proxy_read_timeout (60 s) while the proxy holds its data.
TEST(ProxyTunnel, DropsAClientThatStopsReadingAfterSendTimeout) {
    running_proxy p;
    wsgate::testing::raw_client c(p.port);
    ASSERT_EQ(c.handshake("/ws/").result_int(), 101);
    // More than the kernel buffers of both sockets on the way hold.
    for (int i = 0; i < 3; ++i) c.send_text("wsgate:send 8000000 binary");
    std::string log;
    for (int i = 0; i < 100 && log.find("client timed out") == std::string::npos; ++i) {
        std::this_thread::sleep_for(100ms);
        log = read_file(p.dir / "error.log");
    }
    EXPECT_NE(log.find("client timed out (110: Connection timed out) while proxying upgraded connection"),
              std::string::npos)
        << log;
}
