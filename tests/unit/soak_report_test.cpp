// The soak's verdict per attack and victim, and its two reports: a crash, a
// legitimate failure or an open-file leak fails a row, and the Markdown table
// and JSON say so with the same figures.
#include "soak/attack.hpp"
#include "soak/soak_report.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

using namespace wsgate::soak;

namespace {

soak_row survived() {
    soak_row r;
    r.attack = "slowloris";
    r.victim = "builtin";
    r.attack_connections = 300;
    r.legit_messages = 600;
    r.fds = {12, 328, 12};
    r.rss_kib = {9772, 11772, 11772};
    return r;
}

}  // namespace

TEST(SoakVerdict, AVictimThatKeptServingAndReleasedItsFilesSurvived) {
    EXPECT_TRUE(survived().passed());
    EXPECT_EQ(failure_reasons(survived()), "");
}

TEST(SoakVerdict, ACrashALegitimateFailureOrALeakEachFailTheRow) {
    auto crashed = survived();
    crashed.crash = "killed by SIGSEGV";
    auto lost = survived();
    lost.legit_failures = 3;
    lost.first_legit_failure = "probe's upgrade got no answer";
    auto leaked = survived();
    leaked.fd_leak = true;
    leaked.fds.after = 40;
    for (const auto& r : {crashed, lost, leaked}) EXPECT_FALSE(r.passed());
    EXPECT_EQ(failure_reasons(crashed), "crashed: killed by SIGSEGV");
    EXPECT_EQ(failure_reasons(lost), "legitimate failures: 3 (probe's upgrade got no answer)");
    EXPECT_EQ(failure_reasons(leaked), "open files 40 after, 12 before the attack");
}

TEST(SoakVerdict, ASkippedRowNeitherPassesOnFiguresNorFails) {
    soak_row r;
    r.attack = "tls-garbage";
    r.victim = "wsgate-echo";
    r.skipped = "no TLS listener";
    EXPECT_TRUE(r.passed());
    EXPECT_NE(markdown_table({r}).find("skipped (no TLS listener)"), std::string::npos);
}

TEST(SoakReport, TableAndJsonCarryTheSameVerdictAndFigures) {
    auto failed = survived();
    failed.victim = "wsgate-echo";
    failed.legit_failures = 2;
    failed.first_legit_failure = "load: timeout=2";
    const auto table = markdown_table({survived(), failed});
    EXPECT_NE(table.find("| slowloris | builtin | survived | 300 |"), std::string::npos) << table;
    EXPECT_NE(table.find("| slowloris | wsgate-echo | FAILED |"), std::string::npos) << table;
    EXPECT_NE(table.find("12 / 328 / 12"), std::string::npos) << table;
    const auto json = boost::json::serialize(to_json("builtin", {survived(), failed}));
    EXPECT_NE(json.find(R"("result":"survived")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("result":"failed")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"j("reasons":"legitimate failures: 2 (load: timeout=2)")j"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("fds":{"before":12,"peak":328,"after":12})"), std::string::npos) << json;
}

TEST(SoakAttacks, EveryAttackHasANameAndIsFoundByIt) {
    ASSERT_GE(attacks().size(), 10u);
    for (const auto& a : attacks()) {
        EXPECT_FALSE(a.name.empty());
        EXPECT_EQ(find_attack(a.name), &a);
    }
    EXPECT_EQ(find_attack("no-such-attack"), nullptr);
}
