// One set of totals for a run: every output counts each case with
// tally_of, so console, junit.xml, report.json, summary.md and report.html
// state the same numbers; a run that stopped early still has reports; and
// what a person reads under them: logs without repeats, a latency overview
// of the cases that measure speed.
#include "report/log_excerpt.hpp"
#include "report/stopped_run.hpp"
#include "report/writers.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

using namespace wsgate::harness::report;

namespace {

case_result make_case(std::string id, outcome result, level severity) {
    case_result c;
    c.id = std::move(id);
    c.group = c.id.substr(0, c.id.find('/'));
    c.title = "title of " + c.id;
    c.requirement = "RFC 6455 §4.2.2";
    c.result = result;
    c.severity = severity;
    if (result == outcome::skipped) c.skip_reason = "applies to targets nginx";
    if (result == outcome::failed || result == outcome::error)
        c.steps = {{1, "expect_handshake", result, 2, "unexpected handshake status", "HTTP 101", "HTTP/1.1 301", ""}};
    return c;
}

// Two of each: passed, failed (required), finding (recommended and
// informational), skipped, error (one informational: errors always count).
run_result every_kind() {
    run_result run;
    run.target = "builtin";
    run.cases = {make_case("a/ok", outcome::passed, level::required),
                 make_case("a/bad", outcome::failed, level::required),
                 make_case("b/warn", outcome::failed, level::recommended),
                 make_case("b/info", outcome::failed, level::informational),
                 make_case("b/off", outcome::skipped, level::required),
                 make_case("c/broke", outcome::error, level::informational),
                 make_case("c/ok", outcome::passed, level::required),
                 make_case("c/off", outcome::skipped, level::recommended),
                 make_case("c/bad", outcome::failed, level::required),
                 make_case("c/broke2", outcome::error, level::required)};
    return run;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::size_t junit_findings(const std::string& xml) {
    static const std::regex property(R"re(<property name="findings" value="([0-9]+)"/>)re");
    std::size_t n = 0;
    for (std::sregex_iterator it(xml.begin(), xml.end(), property), end; it != end; ++it)
        n += std::stoul((*it)[1].str());
    return n;
}

}  // namespace

TEST(RunTotals, CountEachCaseOnceByItsTally) {
    const auto t = every_kind().totals();
    EXPECT_EQ(t.passed, 2u);
    EXPECT_EQ(t.failed, 2u);
    EXPECT_EQ(t.findings, 2u);
    EXPECT_EQ(t.skipped, 2u);
    EXPECT_EQ(t.errors, 2u);
    EXPECT_EQ(t.total(), every_kind().cases.size());
    EXPECT_EQ(totals_line(t), "2 passed, 2 failed, 2 findings, 2 skipped, 2 errors");
}

TEST(RunTotals, StrictTurnsRecommendedFindingsIntoFailures) {
    auto run = every_kind();
    run.strict = true;
    const auto t = run.totals();
    EXPECT_EQ(t.failed, 3u);
    EXPECT_EQ(t.findings, 1u) << "informational findings never fail a run";
}

TEST(RunTotals, AnErrorFailsTheRunWhateverItsLevel) {
    run_result run;
    run.cases = {make_case("a/ok", outcome::passed, level::required),
                 make_case("a/broke", outcome::error, level::informational)};
    EXPECT_EQ(verdict(run), "failed");
    run.cases.pop_back();
    EXPECT_EQ(verdict(run), "passed");
    run.interrupted = true;
    EXPECT_EQ(verdict(run), "interrupted");
}

TEST(RunTotals, EveryOutputStatesTheSameNumbers) {
    const auto run = every_kind();
    const auto line = totals_line(run.totals());
    EXPECT_NE(to_markdown(run).find("**failed: " + line + "**"), std::string::npos) << to_markdown(run);
    EXPECT_NE(to_html(run).find("failed</b>: " + line), std::string::npos);

    const auto json = boost::json::parse(to_json(run)).as_object();
    const auto& totals = json.at("totals").as_object();
    EXPECT_EQ(totals.at("passed").as_int64(), 2);
    EXPECT_EQ(totals.at("failed").as_int64(), 2);
    EXPECT_EQ(totals.at("findings").as_int64(), 2);
    EXPECT_EQ(totals.at("skipped").as_int64(), 2);
    EXPECT_EQ(totals.at("errors").as_int64(), 2);
    EXPECT_EQ(json.at("verdict").as_string(), "failed");

    const auto xml = to_junit_xml(run);
    EXPECT_NE(xml.find("<testsuites name=\"wsgate\" tests=\"10\" failures=\"2\" errors=\"2\""), std::string::npos)
        << xml;
    EXPECT_EQ(count(xml, "<failure "), 2u);
    EXPECT_EQ(count(xml, "<error "), 2u);
    EXPECT_EQ(count(xml, "<skipped "), 2u);
    EXPECT_EQ(count(xml, "<system-out>finding ("), 2u);
    EXPECT_EQ(junit_findings(xml), 2u);
}

TEST(RunTotals, ReportsListFailuresFirst) {
    const auto run = every_kind();
    std::vector<std::string> order;
    for (const auto* c : worst_first(run)) order.push_back(c->id);
    const std::vector<std::string> expected = {"a/bad", "c/bad", "c/broke", "c/broke2", "b/warn",
                                               "b/info", "a/ok", "c/ok", "b/off", "c/off"};
    EXPECT_EQ(order, expected);
    const auto html = to_html(run);
    EXPECT_LT(html.find("id=\"a/bad\""), html.find("id=\"a/ok\""));
    EXPECT_LT(html.find("id=\"c/broke2\""), html.find("id=\"b/warn\""));
}

TEST(StoppedRun, EachProblemThatNamesAPlaceIsAnErrorCase) {
    run_result run;
    add_stop_cases(run, stop_kind::config_error,
                   "wsgate-proxy refused the configuration:\n"
                   "wsgate-proxy: [emerg] \"if\" is not supported in /etc/nginx/nginx.conf:12\n"
                   "wsgate-proxy: [emerg] \"rewrite\" is not supported in /etc/nginx/sites/chat:3\n"
                   "wsgate-proxy: configuration file /etc/nginx/nginx.conf test failed\n");
    ASSERT_EQ(run.cases.size(), 2u);
    EXPECT_EQ(run.cases[0].id, "wsgate/config-error/1");
    EXPECT_NE(run.cases[0].title.find("/etc/nginx/nginx.conf:12"), std::string::npos);
    EXPECT_NE(run.cases[1].title.find("/etc/nginx/sites/chat:3"), std::string::npos);
    EXPECT_NE(run.cases[1].steps.at(0).actual.find("test failed"), std::string::npos) << "the whole message is kept";
    EXPECT_EQ(run.totals().errors, 2u);
    EXPECT_EQ(verdict(run), "failed");
}

TEST(StoppedRun, AMessageWithoutAPlaceIsOneCase) {
    run_result run;
    add_stop_cases(run, stop_kind::start_failure,
                   "nothing accepts connections at ws://127.0.0.1:1/ws/\nbackend b1 on 127.0.0.1:2 exited");
    ASSERT_EQ(run.cases.size(), 1u) << "a start failure is one problem whatever addresses it names";
    EXPECT_EQ(run.cases[0].id, "wsgate/start-failure");
    EXPECT_EQ(to_junit_xml(run).find("<failure "), std::string::npos);
    EXPECT_NE(to_junit_xml(run).find("<error message=\"step 1 (start-failure): nothing accepts"), std::string::npos);
}

TEST(LogExcerpt, RepeatedLinesAreShownOnceWithTheirCount) {
    const std::string log = "error.log:\n"
                            "2026/12/01 16:17:03 [warn] 28372#0: *12 upstream server temporarily disabled\n"
                            "2026/12/01 16:17:04 [warn] 28372#0: *13 upstream server temporarily disabled\n"
                            "2026/12/01 16:17:05 [error] 28372#0: *14 connect() failed (111: Connection refused)\n"
                            "2026/12/01 16:17:06 [warn] 28372#0: *15 upstream server temporarily disabled\n";
    const auto folded = condensed_log(log);
    EXPECT_NE(folded.find("temporarily disabled (x3)\n"), std::string::npos) << folded;
    EXPECT_NE(folded.find("Connection refused)\n"), std::string::npos) << folded;
    EXPECT_EQ(std::count(folded.begin(), folded.end(), '\n'), 3) << folded;
}

TEST(LogExcerpt, TheConsoleShowsEachLogLineOncePerRun) {
    shown_log_lines shown;
    const std::string first = "error.log:\n2026/12/01 16:17:03 [warn] 1#0: *1 slow\n";
    const std::string second = "error.log:\n2026/12/01 16:17:09 [warn] 1#0: *7 slow\n2026/12/01 16:17:09 [error] new\n";
    EXPECT_EQ(shown.unseen(first), first);
    const auto later = shown.unseen(second);
    EXPECT_EQ(later.find("slow"), std::string::npos) << later;
    EXPECT_NE(later.find("[error] new"), std::string::npos) << later;
    EXPECT_NE(later.find("(1 lines shown for an earlier case)"), std::string::npos) << later;
    EXPECT_EQ(shown.unseen(first), "(1 lines shown for an earlier case)") << "one line when nothing is new";
}

TEST(HtmlReport, TheLatencyOverviewLeavesOutCasesThatDelayOnPurpose) {
    auto run = every_kind();
    run.cases[0].handshake_ms = {1.0};
    run.cases[6].handshake_ms = {900.0};
    run.cases[6].tags = {"failover"};
    const auto html = to_html(run);
    EXPECT_NE(html.find("From the 1 cases that passed"), std::string::npos);
    EXPECT_EQ(html.find("900.00 ms"), std::string::npos) << "the failover case's handshake is left out";
}

TEST(LikelyCauses, FailuresThatShareACauseAreCountedUnderIt) {
    auto run = every_kind();
    for (auto* id : {"a/bad", "c/bad"})
        for (auto& c : run.cases)
            if (c.id == id) c.steps[0].diagnosis = "no Upgrade forwarded";
    const auto causes = likely_causes(run);
    ASSERT_EQ(causes.size(), 1u) << "findings and passes name no cause";
    EXPECT_EQ(causes[0], (std::pair<std::string, std::size_t>{"no Upgrade forwarded", 2}));
    EXPECT_NE(to_html(run).find("<li><b>2 cases</b>: no Upgrade forwarded</li>"), std::string::npos);
    EXPECT_NE(to_markdown(run).find("- **2 cases**: no Upgrade forwarded"), std::string::npos);
}
