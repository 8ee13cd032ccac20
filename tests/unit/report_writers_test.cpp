// The report writers: JUnit XML that CI servers accept, JSON that reads back,
// Markdown for job summaries, self-contained HTML.
#include "report/writers.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

using namespace wsgate::harness::report;

namespace {

run_result sample_run() {
    run_result run;
    run.tool_version = "0.1.0";
    run.target = "nginx";
    run.started_at = "2026-11-25T05:00:00Z";
    run.duration_ms = 1234;
    case_result ok;
    ok.id = "handshake/basic";
    ok.group = "handshake";
    ok.title = "Upgrade <works> & echoes";
    ok.requirement = "RFC 6455 §4.2.2";
    ok.duration_ms = 12;
    ok.handshake_ms = {1.0, 2.0, 3.0};
    ok.round_trip_ms = {0.5};
    ok.transcript = {{0.1, "client>proxy", "handshake-request", "GET /ws/ HTTP/1.1\r\nHost: a\r\n\r\n"}};
    case_result bad = ok;
    bad.id = "headers/host";
    bad.group = "headers";
    bad.result = outcome::failed;
    bad.steps = {{1, "connect", outcome::passed, 1, "", "", "", ""},
                 {2, "expect_handshake", outcome::failed, 2, "unexpected handshake status", "HTTP 101",
                  "HTTP/1.1 200 OK", "the backend received no Upgrade header"}};
    case_result finding = bad;
    finding.id = "tls/tls13";
    finding.group = "tls";
    finding.severity = level::informational;
    case_result skipped = ok;
    skipped.id = "timeouts/slow";
    skipped.group = "timeouts";
    skipped.result = outcome::skipped;
    skipped.skip_reason = "tagged slow";
    run.cases = {ok, bad, finding, skipped};
    return run;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST(JunitReport, HasASuitePerGroupAndCountsOnlyFailuresThatFailTheRun) {
    const auto xml = to_junit_xml(sample_run());
    EXPECT_EQ(count(xml, "<testsuite "), 4u);
    EXPECT_EQ(count(xml, "<testcase "), 4u);
    EXPECT_NE(xml.find("<testsuites name=\"wsgate\" tests=\"4\" failures=\"1\" errors=\"0\" time="),
              std::string::npos)
        << xml;
    EXPECT_EQ(count(xml, "<failure "), 1u);
    EXPECT_NE(xml.find("<skipped message=\"tagged slow\"/>"), std::string::npos);
    EXPECT_NE(xml.find("finding (informational)"), std::string::npos);
    EXPECT_NE(xml.find("likely cause: the backend received no Upgrade header"), std::string::npos);
}

TEST(JunitReport, EscapesMarkupAndControlCharacters) {
    auto run = sample_run();
    run.cases[1].steps[1].actual = "<b>\"x\" & 'y'\x01";
    const auto xml = to_junit_xml(run);
    EXPECT_NE(xml.find("&lt;b&gt;&quot;x&quot; &amp; &apos;y&apos;\\x01"), std::string::npos) << xml;
    EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(JsonReport, ReadsBackWithTotalsCasesStepsAndLatency) {
    const auto text = to_json(sample_run());
    const auto v = boost::json::parse(text);
    const auto& o = v.as_object();
    EXPECT_EQ(o.at("schema").as_string(), "wsgate-report/2");
    EXPECT_EQ(o.at("verdict").as_string(), "failed");
    EXPECT_EQ(o.at("totals").as_object().at("failed").as_int64(), 1);
    EXPECT_EQ(o.at("totals").as_object().at("findings").as_int64(), 1);
    const auto& cases = o.at("cases").as_array();
    ASSERT_EQ(cases.size(), 4u);
    EXPECT_EQ(cases[1].as_object().at("steps").as_array()[1].as_object().at("expected").as_string(), "HTTP 101");
    EXPECT_EQ(cases[2].as_object().at("level").as_string(), "informational");
    EXPECT_DOUBLE_EQ(cases[0].as_object().at("handshake_ms").as_object().at("p50").to_number<double>(), 2.0);
    EXPECT_EQ(cases[0].as_object().at("transcript").as_array()[0].as_object().at("text").as_string(),
              "GET /ws/ HTTP/1.1\r\nHost: a\r\n\r\n");
}

TEST(MarkdownReport, SeparatesFailuresFromFindings) {
    const auto md = to_markdown(sample_run());
    EXPECT_NE(md.find("## Failures"), std::string::npos);
    EXPECT_NE(md.find("## Findings"), std::string::npos);
    EXPECT_NE(md.find("`headers/host`"), std::string::npos);
    EXPECT_LT(md.find("`headers/host`"), md.find("## Findings"));
}

TEST(HtmlReport, IsSelfContainedAndEscaped) {
    const auto html = to_html(sample_run());
    EXPECT_EQ(html.find("http://"), std::string::npos) << "no external resources";
    EXPECT_EQ(html.find("<script src"), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("Upgrade &lt;works&gt; &amp; echoes"), std::string::npos);
    EXPECT_EQ(html.find("Upgrade <works>"), std::string::npos);
}

TEST(Percentile, UsesNearestRank) {
    EXPECT_DOUBLE_EQ(percentile({}, 50), 0);
    EXPECT_DOUBLE_EQ(percentile({5, 1, 3, 2, 4}, 50), 3);
    EXPECT_DOUBLE_EQ(percentile({5, 1, 3, 2, 4}, 100), 5);
    EXPECT_DOUBLE_EQ(percentile({5, 1, 3, 2, 4}, 1), 1);
}
