// `wsgate` as users run it: exit codes, diagnoses, and no process left
// behind (docs/architecture.md, "Reports and exit codes").
#include "leftovers.hpp"
#include "paths.hpp"
#include "wsgate_command.hpp"
#include "wsgate/process.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
namespace proc = wsgate::proc;
namespace fs = std::filesystem;
using wsgate::testing::bin_dir;
using wsgate::testing::processes_mentioning;
using wsgate::testing::scratch_dir;
using wsgate::testing::read_file;
using wsgate::testing::run_wsgate;
using wsgate::testing::source_dir;

namespace {

std::uint16_t port_base() { return wsgate::testing::free_port_base(); }

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

class WsgateRun : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (GetParam() == "builtin" && !fs::exists(bin_dir() / "wsgate-proxy"))
            GTEST_SKIP() << "wsgate-proxy is not built";
    }
};

// Every proxy wsgate can start, each from its own seed template.
class EveryProxy : public WsgateRun {};

}  // namespace

TEST_P(EveryProxy, ServesTheSeedEchoOverWsAndWss) {
    const auto dir = scratch_dir("echo-" + GetParam());
    auto r = run_wsgate({"run", "seed/ws-echo", "seed/wss-hello-secure", "--target", GetParam(), "--port-base",
                         std::to_string(port_base()), "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("2 passed, 0 failed"), std::string::npos) << r.output;
}

TEST_P(WsgateRun, SeedCasesPassOnTheSeedConfig) {
    const auto dir = scratch_dir("seed-" + GetParam());
    auto r = run_wsgate({"run", "seed/*", "--target", GetParam(), "--port-base", std::to_string(port_base()),
                         "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(" 0 skipped, 0 errors"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("0 failed"), std::string::npos) << r.output;
}

// A config without `proxy_set_header Upgrade` is the classic mistake: the
// backend sees a plain GET and never upgrades.
TEST_P(WsgateRun, BrokenConfigFailsTheRunAndNamesTheMistake) {
    const auto dir = scratch_dir("broken-" + GetParam());
    auto r = run_wsgate({"run", "seed/ws-echo", "--target", GetParam(), "--port-base", std::to_string(port_base()),
                         "--config", (source_dir() / "tests/mutants/no-upgrade-header.conf").string(),
                         "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("✘ seed/ws-echo"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("proxy_set_header Upgrade"), std::string::npos) << r.output;
}

TEST_P(EveryProxy, TargetThatCannotStartExitsWith3AndLeavesNoProcess) {
    const auto dir = scratch_dir("nostart-" + GetParam());
    const auto base = port_base();
    // The proxy's port is taken, so the proxy cannot listen.
    const int blocker = ::socket(AF_INET, SOCK_STREAM, 0);
    // The block may hold connections of an earlier test in TIME_WAIT, which
    // the port search takes as free; a listener there still keeps the
    // proxy out.
    const int on = 1;
    ::setsockopt(blocker, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(base);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    ASSERT_EQ(::bind(blocker, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::listen(blocker, 1);
    auto r = run_wsgate({"run", "seed/ws-echo", "--target", GetParam(), "--port-base", std::to_string(base),
                         "--report-dir", (dir / "reports").string()},
                        dir);
    ::close(blocker);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("could not be started"), std::string::npos) << r.output;
    EXPECT_TRUE(processes_mentioning(dir).empty()) << processes_mentioning(dir).front();
}

TEST_P(EveryProxy, CtrlCDuringARunLeavesNoChildProcess) {
    const auto dir = scratch_dir("ctrlc-" + GetParam());
    write(dir / "scenarios/slow.yaml", R"(id: slow/sleeper
title: Holds a connection open for a while
requirement: none, a fixture
steps:
  - connect: {url: "ws://api.example.com/ws/"}
  - sleep: 20s
)");
    std::vector<std::string> argv = {(bin_dir() / "wsgate").string(), "run",   "--scenarios",
                                     (dir / "scenarios").string(),    "--target", GetParam(),
                                     "--port-base", std::to_string(port_base()), "--report-dir",
                                     (dir / "reports").string()};
    proc::child c({.argv = argv, .stdout_path = (dir / "out").string(), .stderr_path = (dir / "out").string()});
    // Interrupted once the proxy runs: its pid file exists.
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (processes_mentioning(dir / "reports/run/" / GetParam()).empty() &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    std::this_thread::sleep_for(500ms);
    ::kill(c.pid(), SIGINT);
    auto status = c.wait_for(10s);
    ASSERT_TRUE(status.has_value()) << "wsgate did not stop within 10 s of SIGINT";
    EXPECT_TRUE(WIFEXITED(*status));
    EXPECT_EQ(WEXITSTATUS(*status), 128 + SIGINT) << read_file(dir / "out");
    std::this_thread::sleep_for(300ms);
    const auto left = processes_mentioning(dir);
    EXPECT_TRUE(left.empty()) << left.front();
}

// A broken config in each proxy's language: the check's message names the
// user's file and the line of the broken directive, not the rendered copy.
std::string broken_config_for(const std::string& target) {
    if (target == "haproxy")
        return "defaults\n  mode http\nfrontend f\n  bind 127.0.0.1:{{WS_PORT}}\n  bogus_keyword here\n";
    if (target == "caddy") return "http://127.0.0.1:{{WS_PORT}} {\n  reverse_proxy {{SINGLE}}\n  bogus_directive\n}\n";
    return "events {}\nhttp {\n  server {\n    listen 127.0.0.1:{{WS_PORT}};\n    bogus_directive on;\n  }\n}\n";
}

TEST_P(EveryProxy, RefusedConfigExitsWith2NamingTheUsersFileAndLine) {
    const auto dir = scratch_dir("badconfig-" + GetParam());
    const auto config = dir / ("user-" + GetParam() + ".conf");
    write(config, broken_config_for(GetParam()));
    auto r = run_wsgate({"run", "seed/ws-echo", "--target", GetParam(), "--config", config.string(), "--port-base",
                         std::to_string(port_base()), "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    const auto line = GetParam() == "caddy" ? ":3" : ":5";
    EXPECT_NE(r.output.find(config.string() + line), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("bogus_"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("reports/run"), std::string::npos) << r.output;
    EXPECT_TRUE(processes_mentioning(dir).empty()) << processes_mentioning(dir).front();
}

// nginx's default is to daemonise: a config that says nothing (or daemon on)
// must still run as wsgate's child and be gone when wsgate exits, not leave a
// master behind listening on the next run's ports.
class NginxDaemonSetting : public ::testing::TestWithParam<const char*> {};

TEST_P(NginxDaemonSetting, RunsInTheForegroundAndLeavesNoProcess) {
    const auto dir = scratch_dir(std::string("daemon-") + (*GetParam() ? "on" : "unset"));
    std::ifstream in(source_dir() / "harness/templates/seed.conf");
    std::stringstream text;
    text << in.rdbuf();
    auto config = text.str();
    const auto daemon_line = config.find("daemon off;");
    ASSERT_NE(daemon_line, std::string::npos);
    config.replace(daemon_line, std::string("daemon off;").size(), GetParam());
    write(dir / "nginx.conf", config);
    auto r = run_wsgate({"run", "seed/ws-echo", "--target", "nginx", "--config", (dir / "nginx.conf").string(),
                         "--port-base", std::to_string(port_base()), "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto left = processes_mentioning(dir);
    EXPECT_TRUE(left.empty()) << left.front();
}

INSTANTIATE_TEST_SUITE_P(Configs, NginxDaemonSetting, ::testing::Values("", "daemon on;"));

// A Debian-shaped config includes the enabled modules (load_module paths
// relative to nginx's compiled-in prefix) and mime.types beside itself; the
// run's copy must find both as nginx finds them for the original.
TEST(NginxOwnConfig, FindsIncludesBesideTheConfigAndModulesOfTheCompiledPrefix) {
    const auto dir = scratch_dir("debian-layout");
    std::ifstream in(source_dir() / "harness/templates/seed.conf");
    std::stringstream text;
    text << in.rdbuf();
    auto config = "include /etc/nginx/modules-enabled/*.conf;\n" + text.str();
    config.replace(config.find("http {"), 6, "http {\n    include mime.types;");
    write(dir / "etc/nginx.conf", config);
    write(dir / "etc/mime.types", "types {\n    text/html html;\n}\n");
    auto r = run_wsgate({"run", "seed/ws-echo", "--target", "nginx", "--config", (dir / "etc/nginx.conf").string(),
                         "--port-base", std::to_string(port_base()), "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Targets, WsgateRun, ::testing::Values("nginx", "builtin"));
INSTANTIATE_TEST_SUITE_P(Targets, EveryProxy, ::testing::Values("nginx", "builtin", "haproxy", "caddy"));

TEST(WsgateScenarioErrors, MalformedScenarioExitsWith2NamingFileLineCaseAndStep) {
    const auto dir = scratch_dir("malformed");
    write(dir / "scenarios/bad.yaml", R"(id: bad/typo
title: A typo in a step
requirement: none, a fixture
steps:
  - connect: {url: "ws://api.example.com/ws/"}
  - expect: {text: hi, withn: 1s}
)");
    auto r = run_wsgate({"run", "--scenarios", (dir / "scenarios").string()}, dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("bad.yaml:6: case bad/typo, step 2 (expect): unknown key \"withn\""), std::string::npos)
        << r.output;
}

TEST(WsgateScenarioErrors, DuplicateIdsAreRefused) {
    const auto dir = scratch_dir("duplicate");
    const std::string text = "id: dup/one\ntitle: t\nrequirement: r\nsteps:\n  - sleep: 1ms\n";
    write(dir / "scenarios/a.yaml", text);
    write(dir / "scenarios/b.yaml", text);
    auto r = run_wsgate({"run", "--scenarios", (dir / "scenarios").string(), "--list"}, dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("case id \"dup/one\" is already used at"), std::string::npos) << r.output;
}

// The reproducer of a hang: three bytes on which yaml-cpp 0.7 loops forever,
// growing without bound. The run must end with exit 2 naming the file.
TEST(WsgateScenarioErrors, FileThatHangsTheYamlParserEndsTheRunWithExit2) {
    const auto dir = scratch_dir("yaml-hang");
    write(dir / "scenarios/hang.yaml", "&&,");
    auto r = run_wsgate({"run", "--scenarios", (dir / "scenarios").string(), "--list"}, dir, 30s);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("hang.yaml: the YAML parser did not finish within 5 s"), std::string::npos) << r.output;
}

TEST(WsgateScenarioErrors, SelectorMatchingNothingIsAUsageError) {
    const auto dir = scratch_dir("nomatch");
    auto r = run_wsgate({"run", "no-such-group/*", "--list"}, dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("matches no case"), std::string::npos) << r.output;
}

TEST(WsgateUsage, ATypoSuggestsTheNearestOptionOrCommand) {
    const auto dir = scratch_dir("typo");
    auto flag = run_wsgate({"run", "--port-bse", "31000"}, dir);
    EXPECT_EQ(flag.exit_code, 2) << flag.output;
    EXPECT_NE(flag.output.find("did you mean --port-base?"), std::string::npos) << flag.output;
    auto command = run_wsgate({"lod"}, dir);
    EXPECT_EQ(command.exit_code, 2) << command.output;
    EXPECT_NE(command.output.find("did you mean `wsgate load`?"), std::string::npos) << command.output;
    auto help = run_wsgate({"run", "--help"}, dir);
    for (const char* target : {"builtin", "nginx", "haproxy", "caddy", "direct", "url="})
        EXPECT_NE(help.output.find(target), std::string::npos) << target << "\n" << help.output;
}

TEST(WsgateList, ListsTheShippedSuite) {
    const auto dir = scratch_dir("list");
    auto r = run_wsgate({"run", "--list"}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("seed/ws-echo"), std::string::npos) << r.output;
}

// The HTML report must render in a real browser without network access.
TEST(WsgateReports, HtmlReportRendersInHeadlessChromium) {
    const fs::path chromium = "/usr/bin/chromium";
    ASSERT_TRUE(fs::exists(chromium)) << "make test installs Debian's chromium";
    const auto dir = scratch_dir("html");
    auto r = run_wsgate({"run", "seed/ws-echo", "--target", "nginx", "--port-base", std::to_string(port_base()),
                         "--report-dir", (dir / "reports").string()},
                        dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const char* file : {"junit.xml", "report.json", "summary.md", "report.html"})
        EXPECT_TRUE(fs::exists(dir / "reports" / file)) << file;
    const auto dom = dir / "dom.html";
    proc::child browser({.argv = {chromium.string(), "--headless", "--no-sandbox", "--disable-gpu",
                                  "--user-data-dir=" + (dir / "profile").string(), "--dump-dom",
                                  "file://" + (dir / "reports/report.html").string()},
                         .stdout_path = dom.string(), .stderr_path = (dir / "chromium.log").string()});
    auto status = browser.wait_for(60s);
    if (!status) browser.stop(2s);
    ASSERT_TRUE(status.has_value()) << "chromium did not finish within 60 s";
    const auto text = read_file(dom);
    EXPECT_NE(text.find("id=\"totals\""), std::string::npos) << read_file(dir / "chromium.log");
    EXPECT_NE(text.find("1 passed"), std::string::npos) << text.substr(0, 2000);
    EXPECT_NE(text.find("<svg"), std::string::npos);
}

// CI servers refuse a JUnit file that is not well-formed XML; its structure
// (testsuites > testsuite > testcase, counts) is checked by the unit tests.
TEST(WsgateReports, JunitXmlIsWellFormed) {
    const auto dir = scratch_dir("junit");
    auto r = run_wsgate({"run", "seed/*", "--target", "nginx", "--port-base", std::to_string(port_base()),
                         "--report-dir", (dir / "reports").string()},
                        dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    proc::child lint({.argv = {"/usr/bin/xmllint", "--noout", (dir / "reports/junit.xml").string()},
                      .stdout_path = (dir / "lint").string(), .stderr_path = (dir / "lint").string()});
    auto status = lint.wait_for(20s);
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(WEXITSTATUS(*status), 0) << read_file(dir / "lint");
}

// Cases that kill or stop backends each run on a topology of their own
// (another proxy and backends on a free port block) beside the others.
TEST(FaultCases, RunOnTopologiesOfTheirOwnAndLeaveNothingRunning) {
    const auto dir = scratch_dir("fault-topologies");
    auto r = run_wsgate({"run", "failover/*", "--port-base", std::to_string(port_base()), "--report-dir",
                         (dir / "reports").string()},
                        dir, 120s);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(fs::exists(dir / "reports/run-fault-0/builtin")) << r.output;
    EXPECT_TRUE(fs::exists(dir / "reports/run-fault-1/builtin")) << "two fault cases at once";
    EXPECT_NE(r.output.find("✔ failover/dead-peer-skipped-then-rejoins"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("✔ failover/all-peers-down-502-then-recovers"), std::string::npos) << r.output;
    EXPECT_TRUE(processes_mentioning(dir).empty()) << processes_mentioning(dir).front();
}

// A load case runs by itself after every other case, even one that takes
// longer than it and is listed after it: beside them it would starve them.
TEST(LoadCases, RunLastOneAtATimeWhenNothingElseRuns) {
    const auto dir = scratch_dir("load-last");
    auto r = run_wsgate({"run", "load/smoke-wss-100x20", "timeouts/traffic-resets-idle-timer", "seed/ws-echo", "-j",
                         "4", "--port-base", std::to_string(port_base()), "--report-dir", (dir / "reports").string()},
                        dir, 120s);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto load = r.output.find("✔ load/smoke-wss-100x20");
    const auto slow = r.output.find("✔ timeouts/traffic-resets-idle-timer");
    ASSERT_NE(load, std::string::npos) << r.output;
    ASSERT_NE(slow, std::string::npos) << r.output;
    EXPECT_GT(load, slow) << r.output;
}
