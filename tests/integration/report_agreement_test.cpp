// The outputs of one run tell the same story: the console's last line,
// junit.xml, report.json, summary.md and report.html state the same totals,
// and every exit (1, 2 and 3 included) leaves all of them for a CI server;
// a url= target is reached with the deployment's own CA and name.
#include "leftovers.hpp"
#include "paths.hpp"
#include "refused_port.hpp"
#include "wsgate_command.hpp"
#include "wsgate/process.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <regex>
#include <thread>

namespace fs = std::filesystem;
using wsgate::testing::processes_mentioning;
using wsgate::testing::read_file;
using wsgate::testing::run_wsgate;
using wsgate::testing::scratch_dir;

namespace {

// One case of each kind a run counts (a pass, a required failure, an
// informational finding, a skip) against the seed template on builtin.
constexpr const char* mixed_cases = R"(id: mix/passes
title: An echo through /ws/
requirement: "fixture: an echo"
steps:
  - connect: {url: "ws://api.example.com/ws/"}
  - send: {text: Hello}
  - expect: {text: Hello, within: 1s}
---
id: mix/fails
title: An echo that expects another text
requirement: "fixture: a required failure"
steps:
  - connect: {url: "ws://api.example.com/ws/"}
  - send: {text: Hello}
  - expect: {text: Goodbye, within: 1s}
---
id: mix/finding
title: An informational check that does not hold
requirement: "fixture: a finding"
level: informational
steps:
  - connect: {url: "ws://api.example.com/ws/"}
  - expect_handshake: {status: 200}
---
id: mix/skipped
title: A case for haproxy only
requirement: "fixture: a skip"
targets: [haproxy]
steps:
  - connect: {url: "ws://api.example.com/ws/"}
)";

struct stated_totals {
    long passed = -1, failed = -1, findings = -1, skipped = -1, errors = -1;
    bool operator==(const stated_totals&) const = default;
};

std::ostream& operator<<(std::ostream& out, const stated_totals& t) {
    return out << t.passed << " passed, " << t.failed << " failed, " << t.findings << " findings, " << t.skipped
               << " skipped, " << t.errors << " errors";
}

// The totals line as the console, summary.md and report.html write it.
stated_totals from_line(const std::string& text) {
    static const std::regex line(
        R"(([0-9]+) passed, ([0-9]+) failed, ([0-9]+) findings?, ([0-9]+) skipped, ([0-9]+) errors?)");
    std::smatch m;
    if (!std::regex_search(text, m, line)) return {};
    return {std::stol(m[1]), std::stol(m[2]), std::stol(m[3]), std::stol(m[4]), std::stol(m[5])};
}

stated_totals from_json(const fs::path& file) {
    const auto t = boost::json::parse(read_file(file)).as_object().at("totals").as_object();
    return {t.at("passed").as_int64(), t.at("failed").as_int64(), t.at("findings").as_int64(),
            t.at("skipped").as_int64(), t.at("errors").as_int64()};
}

long count(const std::string& text, const std::string& what) {
    long n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// junit.xml counts: failures and errors from <testsuites>, skipped and
// findings from the elements, passed as what remains of tests.
stated_totals from_junit(const fs::path& file) {
    const auto xml = read_file(file);
    std::smatch m;
    static const std::regex head(R"re(<testsuites name="wsgate" tests="([0-9]+)" failures="([0-9]+)" errors="([0-9]+)")re");
    if (!std::regex_search(xml, m, head)) return {};
    stated_totals t;
    t.failed = std::stol(m[2]);
    t.errors = std::stol(m[3]);
    t.skipped = count(xml, "<skipped ");
    t.findings = count(xml, "<system-out>finding (");
    t.passed = std::stol(m[1]) - t.failed - t.errors - t.skipped - t.findings;
    return t;
}

// Every output's totals, expected to agree with want.
void expect_every_output_states(const fs::path& reports, const std::string& console, const stated_totals& want) {
    EXPECT_EQ(from_line(console), want) << console;
    EXPECT_EQ(from_line(read_file(reports / "summary.md")), want) << "summary.md";
    EXPECT_EQ(from_line(read_file(reports / "report.html")), want) << "report.html";
    EXPECT_EQ(from_json(reports / "report.json"), want) << "report.json";
    EXPECT_EQ(from_junit(reports / "junit.xml"), want) << read_file(reports / "junit.xml");
}

}  // namespace

