#include "report/comparison.hpp"
#include "report/writers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace wsgate::harness::report {

namespace json = boost::json;

namespace {

json::object figures_json(const comparison& c, const std::string& target, const std::string& transport,
                          const load_figures& f) {
    json::object values, reps, ratios, errors;
    for (const auto& [key, v] : f.values) values[key] = v;
    for (const auto& [key, list] : f.repetitions) {
        json::array a;
        for (double v : list) a.push_back(v);
        reps[key] = std::move(a);
    }
    for (const auto& m : load_metrics())
        if (auto r = ratio_to_baseline(c, target, transport, m.key)) ratios[m.key] = *r;
    for (const auto& [kind, n] : f.errors) errors[kind] = n;
    return {{"figures", values}, {"repetitions", reps}, {"ratio_to_baseline", ratios}, {"errors", errors}};
}

}  // namespace

std::string comparison_json(const comparison& c) {
    json::array targets;
    for (const auto& t : c.targets) {
        const auto totals = t.suite.totals();
        json::object load;
        for (const auto& [transport, f] : t.load) load[transport] = figures_json(c, t.target, transport, f);
        targets.push_back(json::object{
            {"name", t.target},
            {"start_error", valid_utf8(t.start_error)},
            {"suite", json::object{{"passed", totals.passed},
                                   {"failed", totals.failed},
                                   {"findings", totals.findings},
                                   {"skipped", totals.skipped},
                                   {"errors", totals.errors}}},
            {"load", load}});
    }
    json::array cases;
    for (const auto& row : conformance_matrix(c)) {
        json::object results, details;
        for (const auto& [target, o] : row.results) results[target] = outcome_name(o);
        for (const auto& [target, d] : row.details) details[target] = valid_utf8(d);
        cases.push_back(json::object{{"id", row.id},
                                     {"title", valid_utf8(row.title)},
                                     {"level", level_name(row.severity)},
                                     {"differs", row.differs},
                                     {"results", results},
                                     {"details", details}});
    }
    json::array metrics;
    for (const auto& m : load_metrics())
        metrics.push_back(json::object{
            {"key", m.key}, {"label", m.label}, {"unit", m.unit}, {"higher_is_better", m.higher_is_better}});
    json::object root{{"tool_version", c.tool_version},
                      {"started_at", c.started_at},
                      {"duration_s", c.duration_s},
                      {"repetitions", c.repetitions},
                      {"load_settings", c.load_settings},
                      {"baseline", c.baseline},
                      {"metrics", metrics},
                      {"targets", targets},
                      {"cases", cases}};
    return json::serialize(root) + "\n";
}

}  // namespace wsgate::harness::report
