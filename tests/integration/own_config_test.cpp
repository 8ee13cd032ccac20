// A user's own nginx or HAProxy config, unmodified, runs in wsgate's
// sandbox: its listeners, upstreams and certificates move to loopback,
// clients reach its WebSocket route with the config's own host name (TLS
// verified against the test CA), broken variants fail naming the directive,
// and nothing is left running after Ctrl-C or kill -9.
#include "leftovers.hpp"
#include "paths.hpp"
#include "wsgate_command.hpp"
#include "wsgate/ascii.hpp"
#include "wsgate/process.hpp"
#include "wsgate/tls.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <regex>
#include <thread>

namespace {

namespace fs = std::filesystem;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
namespace proc = wsgate::proc;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

using wsgate::testing::processes_mentioning;
using wsgate::testing::read_file;

constexpr auto start_limit = 30s;
constexpr auto stop_limit = 10s;
constexpr auto client_limit = 10s;

const fs::path debian_config = wsgate::testing::source_dir() / "tests/configs/nginx/debian-production/nginx.conf";

// `wsgate up` on the user's config until it prints where everything is.
class own_config_up {
public:
    own_config_up(const std::string& target, const fs::path& config, const fs::path& dir) : dir_(dir) {
        child_.emplace(proc::spawn_options{
            .argv = {(wsgate::testing::bin_dir() / "wsgate").string(), "up", "--target", target, "--config",
                     config.string(), "--port-base", std::to_string(wsgate::testing::free_port_base())},
            .stdout_path = (dir / "up.out").string(),
            .stderr_path = (dir / "up.out").string(),
            .working_dir = dir.string()});
        const auto deadline = std::chrono::steady_clock::now() + start_limit;
        while (output().find("Press Ctrl-C") == std::string::npos && child_->running() &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(50ms);
    }
    ~own_config_up() {
        if (child_) child_->stop(stop_limit);
    }

    std::string output() const { return read_file(dir_ / "up.out"); }
    bool ready() const { return output().find("Press Ctrl-C") != std::string::npos; }
    proc::child& process() { return *child_; }

    // The loopback port the sandbox gave the config's listen socket ("*:443 ssl").
    std::uint16_t port_of(const std::string& socket) const {
        std::smatch m;
        const auto text = output();
        const std::regex line("  listen " + std::regex_replace(socket, std::regex(R"([\[\]\*\.])"), R"(\$&)") +
                              R"( \([^)]*\) -> 127\.0\.0\.1:(\d+))");
        return std::regex_search(text, m, line) ? static_cast<std::uint16_t>(std::stoi(m[1])) : 0;
    }

private:
    fs::path dir_;
    std::optional<proc::child> child_;
};

// A WebSocket over TLS that checks the certificate against the test CA for host.
struct verified_wss_client {
    verified_wss_client(std::uint16_t port, const std::string& host, const std::string& target)
        : ctx(wsgate::tls::make_client_context({.ca_file = (wsgate::testing::pki_dir() / "ca.pem").string()})),
          ws(ioc, ctx) {
        auto& tcp_socket = beast::get_lowest_layer(ws);
        tcp_socket.connect({net::ip::make_address("127.0.0.1"), port});
        timeval limit{std::chrono::duration_cast<std::chrono::seconds>(client_limit).count(), 0};
        ::setsockopt(tcp_socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        wsgate::tls::prepare_client(ws.next_layer().native_handle(), host, true);
        ws.next_layer().handshake(net::ssl::stream_base::client);
        ws.handshake(response, host, target);
    }

    std::string exchange(const std::string& message) {
        ws.write(net::buffer(message));
        beast::flat_buffer buffer;
        ws.read(buffer);
        return beast::buffers_to_string(buffer.data());
    }

    net::io_context ioc;
    net::ssl::context ctx;
    websocket::stream<net::ssl::stream<tcp::socket>> ws;
    websocket::response_type response;
};

std::string header(const json::value& request, const std::string& name) {
    for (const auto& h : request.at("headers").as_array())
        if (wsgate::ascii::iequals(h.as_array()[0].as_string(), name)) return std::string(h.as_array()[1].as_string());
    return "(absent)";
}

}  // namespace

TEST(NginxOwnConfig, DebianProductionConfigCarriesItsWebSocketLocationUnmodified) {
    const auto dir = wsgate::testing::scratch_dir("own-debian-nginx");
    own_config_up up("nginx", debian_config, dir);
    ASSERT_TRUE(up.ready()) << up.output();
    const auto https = up.port_of("*:443 ssl");
    ASSERT_NE(https, 0) << up.output();
    EXPECT_NE(up.output().find("backend chat_nodes/10.20.0.11:3000"), std::string::npos) << up.output();

    verified_wss_client client(https, "chat.example.org", "/socket.io/?EIO=4&transport=websocket");
    EXPECT_EQ(client.exchange("hello through the user's config"), "hello through the user's config");
    const auto request = json::parse(client.exchange("wsgate:request"));
    EXPECT_TRUE(std::string(request.at("backend").as_string()).starts_with("chat_nodes/10.20.0.1")) << request;
    EXPECT_EQ(header(request, "Host"), "chat.example.org");
    EXPECT_EQ(header(request, "X-Forwarded-Proto"), "https");
    EXPECT_EQ(header(request, "Connection"), "upgrade");
    // The copy is kept with the run, and names no address outside loopback.
    std::string copy;
    for (const auto& entry : fs::recursive_directory_iterator(dir / "reports/latest/up/nginx/sandbox"))
        if (entry.path().filename() == "chat") copy = read_file(entry.path());
    EXPECT_NE(copy.find("proxy_read_timeout 3600s;"), std::string::npos) << copy;
    EXPECT_EQ(copy.find("10.20.0."), std::string::npos) << copy;
}

TEST(HaproxyOwnConfig, DebianProductionConfigCarriesItsWebSocketRouteUnmodified) {
    const auto dir = wsgate::testing::scratch_dir("own-debian-haproxy");
    own_config_up up("haproxy", wsgate::testing::source_dir() / "tests/configs/haproxy/debian-production/haproxy.cfg",
                     dir);
    ASSERT_TRUE(up.ready()) << up.output();
    const auto https = up.port_of("*:443 ssl");
    ASSERT_NE(https, 0) << up.output();
    EXPECT_NE(up.output().find("backend socketio_nodes/10.20.0.11:3000"), std::string::npos) << up.output();

    verified_wss_client client(https, "chat.example.org", "/socket.io/?EIO=4&transport=websocket");
    EXPECT_EQ(client.exchange("hello through haproxy.cfg"), "hello through haproxy.cfg");
    const auto request = json::parse(client.exchange("wsgate:request"));
    EXPECT_TRUE(std::string(request.at("backend").as_string()).starts_with("socketio_nodes/10.20.0.1")) << request;
    EXPECT_EQ(header(request, "X-Forwarded-Proto"), "https");
    EXPECT_EQ(header(request, "X-Forwarded-For"), "127.0.0.1");
    std::string copy;
    for (const auto& entry : fs::recursive_directory_iterator(dir / "reports/latest/up/haproxy/sandbox"))
        if (entry.path().filename() == "haproxy.cfg") copy = read_file(entry.path());
    EXPECT_NE(copy.find("timeout tunnel 3600s"), std::string::npos) << copy;
    EXPECT_EQ(copy.find("10.20.0."), std::string::npos) << copy;
    EXPECT_EQ(copy.find("/run/haproxy"), std::string::npos) << copy;
}

// nginx daemonises by default and the HAProxy config says `daemon`: the
// sandbox keeps each proxy (Caddy too) wsgate's child.
class OwnConfigStop : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(OwnConfigStop, CtrlCAndKillNineLeaveNothingRunning) {
    const auto [target, config] = GetParam();
    for (const int signal : {SIGINT, SIGKILL}) {
        const auto dir = wsgate::testing::scratch_dir(std::string("own-stop-") + target);
        {
            own_config_up up(target, wsgate::testing::source_dir() / "tests/configs" / config, dir);
            ASSERT_TRUE(up.ready()) << up.output();
            ASSERT_FALSE(processes_mentioning(dir / "reports").empty());
            ::kill(up.process().pid(), signal);
            ASSERT_TRUE(up.process().wait_for(stop_limit).has_value()) << "signal " << signal;
        }
        // The children stop on their own once wsgate is gone (kill -9 included).
        const auto deadline = std::chrono::steady_clock::now() + stop_limit;
        while (!processes_mentioning(dir).empty() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(50ms);
        const auto left = processes_mentioning(dir);
        EXPECT_TRUE(left.empty()) << "signal " << signal << ": " << left.front();
    }
}

INSTANTIATE_TEST_SUITE_P(Configs, OwnConfigStop,
                         ::testing::Values(std::pair{"nginx", "nginx/debian-production/nginx.conf"},
                                           std::pair{"haproxy", "haproxy/debian-production/haproxy.cfg"},
                                           std::pair{"caddy", "caddy/production/Caddyfile"}),
                         [](const auto& info) { return std::string(info.param.first); });

TEST(WsgateCerts, HostCertificatesAreSignedByTheTestCaForEveryNameGiven) {
    const auto dir = wsgate::testing::scratch_dir("certs-host");
    proc::child certs({.argv = {(wsgate::testing::bin_dir() / "wsgate").string(), "certs", "--out",
                                (dir / "pki").string(), "--host", "chat.example.org", "--host", "*.chat.example.org"},
                       .stdout_path = (dir / "out").string(),
                       .stderr_path = (dir / "out").string()});
    const auto status = certs.wait_for(stop_limit);
    ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << read_file(dir / "out");
    const auto verify = [&](const std::string& host) {
        proc::child check({.argv = {"/usr/bin/openssl", "verify", "-CAfile", (dir / "pki/ca.pem").string(),
                                    "-verify_hostname", host, (dir / "pki/chat.example.org.pem").string()},
                           .stdout_path = (dir / "verify").string(),
                           .stderr_path = (dir / "verify").string()});
        const auto s = check.wait_for(stop_limit);
        return s && WIFEXITED(*s) && WEXITSTATUS(*s) == 0;
    };
    EXPECT_TRUE(verify("chat.example.org")) << read_file(dir / "verify");
    EXPECT_TRUE(verify("eu.chat.example.org")) << read_file(dir / "verify");
    EXPECT_FALSE(verify("api.example.com"));
    EXPECT_TRUE(fs::exists(dir / "pki/chat.example.org.key"));
}

// The proxy's own check runs on the copies; what it says must point into the
// user's files, whichever include the mistake is in.
class OwnConfigRefused : public ::testing::TestWithParam<std::string> {};

TEST_P(OwnConfigRefused, ExitsWith2NamingTheIncludedFileAndLineTheUserWrote) {
    const auto dir = wsgate::testing::scratch_dir("own-refused-" + GetParam());
    fs::create_directories(dir / "etc/sites");
    std::ofstream(dir / "etc/nginx.conf") << "events {}\nhttp {\n    include sites/*;\n}\n";
    std::ofstream(dir / "etc/sites/chat") << "server {\n    listen 80;\n    bogus_directive on;\n"
                                             "    location / { proxy_pass http://10.1.1.1:80; }\n}\n";
    const auto r = wsgate::testing::run_wsgate(
        {"run", "seed/ws-echo", "--target", GetParam(), "--config", (dir / "etc/nginx.conf").string(), "--port-base",
         std::to_string(wsgate::testing::free_port_base()), "--report-dir", (dir / "reports").string()},
        dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("unknown directive \"bogus_directive\" in " + (dir / "etc/sites/chat").string() + ":3"),
              std::string::npos)
        << r.output;
    EXPECT_EQ(r.output.find("sandbox/"), std::string::npos) << r.output;
    EXPECT_TRUE(processes_mentioning(dir).empty());
}

INSTANTIATE_TEST_SUITE_P(Targets, OwnConfigRefused, ::testing::Values("nginx", "builtin"));

TEST(WsgateInspect, ListsTheConfigsWebSocketEndpointAsJsonWithItsSource) {
    const auto dir = wsgate::testing::scratch_dir("inspect-debian");
    const auto r = wsgate::testing::run_wsgate({"inspect", "--target", "nginx", "--json", "--config", debian_config.string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto found = json::parse(r.output);
    bool socketio = false;
    for (const auto& e : found.at("endpoints").as_array())
        if (e.at("url").as_string() == "wss://chat.example.org/socket.io/") {
            socketio = true;
            EXPECT_TRUE(e.at("websocket").as_bool());
            EXPECT_TRUE(std::string(e.at("source").as_string()).ends_with("sites-enabled/chat:25"));
        }
    EXPECT_TRUE(socketio) << r.output;
    EXPECT_EQ(wsgate::testing::run_wsgate({"inspect", "--target", "haproxy", "--config", debian_config.string()}, dir).exit_code, 2);
}

namespace {

// A config's folder under tests/configs copied whole into dir/etc, with one
// text of one of its files changed; returns the copy of the main file.
fs::path variant_of(const fs::path& dir, const std::string& config, const std::string& file, const std::string& from,
                    const std::string& to) {
    const auto main = wsgate::testing::source_dir() / "tests/configs" / config;
    fs::copy(main.parent_path(), dir / "etc", fs::copy_options::recursive);
    const auto changed = dir / "etc" / file;
    auto text = read_file(changed);
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error(file + " has no \"" + from + "\"");
    text.replace(at, from.size(), to);
    std::ofstream(changed) << text;
    return dir / "etc" / main.filename();
}

}  // namespace

// Each config of tests/configs on its own proxy (nginx's also on the
// reference proxy, which reads nginx syntax): green, at the endpoint the
// config itself serves.
struct gated_config {
    const char* config;  // under tests/configs
    const char* target;
    const char* endpoint;
    const char* redirect = nullptr;  // a route the config answers with a redirect
};

class OwnConfigGate : public ::testing::TestWithParam<gated_config> {};

TEST_P(OwnConfigGate, GatesGreenAtItsOwnEndpoint) {
    const auto& p = GetParam();
    const auto config = wsgate::testing::source_dir() / "tests/configs" / p.config;
    const auto dir = wsgate::testing::scratch_dir("gate-" + config.parent_path().filename().string() + "-" + p.target);
    const auto r = wsgate::testing::run_wsgate(
        {"run", "--target", p.target, "--config", config.string(), "-j", "4", "--port-base",
         std::to_string(wsgate::testing::free_port_base()), "--report-dir", (dir / "reports").string()},
        dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(std::string("endpoint ") + p.endpoint), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(std::string("framing/binary-1mib@") + p.endpoint), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(std::string("✔ config/forwarded-head@") + p.endpoint), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(" 0 failed"), std::string::npos) << r.output;
    if (p.redirect) {
        EXPECT_NE(r.output.find(std::string("✔ config/redirect@") + p.redirect), std::string::npos) << r.output;
    }
    const auto report = json::parse(read_file(dir / "reports/report.json"));
    EXPECT_FALSE(report.at("sandbox").as_array().empty());
    EXPECT_GT(report.at("totals").at("passed").as_int64(), 30);
    EXPECT_TRUE(fs::exists(dir / "reports/junit.xml"));
}

INSTANTIATE_TEST_SUITE_P(
    Configs, OwnConfigGate,
    ::testing::Values(
        gated_config{"nginx/debian-production/nginx.conf", "nginx", "wss://chat.example.org/socket.io/", "ws://chat.example.org/"},
        gated_config{"nginx/debian-production/nginx.conf", "builtin", "wss://chat.example.org/socket.io/", "ws://chat.example.org/"},
        gated_config{"nginx/plain-backup-upstream/nginx.conf", "nginx", "ws://rt.example.net:8080/ws"},
        gated_config{"nginx/plain-backup-upstream/nginx.conf", "builtin", "ws://rt.example.net:8080/ws"},
        gated_config{"nginx/five-endpoints/nginx.conf", "nginx", "wss://ops.example.com/live"},
        gated_config{"nginx/five-endpoints/nginx.conf", "builtin", "wss://ops.example.com/live"},
        gated_config{"nginx/regex-locations/nginx.conf", "nginx", "wss://apps.example.com/socket.io/", "ws://apps.example.com/"},
        gated_config{"nginx/regex-locations/nginx.conf", "builtin", "wss://apps.example.com/socket.io/", "ws://apps.example.com/"},
        gated_config{"nginx/rewrites/nginx.conf", "nginx", "ws://chat.example.com/ws/"},
        gated_config{"nginx/rewrites/nginx.conf", "builtin", "ws://chat.example.com/ws/"},
        gated_config{"haproxy/debian-production/haproxy.cfg", "haproxy", "wss://chat.example.org/socket.io/", "ws://chat.example.org/"},
        gated_config{"haproxy/acl-routing/haproxy.cfg", "haproxy", "ws://live.example.com:8080/"},
        gated_config{"haproxy/listen-sections/haproxy.cfg", "haproxy", "wss://realtime.example.io:8443/"},
        gated_config{"caddy/production/Caddyfile", "caddy", "wss://chat.example.org/socket.io/", "ws://chat.example.org/"},
        gated_config{"caddy/path-matchers/Caddyfile", "caddy", "ws://rt.example.net:8080/ws/", "ws://rt.example.net:8080/old-ws"},
        gated_config{"caddy/plain-ports/Caddyfile", "caddy", "wss://ws.example.io:9443/socket/"}),
    [](const auto& info) {
        const fs::path config = info.param.config;
        std::string name = config.parent_path().filename().string() + "_" + info.param.target;
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

// A config that does not carry the upgrade, or cuts idle tunnels, fails,
// naming the directive and its line in the user's file.
struct broken_variant {
    const char* name;
    const char* target;
    const char* config;  // under tests/configs
    const char* file;    // the file of the config's folder that changes
    const char* from;
    const char* to;
    const char* diagnosis;
    int line;            // where the diagnosis points in that file
};

class OwnConfigBroken : public ::testing::TestWithParam<broken_variant> {};

TEST_P(OwnConfigBroken, FailsWithTheDirectiveNamedAndItsLine) {
    const auto& p = GetParam();
    const auto dir = wsgate::testing::scratch_dir(std::string("gate-broken-") + p.name);
    const auto config = variant_of(dir, p.config, p.file, p.from, p.to);
    const auto r = wsgate::testing::run_wsgate(
        {"run", "--target", p.target, "--config", config.string(), "--port-base",
         std::to_string(wsgate::testing::free_port_base()), "--report-dir", (dir / "reports").string()},
        dir);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("config/websocket-endpoints"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(p.diagnosis), std::string::npos) << r.output;
    EXPECT_NE(r.output.find((dir / "etc" / p.file).string() + ":" + std::to_string(p.line)), std::string::npos)
        << r.output;
    EXPECT_TRUE(fs::exists(dir / "reports/junit.xml"));
}

constexpr const char* nginx_debian = "nginx/debian-production/nginx.conf";
constexpr const char* haproxy_debian = "haproxy/debian-production/haproxy.cfg";
constexpr const char* caddy_production = "caddy/production/Caddyfile";

INSTANTIATE_TEST_SUITE_P(
    Variants, OwnConfigBroken,
    ::testing::Values(
        broken_variant{"no-upgrade", "nginx", nginx_debian, "sites-enabled/chat", "proxy_set_header Upgrade $http_upgrade;",
                       "", "no proxy_set_header Upgrade", 25},
        broken_variant{"http10", "nginx", nginx_debian, "sites-enabled/chat", "proxy_http_version 1.1;",
                       "proxy_http_version 1.0;", "proxy_http_version is 1.0", 25},
        broken_variant{"connection-close", "nginx", nginx_debian, "sites-enabled/chat",
                       "proxy_set_header Connection $connection_upgrade;", "proxy_set_header Connection close;",
                       "Connection is not set to upgrade", 25},
        broken_variant{"short-read-timeout", "nginx", nginx_debian, "sites-enabled/chat", "proxy_read_timeout 3600s;",
                       "proxy_read_timeout 5s;", "idle tunnels are closed after 5s", 34},
        broken_variant{"regex-connection-close", "builtin", "nginx/regex-locations/nginx.conf", "nginx.conf",
                       "proxy_set_header Connection $connection_upgrade;", "proxy_set_header Connection close;",
                       "Connection is not set to upgrade", 63},
        broken_variant{"haproxy-connection-close", "haproxy", haproxy_debian, "haproxy.cfg", "\tbalance leastconn\n",
                       "\tbalance leastconn\n\thttp-request set-header Connection close\n",
                       "http-request set-header Connection close", 57},
        broken_variant{"haproxy-no-upgrade", "haproxy", haproxy_debian, "haproxy.cfg", "\toption forwardfor\n",
                       "\toption forwardfor\n\thttp-request del-header Upgrade\n", "http-request del-header Upgrade",
                       51},
        broken_variant{"haproxy-short-tunnel", "haproxy", haproxy_debian, "haproxy.cfg", "timeout tunnel 3600s",
                       "timeout tunnel 5s", "idle tunnels are closed after 5s", 57},
        broken_variant{"caddy-no-upgrade", "caddy", caddy_production, "Caddyfile", "\t\theader_up X-Real-IP {remote_host}\n",
                       "\t\theader_up X-Real-IP {remote_host}\n\t\theader_up -Upgrade\n", "header_up -Upgrade", 24},
        broken_variant{"caddy-h2c", "caddy", caddy_production, "Caddyfile", "\t\thealth_interval 10s\n",
                       "\t\thealth_interval 10s\n\t\ttransport http {\n\t\t\tversions h2c\n\t\t}\n",
                       "transport versions h2c", 30},
        broken_variant{"caddy-short-timeout", "caddy", caddy_production, "Caddyfile", "\t\thealth_interval 10s\n",
                       "\t\thealth_interval 10s\n\t\ttransport http {\n\t\t\tread_timeout 5s\n\t\t}\n",
                       "idle tunnels are closed after 5s", 30}),
    [](const auto& info) {
        std::string name = info.param.name;
        std::replace(name.begin(), name.end(), '-', '_');
        return name;
    });

// The fixture's own checks judge its rewrite rules: with "last" where the
// room location says "break", the request leaves the location before its
// X-Chat-Room is set, on nginx and on the reference proxy alike.
class OwnConfigRewrites : public ::testing::TestWithParam<std::string> {};

TEST_P(OwnConfigRewrites, AWrongFlagFailsTheCheckOfThatRule) {
    const auto dir = wsgate::testing::scratch_dir("gate-rewrites-last-" + GetParam());
    const auto config =
        variant_of(dir, "nginx/rewrites/nginx.conf", "nginx.conf", "rewrite ^ /ws/ break;", "rewrite ^ /ws/ last;");
    const auto r = wsgate::testing::run_wsgate(
        {"run", "--target", GetParam(), "--config", config.string(), "--port-base",
         std::to_string(wsgate::testing::free_port_base()), "--report-dir", (dir / "reports").string()},
        dir);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("✘ chat/room-from-path-in-header"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("✔ chat/old-socket-path-moved"), std::string::npos) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Targets, OwnConfigRewrites, ::testing::Values("nginx", "builtin"));
