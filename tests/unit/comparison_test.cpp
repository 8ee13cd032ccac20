// The comparison report: which cases differ between targets, ratios to the
// baseline, the summary a reader decides from, and the three files' content.
#include "report/comparison.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

using namespace wsgate::harness::report;

namespace {

case_result make_case(const std::string& id, outcome o, const std::string& why = {}) {
    case_result c;
    c.id = id;
    c.title = "title of " + id;
    c.result = o;
    if (o == outcome::skipped) c.skip_reason = why;
    if (o == outcome::failed) c.steps.push_back({1, "expect", outcome::failed, 0, why, "101", "502", {}});
    return c;
}

comparison two_proxies_and_direct() {
    comparison c;
    c.baseline = "nginx";
    c.repetitions = 1;
    target_run nginx{.target = "nginx"}, builtin{.target = "builtin"}, direct{.target = "direct"};
    nginx.suite.cases = {make_case("a/same", outcome::passed), make_case("a/differs", outcome::passed),
                         make_case("a/needs-backends", outcome::passed)};
    builtin.suite.cases = {make_case("a/same", outcome::passed), make_case("a/differs", outcome::failed, "status"),
                           make_case("a/needs-backends", outcome::passed)};
    direct.suite.cases = {make_case("a/same", outcome::passed), make_case("a/differs", outcome::passed),
                          make_case("a/needs-backends", outcome::skipped, "no backends")};
    nginx.load["ws"].values = {{"saturation_messages_per_second", 40000}, {"fixed_rate_p99_us", 400}};
    builtin.load["ws"].values = {{"saturation_messages_per_second", 44000}, {"fixed_rate_p99_us", 300}};
    builtin.load["ws"].errors = {{"timeout", 2}};
    c.targets = {builtin, nginx, direct};
    return c;
}

}  // namespace

TEST(ConformanceMatrix, MarksRowsWhereTargetsThatRanTheCaseDisagree) {
    const auto rows = conformance_matrix(two_proxies_and_direct());
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].id, "a/same");
    EXPECT_FALSE(rows[0].differs);
    EXPECT_TRUE(rows[1].differs);
    EXPECT_NE(rows[1].details.at("builtin").find("expected 101; got 502"), std::string::npos);
    EXPECT_FALSE(rows[2].differs) << "a skip is not a different behaviour";
    EXPECT_EQ(rows[2].details.at("direct"), "no backends");
}

TEST(LoadRatios, AreToTheBaselineOfTheSameTransportAndMetric) {
    const auto c = two_proxies_and_direct();
    EXPECT_DOUBLE_EQ(*ratio_to_baseline(c, "builtin", "ws", "saturation_messages_per_second"), 1.1);
    EXPECT_DOUBLE_EQ(*ratio_to_baseline(c, "builtin", "ws", "fixed_rate_p99_us"), 0.75);
    EXPECT_FALSE(ratio_to_baseline(c, "builtin", "wss", "saturation_messages_per_second"));
    EXPECT_FALSE(ratio_to_baseline(c, "direct", "ws", "saturation_messages_per_second"));
    auto without = c;
    without.baseline.clear();
    EXPECT_FALSE(ratio_to_baseline(without, "builtin", "ws", "saturation_messages_per_second"));
}

TEST(ComparisonJson, CarriesFiguresRatiosErrorsAndTheMatrix) {
    const auto json = boost::json::parse(comparison_json(two_proxies_and_direct())).as_object();
    const auto& builtin = json.at("targets").as_array()[0].as_object();
    EXPECT_EQ(builtin.at("name").as_string(), "builtin");
    const auto& ws = builtin.at("load").as_object().at("ws").as_object();
    EXPECT_DOUBLE_EQ(ws.at("ratio_to_baseline").as_object().at("saturation_messages_per_second").as_double(), 1.1);
    EXPECT_EQ(ws.at("errors").as_object().at("timeout").to_number<int>(), 2);
    const auto& differs = json.at("cases").as_array()[1].as_object();
    EXPECT_TRUE(differs.at("differs").as_bool());
    EXPECT_EQ(differs.at("results").as_object().at("builtin").as_string(), "failed");
}

TEST(ComparisonMarkdown, ListsOnlyDifferingCasesAndShowsRatios) {
    const auto md = comparison_markdown(two_proxies_and_direct());
    EXPECT_NE(md.find("| `a/differs` |"), std::string::npos) << md;
    EXPECT_EQ(md.find("| `a/same` |"), std::string::npos) << md;
    EXPECT_NE(md.find("2 cases gave the same result"), std::string::npos) << md;
    EXPECT_NE(md.find("44000 (1.10×)"), std::string::npos) << md;
}

TEST(ComparisonHtml, HasAChartPerMeasuredMetricAndEscapesText) {
    auto c = two_proxies_and_direct();
    c.targets[0].suite.cases[1].steps[0].message = "<script>";
    const auto html = comparison_html(c);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(html.find("aria-label=\"saturation\""), std::string::npos);
    EXPECT_NE(html.find("aria-label=\"p99 at fixed rate\""), std::string::npos);
    EXPECT_EQ(html.find("aria-label=\"handshakes\""), std::string::npos) << "no figures, no chart";
}

TEST(ComparisonSummary, LeadsWithVerdictsRankingsAndWarnings) {
    auto c = two_proxies_and_direct();
    c.targets[0].load["ws"].repetitions = {{"saturation_messages_per_second", {39000, 44000, 47000}}};
    c.targets[1].load["ws"].repetitions = {{"saturation_messages_per_second", {38000, 40000, 41000}}};
    const auto html = comparison_html(c);
    const auto summary = html.find("<h2>Summary</h2>");
    ASSERT_NE(summary, std::string::npos);
    EXPECT_LT(summary, html.find("<h2>Conformance</h2>")) << "the summary comes first";
    EXPECT_NE(html.find("<td>builtin</td><td class=\"failed\">failed</td><td class=\"n\">1</td>"), std::string::npos)
        << html.substr(summary, 1500);
    EXPECT_NE(html.find("Warning:</b> 1 repetition(s)"), std::string::npos) << "fewer than 3 repetitions";
    EXPECT_NE(html.find("builtin 44000 (39000–47000), nginx 40000 (38000–41000)"), std::string::npos)
        << html.substr(summary, 2500);
    EXPECT_NE(html.find("the spread is wider than some differences it ranks"), std::string::npos);
}