TEST(ReportsAgree, EveryOutputStatesTheSameTotalsForPassFailFindingAndSkip) {
    const auto dir = scratch_dir("agree");
    fs::create_directories(dir / "scenarios/mix");
    std::ofstream(dir / "scenarios/mix/cases.yaml") << mixed_cases;
    auto r = run_wsgate({"run", "--scenarios", (dir / "scenarios").string(), "--port-base",
                         std::to_string(wsgate::testing::free_port_base()), "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("failed: 1 passed, 1 failed, 1 finding, 1 skipped, 0 errors"), std::string::npos)
        << r.output;
    expect_every_output_states(dir / "reports", r.output.substr(r.output.rfind("failed: ")), {1, 1, 1, 1, 0});
}

TEST(ReportsOnEveryExit, ARefusedConfigLeavesAnErrorCaseNamingTheUsersFileAndLine) {
    const auto dir = scratch_dir("exit2-config");
    std::ofstream(dir / "my.conf") << "events {}\nhttp {\n  server {\n    listen 80;\n    bogus_directive on;\n  }\n}\n";
    auto r = run_wsgate({"run", "--config", (dir / "my.conf").string(), "--port-base",
                         std::to_string(wsgate::testing::free_port_base()), "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    expect_every_output_states(dir / "reports", r.output, {0, 0, 0, 0, 1});
    const auto junit = read_file(dir / "reports/junit.xml");
    EXPECT_NE(junit.find("name=\"wsgate/config-error\""), std::string::npos) << junit;
    EXPECT_NE(junit.find((dir / "my.conf").string() + ":5"), std::string::npos) << junit;
    EXPECT_TRUE(processes_mentioning(dir).empty()) << processes_mentioning(dir).front();
}

TEST(ReportsOnEveryExit, AMalformedScenarioLeavesAnErrorCaseNamingFileCaseAndStep) {
    const auto dir = scratch_dir("exit2-scenario");
    fs::create_directories(dir / "scenarios/bad");
    std::ofstream(dir / "scenarios/bad/typo.yaml")
        << "id: bad/typo\ntitle: t\nrequirement: r\nsteps:\n  - expect: {text: hi, withn: 1s}\n";
    auto r = run_wsgate({"run", "--scenarios", (dir / "scenarios").string(), "--report-dir",
                         (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    expect_every_output_states(dir / "reports", r.output, {0, 0, 0, 0, 1});
    const auto junit = read_file(dir / "reports/junit.xml");
    EXPECT_NE(junit.find("typo.yaml:5: case bad/typo, step 1 (expect)"), std::string::npos) << junit;
}

TEST(ReportsOnEveryExit, NothingListeningAtTheTargetLeavesTheStartFailure) {
    const auto dir = scratch_dir("exit3");
    const wsgate::testing::refused_port nothing;
    auto r = run_wsgate({"run", "seed/ws-echo", "--target", "url=ws://127.0.0.1:" + std::to_string(nothing.port()) + "/ws/",
                         "--report-dir", (dir / "reports").string()},
                        dir);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    expect_every_output_states(dir / "reports", r.output, {0, 0, 0, 0, 1});
    const auto junit = read_file(dir / "reports/junit.xml");
    EXPECT_NE(junit.find("name=\"wsgate/start-failure\""), std::string::npos) << junit;
    EXPECT_NE(junit.find("nothing accepts connections"), std::string::npos) << junit;
}

// A deployment wsgate did not start, with its own CA and host name: here a
// wsgate up of the seed, whose certificate names api.example.com, reached
// by a case written for another name.
TEST(UrlTarget, CaAndHostReachADeploymentWithItsOwnCaAndName) {
    const auto dir = scratch_dir("url-ca");
    fs::create_directories(dir / "scenarios/remote");
    std::ofstream(dir / "scenarios/remote/echo.yaml")
        << "id: remote/echo\ntitle: An echo over wss\nrequirement: \"fixture: an echo\"\nsteps:\n"
           "  - connect: {url: \"wss://other.example.net/wss\"}\n  - expect_handshake: {status: 101}\n"
           "  - send: {text: hi}\n  - expect: {text: hi, within: 1s}\n";
    const auto base = wsgate::testing::free_port_base();
    wsgate::proc::child up({.argv = {(wsgate::testing::bin_dir() / "wsgate").string(), "up", "--port-base",
                                     std::to_string(base)},
                            .stdout_path = (dir / "up.out").string(),
                            .stderr_path = (dir / "up.out").string(),
                            .working_dir = dir.string()});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (read_file(dir / "up.out").find("Press Ctrl-C") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto run = [&](std::vector<std::string> extra, const std::string& name) {
        std::vector<std::string> args = {"run", "--scenarios", (dir / "scenarios").string(), "--target",
                                         "url=wss://127.0.0.1:" + std::to_string(base + 1) + "/wss", "--report-dir",
                                         (dir / name).string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_wsgate(args, dir);
    };
    const auto ca = (wsgate::testing::pki_dir() / "ca.pem").string();
    const auto named = run({"--ca", ca, "--host", "api.example.com"}, "named");
    EXPECT_EQ(named.exit_code, 0) << named.output;
    const auto unnamed = run({"--ca", ca}, "unnamed");
    EXPECT_EQ(unnamed.exit_code, 1) << "the certificate does not name other.example.net\n" << unnamed.output;
    const auto insecure = run({"--insecure"}, "insecure");
    EXPECT_EQ(insecure.exit_code, 0) << insecure.output;
    EXPECT_NE(insecure.output.find("WARNING: --insecure"), std::string::npos) << insecure.output;
    const auto started = run_wsgate({"run", "seed/ws-echo", "--ca", ca, "--report-dir", (dir / "r3").string()}, dir);
    EXPECT_EQ(started.exit_code, 2) << started.output;
    EXPECT_NE(started.output.find("are for --target url="), std::string::npos) << started.output;
    ::kill(up.pid(), SIGINT);
    up.wait_for(std::chrono::seconds(10));
}
