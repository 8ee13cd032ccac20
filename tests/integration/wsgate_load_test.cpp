// `wsgate load` against the built-in proxy: short and bounded loads whose
// thresholds decide the exit code, and the JSON figures users script with.
#include "paths.hpp"
#include "wsgate_command.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

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
}

TEST(WsgateLoad, BreachedThresholdExitsOneAndSaysWhich) {
    const auto dir = wsgate::testing::scratch_dir("load-breach");
    auto r = run_load({"--connections", "5", "--rate", "500", "--threshold", "p50<1us"}, dir);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("threshold breached: p50<1us"), std::string::npos) << r.output;
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
