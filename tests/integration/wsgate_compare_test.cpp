// `wsgate compare` as users run it: the suite and a short load against two
// targets, one report with a conformance matrix and ratios to nginx.
#include "paths.hpp"
#include "wsgate_command.hpp"

#include "wsgate/address.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using wsgate::testing::read_file;
using wsgate::testing::run_wsgate;
using wsgate::testing::scratch_dir;

namespace {

// Two targets take two port blocks, base and base + 20.
std::uint16_t two_target_port_base() {
    for (int attempt = 0; attempt < 50; ++attempt) {
        const auto base = wsgate::testing::free_port_base();
        bool free = true;
        for (std::uint16_t offset = 20; offset < 34; ++offset)
            free = free && wsgate::can_bind("127.0.0.1", static_cast<std::uint16_t>(base + offset));
        for (const char* host : {"127.0.0.10", "127.0.0.11", "127.0.0.12"})
            free = free && wsgate::can_bind(host, static_cast<std::uint16_t>(base + 23));
        if (free) return base;
    }
    throw std::runtime_error("no two free port blocks");
}

}  // namespace

TEST(WsgateCompare, BuiltinAgainstNginxWritesTheMatrixAndTheLoadRatios) {
    const auto dir = scratch_dir("compare");
    auto r = run_wsgate({"compare", "--targets", "builtin,nginx", "--suite", "seed/ws-echo,seed/ws-without-trailing-slash",
                         "--load", "saturation,connections", "--idle-connections", "50", "--seconds", "1",
                         "--warmup", "0.3", "--repetitions", "2", "--port-base",
                         std::to_string(two_target_port_base()), "--report-dir", (dir / "cmp").string()},
                        dir, 180s);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const char* file : {"compare.json", "compare.md", "compare.html", "builtin/report.html", "nginx/junit.xml"})
        EXPECT_TRUE(fs::exists(dir / "cmp" / file)) << file;

    const auto json = boost::json::parse(read_file(dir / "cmp/compare.json")).as_object();
    EXPECT_EQ(json.at("baseline").as_string(), "nginx");
    EXPECT_EQ(json.at("repetitions").to_number<int>(), 2);
    const auto& targets = json.at("targets").as_array();
    ASSERT_EQ(targets.size(), 2u);
    for (const auto& t : targets) {
        const auto& o = t.as_object();
        EXPECT_EQ(o.at("suite").as_object().at("passed").to_number<int>(), 1) << o.at("name").as_string();
        for (const char* transport : {"ws", "wss"}) {
            const auto& load = o.at("load").as_object().at(transport).as_object();
            EXPECT_GT(load.at("figures").as_object().at("saturation_messages_per_second").to_number<double>(), 100);
            EXPECT_GT(load.at("figures").as_object().at("handshakes_per_second").to_number<double>(), 0);
            EXPECT_EQ(load.at("repetitions").as_object().at("saturation_messages_per_second").as_array().size(), 2u);
            EXPECT_TRUE(load.at("errors").as_object().empty()) << transport;
        }
    }
    const auto& builtin_ws = targets[0].as_object().at("load").as_object().at("ws").as_object();
    EXPECT_GT(builtin_ws.at("ratio_to_baseline").as_object().at("saturation_messages_per_second").to_number<double>(), 0);

    const auto& cases = json.at("cases").as_array();
    ASSERT_EQ(cases.size(), 2u);
    const auto md = read_file(dir / "cmp/compare.md");
    EXPECT_NE(md.find("| `builtin` |"), std::string::npos) << md;
    EXPECT_NE(md.find("×)"), std::string::npos) << md;
    const auto html = read_file(dir / "cmp/compare.html");
    EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST(WsgateCompare, UnknownTargetOrProfileIsAUsageError) {
    const auto dir = scratch_dir("compare-usage");
    auto r = run_wsgate({"compare", "--targets", "builtin,apache"}, dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("unknown target \"apache\""), std::string::npos) << r.output;
    r = run_wsgate({"compare", "--targets", "builtin", "--load", "soak"}, dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("unknown load profile \"soak\""), std::string::npos) << r.output;
}
