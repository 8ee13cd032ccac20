#include "report/writers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

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
    for (const auto& [name, text] : l) o[name] = text;
    return o;
}

}  // namespace

std::string to_json(const run_result& run) {
    json::array cases;
    for (const auto& c : run.cases) {
        json::array steps;
        for (const auto& s : c.steps)
            steps.push_back(json::object{{"index", s.index},
                                         {"name", s.name},
                                         {"result", outcome_name(s.result)},
                                         {"duration_ms", s.duration_ms},
                                         {"message", s.message},
                                         {"expected", s.expected},
                                         {"actual", s.actual},
                                         {"diagnosis", s.diagnosis}});
        json::array transcript;
        for (const auto& t : c.transcript)
            transcript.push_back(
                json::object{{"at_ms", t.at_ms}, {"direction", t.direction}, {"kind", t.kind}, {"text", t.text}});
        json::array tags;
        for (const auto& t : c.tags) tags.push_back(json::string(t));
        cases.push_back(json::object{{"id", c.id},
                                     {"group", c.group},
                                     {"title", c.title},
                                     {"requirement", c.requirement},
                                     {"level", level_name(c.severity)},
                                     {"tags", std::move(tags)},
                                     {"file", c.file},
                                     {"result", outcome_name(c.result)},
                                     {"skip_reason", c.skip_reason},
                                     {"duration_ms", c.duration_ms},
                                     {"steps", std::move(steps)},
                                     {"transcript", std::move(transcript)},
                                     {"handshake_ms", latency(c.handshake_ms)},
                                     {"round_trip_ms", latency(c.round_trip_ms)},
                                     {"logs", logs(c.logs)}});
    }
    const auto t = run.totals();
    json::object root{{"schema", "wsgate-report/1"},
                      {"tool_version", run.tool_version},
                      {"target", run.target},
                      {"config", run.config_path},
                      {"started_at", run.started_at},
                      {"duration_ms", run.duration_ms},
                      {"strict", run.strict},
                      {"totals", json::object{{"passed", t.passed},
                                              {"failed", t.failed},
                                              {"skipped", t.skipped},
                                              {"errors", t.errors}}},
                      {"cases", std::move(cases)},
                      {"logs", logs(run.logs)}};
    return json::serialize(root) + "\n";
}

}  // namespace wsgate::harness::report
