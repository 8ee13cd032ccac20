#include "report/writers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace wsgate::harness::report {

namespace json = boost::json;

std::string outcome_name(outcome o) {
    switch (o) {
        case outcome::passed: return "passed";
        case outcome::failed: return "failed";
        case outcome::skipped: return "skipped";
        case outcome::error: return "error";
    }
    return "error";
}

std::string level_name(level l) {
    switch (l) {
        case level::required: return "required";
        case level::recommended: return "recommended";
        case level::informational: return "informational";
    }
    return "required";
}

namespace {

json::string text(std::string_view s) { return json::string(valid_utf8(s)); }

json::object latency(const std::vector<double>& samples) {
    json::array raw;
    for (double v : samples) raw.push_back(v);
    return {{"count", samples.size()},
            {"p50", percentile(samples, 50)},
            {"p90", percentile(samples, 90)},
            {"p99", percentile(samples, 99)},
            {"max", percentile(samples, 100)},
            {"samples", std::move(raw)}};
}

json::object logs(const std::map<std::string, std::string>& l) {
    json::object o;
    for (const auto& [name, log] : l) o[valid_utf8(name)] = text(log);
    return o;
}

}  // namespace

std::string to_json(const run_result& run) {
    json::array cases;
    for (const auto& c : run.cases) {
        json::array steps;
        for (const auto& s : c.steps)
            steps.push_back(json::object{{"index", s.index},
                                         {"name", text(s.name)},
                                         {"result", outcome_name(s.result)},
                                         {"duration_ms", s.duration_ms},
                                         {"message", text(s.message)},
                                         {"expected", text(s.expected)},
                                         {"actual", text(s.actual)},
                                         {"diagnosis", text(s.diagnosis)}});
        json::array transcript;
        for (const auto& t : c.transcript)
            transcript.push_back(json::object{
                {"at_ms", t.at_ms}, {"direction", text(t.direction)}, {"kind", text(t.kind)}, {"text", text(t.text)}});
        json::array tags;
        for (const auto& t : c.tags) tags.push_back(text(t));
        cases.push_back(json::object{{"id", text(c.id)},
                                     {"group", text(c.group)},
                                     {"title", text(c.title)},
                                     {"requirement", text(c.requirement)},
                                     {"level", level_name(c.severity)},
                                     {"tags", std::move(tags)},
                                     {"file", text(c.file)},
                                     {"result", outcome_name(c.result)},
                                     {"counted_as", tally_name(tally_of(c, run.strict))},
                                     {"skip_reason", text(c.skip_reason)},
                                     {"duration_ms", c.duration_ms},
                                     {"steps", std::move(steps)},
                                     {"transcript", std::move(transcript)},
                                     {"handshake_ms", latency(c.handshake_ms)},
                                     {"round_trip_ms", latency(c.round_trip_ms)},
                                     {"logs", logs(c.logs)}});
    }
    json::array sandbox;
    for (const auto& row : run.sandbox)
        sandbox.push_back(json::object{{"kind", text(row.kind)},
                                       {"original", text(row.original)},
                                       {"now", text(row.now)},
                                       {"source", text(row.source)}});
    const auto t = run.totals();
    json::object root{{"schema", "wsgate-report/2"},
                      {"tool_version", text(run.tool_version)},
                      {"target", text(run.target)},
                      {"config", text(run.config_path)},
                      {"sandbox", std::move(sandbox)},
                      {"started_at", text(run.started_at)},
                      {"duration_ms", run.duration_ms},
                      {"strict", run.strict},
                      {"verdict", verdict(run)},
                      {"interrupted", run.interrupted},
                      {"totals", json::object{{"passed", t.passed},
                                              {"failed", t.failed},
                                              {"findings", t.findings},
                                              {"skipped", t.skipped},
                                              {"errors", t.errors}}},
                      {"cases", std::move(cases)},
                      {"logs", logs(run.logs)}};
    return json::serialize(root) + "\n";
}

}  // namespace wsgate::harness::report
