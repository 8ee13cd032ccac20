// `wsgate load` against the built-in proxy: short and bounded loads whose
// thresholds decide the exit code, and the JSON figures users script with.
#include "echo_process.hpp"
#include "leftovers.hpp"
#include "paths.hpp"
#include "refused_port.hpp"
#include "wsgate_command.hpp"

#include "wsgate/process.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <regex>
#include <thread>

using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

wsgate::testing::command_outcome run_load(const std::vector<std::string>& extra, const fs::path& dir) {
    std::vector<std::string> args = {"load", "--port-base", std::to_string(wsgate::testing::free_port_base()),
                                     "--duration", "1", "--warmup", "0.3"};
    args.insert(args.end(), extra.begin(), extra.end());
    return wsgate::testing::run_wsgate(args, dir, 60s, dir);
}

}  // namespace

TEST(WsgateLoad, HeldThresholdsExitZeroAndJsonHasTheFigures) {
    const auto dir = wsgate::testing::scratch_dir("load-ok");
    auto r = run_load({"--connections", "20", "--rate", "2000", "--threshold", "errors==0", "--threshold", "rate>=1000",
                       "--json", (dir / "load.json").string()},
                      dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto json = boost::json::parse(wsgate::testing::read_file(dir / "load.json"));
    const auto& o = json.as_object();
    EXPECT_EQ(o.at("connected").to_number<int>(), 20);
    EXPECT_GT(o.at("messages").to_number<double>(), 1000);
    EXPECT_TRUE(o.at("errors").as_object().empty()) << r.output;
    for (const char* key : {"p50", "p90", "p99", "p999", "max"})
        EXPECT_GT(o.at("latency_us").as_object().at(key).to_number<double>(), 0) << key;
    EXPECT_TRUE(o.contains("latency_uncorrected_us"));
    EXPECT_GT(o.at("handshake_us").as_object().at("upgrade").as_object().at("count").to_number<int>(), 0);
    EXPECT_GT(o.at("proxy_cpu_seconds").to_number<double>(), 0);
    // The kernel's high-water mark: present however short the run.
    EXPECT_GT(o.at("proxy_peak_rss_kib").to_number<double>(), 1024);
    // The generator's own load, so a reader can tell it was not the limit.
    EXPECT_GT(o.at("generator_cpu_us_per_message").to_number<double>(), 0);
    const double share = o.at("generator_core_share").to_number<double>();
    EXPECT_GT(share, 0);
    EXPECT_EQ(o.at("generator_overloaded").as_bool(), share > 0.5);
    EXPECT_NE(r.output.find("% of its "), std::string::npos) << r.output;
}

TEST(WsgateLoad, BreachedThresholdExitsOneAndSaysWhich) {
    const auto dir = wsgate::testing::scratch_dir("load-breach");
    auto r = run_load({"--connections", "5", "--rate", "500", "--threshold", "p50<1us"}, dir);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("threshold breached: p50<1us (actual "), std::string::npos) << r.output;
    EXPECT_TRUE(std::regex_search(r.output, std::regex(R"(p50<1us \(actual [0-9]+\.[0-9]{3} ms\))"))) << r.output;
}

TEST(WsgateLoad, DurationsTakeUnitsAsScenarioFilesDo) {
    const auto dir = wsgate::testing::scratch_dir("load-units");
    const auto load = [&](const std::string& duration, const std::string& warmup) {
        return wsgate::testing::run_wsgate({"load", "--port-base", std::to_string(wsgate::testing::free_port_base()),
                                            "--connections", "2", "--rate", "100", "--duration", duration,
                                            "--warmup", warmup},
                                           dir, 60s, dir);
    };
    auto r = load("800ms", "0.2s");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("warm-up 0.2 s, measure 0.8 s"), std::string::npos) << r.output;
    auto bad = load("8x", "0");
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_NE(bad.output.find("unknown unit \"x\" in 8x"), std::string::npos) << bad.output;
}

TEST(WsgateLoad, ClosedLoopOverTlsCountsNoErrors) {
    const auto dir = wsgate::testing::scratch_dir("load-tls");
    auto r = run_load({"--tls", "--closed", "--connections", "4", "--threshold", "errors==0"}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("connected 4/4"), std::string::npos) << r.output;
}

