// worker_connections as nginx 1.22 enforces it, on nginx and on
// wsgate-proxy alike: the worker's listening sockets and its channel to the
// master hold one each, a tunnel holds two (client and upstream), and a
// connection beyond the limit is closed at once with "N worker_connections
// are not enough" in the error log; a closed tunnel gives its two back.
#include "paths.hpp"
#include "wsgate_command.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

namespace fs = std::filesystem;
using wsgate::testing::read_file;
using wsgate::testing::source_dir;

namespace {

// Two listeners and the channel leave 6 of 9: three tunnels.
constexpr const char* limited = "worker_connections 9";

constexpr const char* scenario = R"(id: limits/worker-connections-closes-beyond-the-limit
title: Three tunnels fill nine worker_connections; a fourth client is closed; one ends and a new one fits
requirement: "nginx: worker_connections counts listening sockets, the master channel, and both ends of a tunnel"
steps:
  - connect_many: {url: "ws://api.example.com/ws/", count: 3, prefix: held}
  - connect: {url: "ws://api.example.com/ws/", as: over}
  - expect_handshake: {as: over, fails: ""}
  - send: {as: held1, close: 1000}
  - expect: {as: held1, close: 1000, within: 2s}
  - sleep: 300ms
  - connect: {url: "ws://api.example.com/ws/", as: again}
  - expect_handshake: {as: again, status: 101}
)";

}  // namespace

class WorkerConnections : public ::testing::TestWithParam<std::string> {};

TEST_P(WorkerConnections, ClosesTheConnectionBeyondTheLimitAndSaysSo) {
    const auto dir = wsgate::testing::scratch_dir("worker-connections-" + GetParam());
    auto config = read_file(source_dir() / "harness/templates/seed.conf");
    config = std::regex_replace(config, std::regex(R"(worker_connections \d+)"), limited);
    std::ofstream(dir / "limited.conf") << config;
    fs::create_directories(dir / "scenarios");
    std::ofstream(dir / "scenarios/limits.yaml") << scenario;
    const auto r = wsgate::testing::run_wsgate({"run", "--scenarios", (dir / "scenarios").string(), "--target", GetParam(),
                                                "--config", (dir / "limited.conf").string(), "--port-base",
                                                std::to_string(wsgate::testing::free_port_base()), "--report-dir",
                                                (dir / "reports").string()},
                                               dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto log = read_file(dir / "reports/run" / GetParam() / "error.log");
    EXPECT_NE(log.find("9 worker_connections are not enough"), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(Proxies, WorkerConnections, ::testing::Values("nginx", "builtin"));