TEST(WsgateLoad, BadThresholdIsAUsageError) {
    const auto dir = wsgate::testing::scratch_dir("load-usage");
    auto r = run_load({"--threshold", "p98<5ms"}, dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("unknown metric"), std::string::npos) << r.output;
}

TEST(WsgateLoad, TwoProcessesMergeExactlyToTheUnionOfTheirAgents) {
    const auto dir = wsgate::testing::scratch_dir("load-processes");
    auto r = run_load({"--connections", "10", "--rate", "1000", "--processes", "2", "--threshold", "errors==0", "--json",
                       (dir / "merged.json").string(), "--html", (dir / "load.html").string(), "--hdr-log",
                       (dir / "load.hlog").string()},
                      dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto parse = [](const fs::path& p) { return boost::json::parse(wsgate::testing::read_file(p)).as_object(); };
    const auto merged = parse(dir / "merged.json");
    const auto a = parse(dir / "reports/load/agents/agent-0.json");
    const auto b = parse(dir / "reports/load/agents/agent-1.json");
    EXPECT_EQ(a.at("connections").to_number<int>(), 5);
    EXPECT_EQ(b.at("connections").to_number<int>(), 5);
    EXPECT_EQ(merged.at("messages").to_number<std::uint64_t>(),
              a.at("messages").to_number<std::uint64_t>() + b.at("messages").to_number<std::uint64_t>());
    EXPECT_GT(merged.at("messages").to_number<std::uint64_t>(), 500u);
    const auto count = [](const boost::json::object& o) {
        return o.at("latency_us").as_object().at("count").to_number<std::uint64_t>();
    };
    EXPECT_EQ(count(merged), count(a) + count(b));
    EXPECT_GT(merged.at("proxy_cpu_seconds").to_number<double>(), 0);
    EXPECT_GT(merged.at("proxy_peak_rss_kib").to_number<double>(), 1024);

    // The same merge by hand gives the same figures.
    auto again = wsgate::testing::run_wsgate({"merge", (dir / "reports/load/agents/agent-0.json").string(),
                                              (dir / "reports/load/agents/agent-1.json").string(), "--json",
                                              (dir / "again.json").string()},
                                             dir, 30s, dir);
    ASSERT_EQ(again.exit_code, 0) << again.output;
    const auto by_hand = parse(dir / "again.json");
    EXPECT_EQ(by_hand.at("latency_us"), merged.at("latency_us"));
    EXPECT_EQ(by_hand.at("messages"), merged.at("messages"));

    const auto html = wsgate::testing::read_file(dir / "load.html");
    EXPECT_NE(html.find("aria-label=\"Latency by percentile\""), std::string::npos);
    const auto log = wsgate::testing::read_file(dir / "load.hlog");
    EXPECT_NE(log.find("\n0.000,1.000,"), std::string::npos) << log;
}

TEST(WsgateLoad, MergeOfAFileThatIsNotAResultIsAUsageErrorNamingIt) {
    const auto dir = wsgate::testing::scratch_dir("merge-bad");
    std::ofstream(dir / "bad.json") << "{\"messages\": 3}";
    auto r = wsgate::testing::run_wsgate({"merge", (dir / "bad.json").string()}, dir, 30s, dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("bad.json: result: no \"seconds\""), std::string::npos) << r.output;
}

TEST(WsgateLoad, TlsResumeOffersTheFirstSessionToLaterConnections) {
    const auto dir = wsgate::testing::scratch_dir("load-resume");
    auto r = run_load({"--tls", "--tls-resume", "--connections", "10", "--ramp", "40", "--rate", "100", "--json",
                       (dir / "load.json").string()},
                      dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto json = boost::json::parse(wsgate::testing::read_file(dir / "load.json")).as_object();
    EXPECT_EQ(json.at("connected").to_number<int>(), 10);
    EXPECT_GE(json.at("tls_resumed").to_number<int>(), 8) << r.output;
}

// The reproducer of an abort: a count no unsigned integer holds made the
// JSON library throw out of wsgate merge (exit 134).
TEST(WsgateMerge, NegativeCountIsAUsageErrorNamingFileAndField) {
    const auto dir = wsgate::testing::scratch_dir("merge-bad");
    const auto file = dir / "agent.json";
    std::ofstream(file) << R"({"messages": -1, "seconds": 1.5})";
    const auto out = wsgate::testing::run_wsgate({"merge", file.string()}, dir, std::chrono::seconds(30));
    EXPECT_EQ(out.exit_code, 2) << out.output;
    EXPECT_NE(out.output.find(file.string() + ": result: \"messages\""), std::string::npos) << out.output;
}

// A load that never connected did not happen: exit 3, with the error class
// and what the first error said, and no latency printed as if measured.
TEST(WsgateLoadFailure, NothingListeningExitsWith3NamingTheErrorClass) {
    const auto dir = wsgate::testing::scratch_dir("load-refused");
    const wsgate::testing::refused_port nothing;
    const auto url = "ws://127.0.0.1:" + std::to_string(nothing.port()) + "/ws/";
    auto r = wsgate::testing::run_wsgate(
        {"load", "--url", url, "--connections", "5", "--duration", "1", "--warmup", "0"}, dir, 60s, dir);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("no connection could be established to " + url + ": refused=5"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("refused: Connection refused"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("latency: no echo was measured"), std::string::npos) << r.output;
}

// --url wss:// verifies the certificate by default (the system's CA store,
// which does not hold the test CA); --ca trusts a private CA, --insecure
// trusts nothing and says so.
TEST(WsgateLoadFailure, UntrustedCertificateFailsWithTheReasonAndPassesWithCaOrInsecure) {
    const auto dir = wsgate::testing::scratch_dir("load-untrusted");
    const auto pki = wsgate::testing::pki_dir();
    const auto port = wsgate::testing::free_port();
    wsgate::testing::echo_process backend({"--listen", "127.0.0.1:" + std::to_string(port) + "=secure,tls",
                                           "--tls-cert", (pki / "server.pem").string(), "--tls-key",
                                           (pki / "server.key").string()});
    const auto load = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = {"load", "--url", "wss://127.0.0.1:" + std::to_string(port) + "/",
                                         "--host", "localhost", "--connections", "3", "--rate", "60",
                                         "--duration", "1", "--warmup", "0"};
        args.insert(args.end(), extra.begin(), extra.end());
        return wsgate::testing::run_wsgate(args, dir, 60s, dir);
    };
    auto untrusted = load({});
    EXPECT_EQ(untrusted.exit_code, 3) << untrusted.output;
    EXPECT_NE(untrusted.output.find("tls: certificate verify failed"), std::string::npos) << untrusted.output;
    EXPECT_NE(untrusted.output.find("unable to get local issuer certificate"), std::string::npos) << untrusted.output;

    auto trusted = load({"--ca", (pki / "ca.pem").string(), "--threshold", "errors==0"});
    EXPECT_EQ(trusted.exit_code, 0) << trusted.output;
    EXPECT_NE(trusted.output.find("connected 3/3"), std::string::npos) << trusted.output;

    auto insecure = load({"--insecure", "--threshold", "errors==0"});
    EXPECT_EQ(insecure.exit_code, 0) << insecure.output;
    EXPECT_NE(insecure.output.find("WARNING: --insecure: the server's certificate is NOT verified"), std::string::npos)
        << insecure.output;

    auto both = load({"--insecure", "--ca", (pki / "ca.pem").string()});
    EXPECT_EQ(both.exit_code, 2) << both.output;
}

TEST(WsgateLoad, HtmlPageNamesTheCommandDateVersionAndThresholds) {
    const auto dir = wsgate::testing::scratch_dir("load-html");
    auto r = run_load({"--connections", "2", "--rate", "100", "--threshold", "errors==0", "--threshold", "p99<1us",
                       "--html", (dir / "load.html").string()},
                      dir);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    const auto page = wsgate::testing::read_file(dir / "load.html");
    EXPECT_NE(page.find("wsgate load --port-base"), std::string::npos) << "the command line as typed";
    EXPECT_TRUE(std::regex_search(page, std::regex("measured from 20[0-9]{2}-[0-9]{2}-[0-9]{2}T"))) << page.substr(0, 600);
    EXPECT_NE(page.find("<code>errors==0</code></td><td class=\"passed\">held"), std::string::npos);
    EXPECT_NE(page.find("<code>p99&lt;1us</code></td><td class=\"failed\">breached (actual "), std::string::npos);
}

// One time axis for every chart of load.html, shaded by phase, and the
// phase boundaries in the JSON: a ramp of 10 connections at 20/s lasts 0.5 s.
TEST(WsgateLoad, PhasesShareOneTimeAxisInJsonAndHtml) {
    const auto dir = wsgate::testing::scratch_dir("load-phases");
    auto r = run_load({"--connections", "10", "--ramp", "20", "--rate", "200", "--json", (dir / "load.json").string(),
                       "--html", (dir / "load.html").string()},
                      dir);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto json = boost::json::parse(wsgate::testing::read_file(dir / "load.json")).as_object();
    const auto& phases = json.at("phases").as_object();
    EXPECT_NEAR(phases.at("ramp_until_s").to_number<double>(), 0.5, 0.01);
    EXPECT_NEAR(phases.at("measure_from_s").to_number<double>(), 0.8, 0.01);
    EXPECT_NEAR(phases.at("measure_until_s").to_number<double>(), 1.8, 0.2);
    EXPECT_GT(phases.at("ended_s").to_number<double>(), phases.at("measure_until_s").to_number<double>());
    const auto page = wsgate::testing::read_file(dir / "load.html");
    for (const char* phase : {"<title>ramp<", "<title>warm-up<", "<title>measure<", "<title>drain<"})
        EXPECT_NE(page.find(phase), std::string::npos) << phase;
    // The three time charts draw their bands at the same places.
    const std::regex measure_band(R"re(<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"[^>]*><title>measure)re");
    std::vector<std::string> bands;
    for (auto it = std::sregex_iterator(page.begin(), page.end(), measure_band); it != std::sregex_iterator(); ++it)
        bands.push_back((*it)[1].str() + "+" + (*it)[2].str());
    ASSERT_EQ(bands.size(), 3u) << page;
    EXPECT_EQ(bands[0], bands[1]);
    EXPECT_EQ(bands[1], bands[2]);
}

// Ctrl-C in the middle of the measurement: every output says the figures
// cover only the part that ran, the exit code is 128 + SIGINT, and the
// proxy and backends wsgate started are gone.
TEST(WsgateLoad, CtrlCDuringMeasurementMarksThePartialResultEverywhere) {
    const auto dir = wsgate::testing::scratch_dir("load-ctrlc");
    const std::vector<std::string> argv = {(wsgate::testing::bin_dir() / "wsgate").string(),
                                           "load",
                                           "--port-base",
                                           std::to_string(wsgate::testing::free_port_base()),
                                           "--connections",
                                           "4",
                                           "--rate",
                                           "200",
                                           "--duration",
                                           "60s",
                                           "--warmup",
                                           "0.5s",
                                           "--json",
                                           (dir / "load.json").string(),
                                           "--html",
                                           (dir / "load.html").string()};
    wsgate::proc::child c({.argv = argv,
                           .stdout_path = (dir / "out").string(),
                           .stderr_path = (dir / "out").string(),
                           .working_dir = dir.string()});
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (wsgate::testing::read_file(dir / "out").find("s measure") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    ASSERT_NE(wsgate::testing::read_file(dir / "out").find("s measure"), std::string::npos)
        << wsgate::testing::read_file(dir / "out");
    ::kill(c.pid(), SIGINT);
    const auto status = c.wait_for(30s);
    ASSERT_TRUE(status.has_value()) << "wsgate load did not stop within 30 s of SIGINT";
    const auto out = wsgate::testing::read_file(dir / "out");
    ASSERT_TRUE(WIFEXITED(*status)) << out;
    EXPECT_EQ(WEXITSTATUS(*status), 128 + SIGINT) << out;
    EXPECT_NE(out.find("interrupted: the figures below cover only the part of the load that ran"), std::string::npos)
        << out;
    const auto json = boost::json::parse(wsgate::testing::read_file(dir / "load.json")).as_object();
    EXPECT_TRUE(json.at("interrupted").as_bool());
    EXPECT_LT(json.at("seconds").to_number<double>(), 30);
    EXPECT_GT(json.at("messages").to_number<double>(), 0);
    EXPECT_LT(json.at("phases").as_object().at("measure_until_s").to_number<double>(), 30);
    EXPECT_NE(wsgate::testing::read_file(dir / "load.html").find("<b>interrupted</b>"), std::string::npos);
    std::this_thread::sleep_for(300ms);
    const auto left = wsgate::testing::processes_mentioning(dir);
    EXPECT_TRUE(left.empty()) << left.front();
}
